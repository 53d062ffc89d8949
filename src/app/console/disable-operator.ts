import { AppError } from "../../core/app-error.ts";
import { normalizeEmail } from "./create-operator.ts";
import type { ConsoleDeps } from "./ports.ts";

export interface DisableOperatorOptions {
  email: string;
  actor: string;
}

/**
 * Disables an account and ends its sessions at once (the next request is anonymous). The row stays so the
 * audit log keeps naming who did what.
 * @throws AppError NOT_FOUND when there is no such account.
 */
export async function disableOperator(deps: ConsoleDeps, options: DisableOperatorOptions): Promise<void> {
  const email = normalizeEmail(options.email);
  await deps.store.transaction(async (tx) => {
    const operator = await tx.operators.findByEmail(email);
    if (!operator) throw new AppError("NOT_FOUND", "no account with this email");
    await tx.operators.update(operator.id, { disabledAt: operator.disabledAt ?? deps.clock.now() });
    await tx.sessions.deleteForOperator(operator.id);
    await tx.audit.record({ actor: options.actor, action: "operator.disabled", subject: operator.id });
  });
}
