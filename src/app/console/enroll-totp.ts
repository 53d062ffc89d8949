import type { Actor, ConsoleDeps } from "./ports.ts";
import type { TotpReplayGuard } from "./totp-replay-guard.ts";

/** Step 1: a fresh secret and its otpauth:// URI (shown as a QR code); nothing is stored yet. */
export function beginTotpEnrollment(deps: Pick<ConsoleDeps, "credentials">, actor: Actor): { secret: string; uri: string } {
  const secret = deps.credentials.newTotpSecret();
  return { secret, uri: deps.credentials.totpUri(secret, actor.email) };
}

/**
 * Step 2: the operator proves their app holds the secret by typing a current code; only then is the secret
 * stored (encrypted) and required at every login. An enrolled secret is never replaced from a session (a
 * stolen cookie must not be able to swap it); a lost phone is reset with `npm run operator -- reset`.
 */
export async function confirmTotpEnrollment(
  deps: ConsoleDeps & { totpReplay: TotpReplayGuard },
  options: { actor: Actor; secret: string; code: string },
): Promise<{ type: "enabled" } | { type: "wrong_code" } | { type: "already_enabled" }> {
  const operator = await deps.store.operators.findById(options.actor.id);
  if (operator?.totpSecret) return { type: "already_enabled" };
  const step = await deps.credentials.verifyTotp(options.secret, options.code, deps.clock.now());
  if (step === undefined || !deps.totpReplay.accept(options.actor.id, step)) return { type: "wrong_code" };
  await deps.store.transaction(async (tx) => {
    await tx.operators.update(options.actor.id, { totpSecret: options.secret });
    await tx.audit.record({ actor: options.actor.id, action: "console.totp_enabled", subject: options.actor.id });
  });
  return { type: "enabled" };
}
