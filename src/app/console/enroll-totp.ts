import type { Actor, ConsoleDeps } from "./ports.ts";
import type { TotpReplayGuard } from "./totp-replay-guard.ts";

/** Step 1: a fresh secret and its otpauth:// URI (shown as a QR code); nothing is stored yet. */
export function beginTotpEnrollment(deps: Pick<ConsoleDeps, "credentials">, actor: Actor): { secret: string; uri: string } {
  const secret = deps.credentials.newTotpSecret();
  return { secret, uri: deps.credentials.totpUri(secret, actor.email) };
}

/**
 * Step 2: the operator proves they know the account's password and that their app holds the secret by
 * typing a current code; only then is the secret stored (encrypted) and required at every login. A stolen
 * session cookie alone can therefore not enrol an attacker's authenticator (which would lock the owner out),
 * and an enrolled secret is never replaced from a session; a lost phone is reset with `npm run operator --
 * reset`.
 */
export async function confirmTotpEnrollment(
  deps: ConsoleDeps & { totpReplay: TotpReplayGuard },
  options: { actor: Actor; password: string; secret: string; code: string },
): Promise<{ type: "enabled" } | { type: "wrong_code" } | { type: "wrong_password" } | { type: "already_enabled" }> {
  const operator = await deps.store.operators.findById(options.actor.id);
  if (!operator) return { type: "wrong_password" };
  if (operator.totpSecret) return { type: "already_enabled" };
  if (!(await deps.credentials.verifyPassword(operator.passwordHash, options.password))) {
    await deps.store.audit.record({ actor: options.actor.id, action: "console.totp_password_wrong", subject: options.actor.id });
    return { type: "wrong_password" };
  }
  const step = await deps.credentials.verifyTotp(options.secret, options.code, deps.clock.now());
  if (step === undefined || !deps.totpReplay.accept(options.actor.id, step)) return { type: "wrong_code" };
  await deps.store.transaction(async (tx) => {
    await tx.operators.update(options.actor.id, { totpSecret: options.secret });
    await tx.audit.record({ actor: options.actor.id, action: "console.totp_enabled", subject: options.actor.id });
  });
  return { type: "enabled" };
}
