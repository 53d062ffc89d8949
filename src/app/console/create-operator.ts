import { AppError } from "../../core/app-error.ts";
import type { ConsoleDeps, Operator, Role } from "./ports.ts";

export interface CreateOperatorOptions {
  email: string;
  role: Role;
  /** who ran it ("cli" or an admin's id) */
  actor: string;
}

export interface CreatedOperator {
  operator: Operator;
  /** shown once; the operator must change it at first login */
  oneTimePassword: string;
}

/**
 * Creates a console account with a random one-time password (there are no default credentials).
 * @throws AppError CONFLICT when the email already has an account.
 */
export async function createOperator(deps: ConsoleDeps, options: CreateOperatorOptions): Promise<CreatedOperator> {
  const email = normalizeEmail(options.email);
  const oneTimePassword = deps.credentials.newPassword();
  const passwordHash = await deps.credentials.hashPassword(oneTimePassword);
  const operator = await deps.store.transaction(async (tx) => {
    if (await tx.operators.findByEmail(email)) throw new AppError("CONFLICT", "an account with this email exists");
    const created = await tx.operators.create({
      id: deps.newId(),
      email,
      role: options.role,
      passwordHash,
      oneTimePasswordExpiresAt: new Date(deps.clock.now().getTime() + deps.settings.oneTimePasswordTtlMs),
      createdAt: deps.clock.now(),
    });
    await tx.audit.record({ actor: options.actor, action: "operator.created", subject: created.id, details: { role: created.role } });
    return created;
  });
  return { operator, oneTimePassword };
}

/** Emails are compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
