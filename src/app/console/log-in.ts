import { normalizeEmail } from "./create-operator.ts";
import type { Actor, ConsoleDeps } from "./ports.ts";
import { type OpenedSession, openSession } from "./session-tokens.ts";
import type { TotpReplayGuard } from "./totp-replay-guard.ts";

export interface LogInOptions {
  email: string;
  password: string;
  /** the 6-digit code, for accounts with TOTP */
  totpCode?: string | undefined;
  /** the token of a session this browser already had: ended, so a login always starts a new session */
  previousToken?: string | undefined;
}

export type LogInResult =
  | ({
      type: "ok";
      actor: Actor;
      /** first login (one-time password) or after a reset */
      mustChangePassword: boolean;
      /** an admin without TOTP while CONSOLE_REQUIRE_TOTP=1 */
      mustEnrollTotp: boolean;
    } & OpenedSession)
  /** right password, the account has TOTP: ask for the code (`wrongCode` when one was given and failed) */
  | { type: "totp_required"; wrongCode: boolean }
  /** unknown account, wrong password or disabled: one answer for all */
  | { type: "rejected" };

/**
 * Checks email + password (+ TOTP) and opens a new session. Every success and failure is audited; a failure
 * never records what was typed (a password typed into the email field must not end up in the log).
 */
export async function logIn(
  deps: ConsoleDeps & { totpReplay: TotpReplayGuard },
  options: LogInOptions,
): Promise<LogInResult> {
  const now = deps.clock.now();
  const email = normalizeEmail(options.email);
  const operator = email ? await deps.store.operators.findByEmail(email) : undefined;
  const fail = async (reason: string, operatorId?: string): Promise<{ type: "rejected" }> => {
    await deps.store.audit.record({
      actor: operatorId ?? "anonymous",
      action: "console.login_failed",
      subject: operatorId,
      details: { reason },
    });
    return { type: "rejected" };
  };
  if (!operator) {
    await deps.credentials.burnTime(options.password);
    return fail("unknown_account");
  }
  const passwordOk = await deps.credentials.verifyPassword(operator.passwordHash, options.password);
  if (operator.disabledAt) return fail("disabled", operator.id);
  if (!passwordOk) return fail("bad_password", operator.id);
  // a one-time password left unused (a forgotten letter, a leaked message) stops working: an admin resets it
  if (operator.mustChangePassword && operator.oneTimePasswordExpiresAt && now > operator.oneTimePasswordExpiresAt)
    return fail("one_time_password_expired", operator.id);
  if (operator.totpSecret) {
    const code = options.totpCode?.trim();
    if (!code) return { type: "totp_required", wrongCode: false };
    const step = await deps.credentials.verifyTotp(operator.totpSecret, code, now);
    if (step === undefined || !deps.totpReplay.accept(operator.id, step)) {
      await fail("bad_totp", operator.id);
      return { type: "totp_required", wrongCode: true };
    }
  }
  const opened = await deps.store.transaction(async (tx) => {
    await tx.sessions.deleteExpired(now);
    if (options.previousToken) await tx.sessions.delete(deps.credentials.digest(options.previousToken));
    const session = await openSession(tx, deps, operator.id, now);
    await tx.audit.record({ actor: operator.id, action: "console.login", subject: operator.id });
    return session;
  });
  return {
    type: "ok",
    ...opened,
    actor: { id: operator.id, email: operator.email, role: operator.role },
    mustChangePassword: operator.mustChangePassword,
    mustEnrollTotp: mustEnrollTotp(deps, operator),
  };
}

/** Admins must have TOTP when the deployment requires it. */
export function mustEnrollTotp(
  deps: Pick<ConsoleDeps, "settings">,
  operator: { role: Actor["role"]; totpSecret: string | undefined },
): boolean {
  return deps.settings.requireTotpForAdmins && operator.role === "admin" && !operator.totpSecret;
}
