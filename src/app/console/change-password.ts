import { AppError } from "../../core/app-error.ts";
import type { Actor, ConsoleDeps } from "./ports.ts";
import { type OpenedSession, openSession } from "./session-tokens.ts";

export interface ChangePasswordOptions {
  actor: Actor;
  currentPassword: string;
  newPassword: string;
}

export type ChangePasswordResult =
  | ({ type: "changed" } & OpenedSession)
  | { type: "rejected"; reason: "wrong_current" | "too_short" | "too_long" | "same_as_current" | "contains_email" };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Sets a new password (≥ 12 characters, not the current one, not containing the email). Every session of the
 * account ends, including this one, and a fresh session is opened: a stolen cookie dies with the old password.
 */
export async function changePassword(deps: ConsoleDeps, options: ChangePasswordOptions): Promise<ChangePasswordResult> {
  const operator = await deps.store.operators.findById(options.actor.id);
  if (!operator || operator.disabledAt) throw new AppError("UNAUTHORIZED", "account not active");
  const next = options.newPassword;
  if (!(await deps.credentials.verifyPassword(operator.passwordHash, options.currentPassword)))
    return { type: "rejected", reason: "wrong_current" };
  if ([...next].length < MIN_PASSWORD_LENGTH) return { type: "rejected", reason: "too_short" };
  if (next.length > MAX_PASSWORD_LENGTH) return { type: "rejected", reason: "too_long" };
  if (next === options.currentPassword) return { type: "rejected", reason: "same_as_current" };
  const local = operator.email.split("@")[0] ?? "";
  if (local.length >= 3 && next.toLowerCase().includes(local.toLowerCase()))
    return { type: "rejected", reason: "contains_email" };
  const passwordHash = await deps.credentials.hashPassword(next);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    await tx.operators.update(operator.id, { passwordHash, mustChangePassword: false, oneTimePasswordExpiresAt: null });
    await tx.sessions.deleteForOperator(operator.id);
    const opened = await openSession(tx, deps, operator.id, now);
    await tx.audit.record({ actor: operator.id, action: "console.password_changed", subject: operator.id });
    return { type: "changed" as const, ...opened };
  });
}
