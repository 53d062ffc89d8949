import type { OutboundMessage } from "../../core/messages.ts";
import { isSkipButtonId } from "../../flows/engine/fingerprint.ts";

/** The channel's own hints, already in the message's language. */
export interface WhatsAppHints {
  replyWithNumber(max: number): string;
  shareLocation: string;
  skipHint(word: string): string;
}

const KEYCAPS = ["0️⃣", "1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"];

/**
 * Renders a channel-neutral message as WhatsApp text. Buttons are unreliable for accounts that are not
 * WhatsApp Business API, so choices become a numbered menu ("1️⃣ Español") and the person answers with the
 * number, which the engine reads ("1", "1.", "uno", "1️⃣"); the skip button of an optional question comes
 * last. A question that only offers "skip" gets a line saying which word skips it, and a question that
 * wants a place says how to share a location (WhatsApp has no location button for bots).
 */
export function renderWhatsApp(message: OutboundMessage, hints: WhatsAppHints): string {
  const buttons = message.buttons ?? [];
  const lines = [message.text];
  const onlySkip = buttons.length === 1 && isSkipButtonId(buttons[0]!.id);
  if (buttons.length && !onlySkip) {
    lines.push("", ...buttons.map((b, i) => `${menuNumber(i + 1)} ${b.label}`), "", hints.replyWithNumber(buttons.length));
  }
  const notes = [
    ...(message.requestLocation ? [hints.shareLocation] : []),
    ...(onlySkip ? [hints.skipHint(buttons[0]!.label)] : []),
  ];
  if (notes.length) lines.push("", ...notes);
  return lines.join("\n");
}

function menuNumber(n: number): string {
  return n < KEYCAPS.length ? KEYCAPS[n]! : `${n}.`;
}
