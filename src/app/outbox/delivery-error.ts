/**
 * Thrown by a channel's sender. `permanent` means retrying cannot help (the person blocked the bot, the chat
 * no longer exists); otherwise the message is retried with backoff, honouring `retryAfterMs` (HTTP 429).
 */
export class DeliveryError extends Error {
  override name = "DeliveryError";
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function isDeliveryError(value: unknown): value is DeliveryError {
  return value instanceof Error && value.name === "DeliveryError";
}
