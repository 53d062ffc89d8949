import { DisconnectReason } from "@whiskeysockets/baileys";

export type ReconnectDecision =
  /** open a new socket after `delayMs`; `clearAuth`: start over with fresh credentials (a new QR) */
  | { action: "reconnect"; delayMs: number; clearAuth: boolean; reason: string }
  /** stay disconnected until an admin acts; `clearAuth`: the stored session is useless now */
  | { action: "stop"; clearAuth: boolean; reason: string; instruction: string };

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0..1, injected so tests are deterministic */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 5 * 60_000, random: Math.random };

/**
 * What to do when WhatsApp closes the connection (`connection.update` with `connection: "close"`), from the
 * status code Baileys puts in `lastDisconnect.error` and how many closes in a row came before (`attempt`, 1
 * for the first). Restart-required is part of pairing: reconnect at once. Logged out, replaced by another
 * WhatsApp Web session, or forbidden: stop (reconnecting would loop or fight the other session). A bad
 * session: forget it and pair again. Anything else (network down, timeouts, server trouble): retry with
 * exponential backoff and jitter, capped, forever — the service must stay up and keep trying.
 */
export function decideReconnect(statusCode: number | undefined, attempt: number, backoff: BackoffOptions = DEFAULT_BACKOFF): ReconnectDecision {
  switch (statusCode) {
    case DisconnectReason.restartRequired:
      return { action: "reconnect", delayMs: 0, clearAuth: false, reason: "restart_required" };
    case DisconnectReason.loggedOut:
      return {
        action: "stop",
        clearAuth: true,
        reason: "logged_out",
        instruction: "WhatsApp logged this device out. Pair again: restart the service (or use «Pair again» in the console, WhatsApp page) and scan the new QR code.",
      };
    case DisconnectReason.connectionReplaced:
      return {
        action: "stop",
        clearAuth: false,
        reason: "connection_replaced",
        instruction: "Another WhatsApp Web session took over this number. Close it, then restart the service (or use «Reconnect» in the console).",
      };
    case DisconnectReason.forbidden:
      return {
        action: "stop",
        clearAuth: false,
        reason: "forbidden",
        instruction: "WhatsApp refused this account (it may be banned or restricted). Check the phone; do not reconnect in a loop.",
      };
    case DisconnectReason.multideviceMismatch:
      return {
        action: "stop",
        clearAuth: true,
        reason: "multidevice_mismatch",
        instruction: "WhatsApp needs this device to be paired again: restart the service and scan the new QR code.",
      };
    case DisconnectReason.badSession:
      return { action: "reconnect", delayMs: backoffDelay(attempt, backoff), clearAuth: true, reason: "bad_session" };
    default:
      return { action: "reconnect", delayMs: backoffDelay(attempt, backoff), clearAuth: false, reason: statusCode ? `closed_${statusCode}` : "closed" };
  }
}

/** Exponential backoff with "equal jitter": between half and all of min(max, base·2^(attempt−1)). */
export function backoffDelay(attempt: number, { baseMs, maxMs, random }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
