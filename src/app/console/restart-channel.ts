import { AppError } from "../../core/app-error.ts";
import { assertRole } from "./assert-role.ts";
import type { Actor, ConsoleDeps } from "./ports.ts";

/** A channel connection an admin can restart (WhatsApp after a logout, a takeover or a ban warning). */
export interface RestartableChannel {
  restart(options: { clearAuth: boolean }): Promise<void>;
}

export interface RestartChannelOptions {
  actor: Actor;
  channel: RestartableChannel | undefined;
  /** forget the paired device first: the next connection shows a new QR code */
  clearAuth: boolean;
}

/**
 * Admins reconnect the WhatsApp channel, or unpair it and pair again. Audited, because pairing decides
 * which phone number speaks for the service.
 * @throws AppError FORBIDDEN for non-admins, NOT_FOUND when the channel is not enabled.
 */
export async function restartChannel(deps: Pick<ConsoleDeps, "store">, options: RestartChannelOptions): Promise<void> {
  assertRole(options.actor, "admin");
  if (!options.channel) throw new AppError("NOT_FOUND", "channel not enabled");
  await deps.store.audit.record({
    actor: options.actor.id,
    action: options.clearAuth ? "whatsapp.unpaired" : "whatsapp.reconnected",
  });
  await options.channel.restart({ clearAuth: options.clearAuth });
}
