import { AppError } from "../../core/app-error.ts";
import { normalizeEmail } from "./create-operator.ts";
import type { ConsoleDeps } from "./ports.ts";

export interface ResetOperatorPasswordOptions {
  email: string;
  actor: string;
  /** also forget the TOTP secret (a lost phone) */
  resetTotp?: boolean;
  /** re-enable a disabled account (never implied: a disabled account stays disabled unless asked) */
  enable?: boolean;
}

/**
 * Gives an account a new one-time password (to change at next login, within the one-time password's
 * lifetime) and ends its sessions. A disabled account stays disabled unless `enable` is set.
 * @throws AppError NOT_FOUND when there is no such account.
 */
export async function resetOperatorPassword(
  deps: ConsoleDeps,
  options: ResetOperatorPasswordOptions,
): Promise<{ oneTimePassword: string; disabled: boolean }> {
  const email = normalizeEmail(options.email);
  const oneTimePassword = deps.credentials.newPassword();
  const passwordHash = await deps.credentials.hashPassword(oneTimePassword);
  const disabled = await deps.store.transaction(async (tx) => {
    const operator = await tx.operators.findByEmail(email);
    if (!operator) throw new AppError("NOT_FOUND", "no account with this email");
    await tx.operators.update(operator.id, {
      passwordHash,
      mustChangePassword: true,
      oneTimePasswordExpiresAt: new Date(deps.clock.now().getTime() + deps.settings.oneTimePasswordTtlMs),
      ...(options.enable ? { disabledAt: null } : {}),
      ...(options.resetTotp ? { totpSecret: null } : {}),
    });
    await tx.sessions.deleteForOperator(operator.id);
    await tx.audit.record({
      actor: options.actor,
      action: "operator.password_reset",
      subject: operator.id,
      details: { totpReset: !!options.resetTotp, enabled: !!options.enable && !!operator.disabledAt },
    });
    return !!operator.disabledAt && !options.enable;
  });
  return { oneTimePassword, disabled };
}
