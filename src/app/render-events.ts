import type { OutboundMessage } from "../core/messages.ts";
import type { EngineEvent, TextRef } from "../flows/engine/types.ts";
import type { Translator } from "../i18n/i18n.ts";

/** Messages stay short on small screens: a list that would run longer continues in the next message. */
export const MAX_MESSAGE_CHARS = 400;

/**
 * Turns the engine's message events into channel-neutral messages. `locale` is the language at the start of
 * the turn; a `locale_changed` event switches the language for the messages after it.
 */
export function renderEvents(
  events: EngineEvent[],
  locale: string,
  translator: Translator,
): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  let current = locale;
  for (const event of events) {
    if (event.type === "locale_changed") current = event.locale;
    if (event.type === "message_sent") out.push(...renderMessage(event, current, translator));
  }
  return out;
}

function renderMessage(
  event: Extract<EngineEvent, { type: "message_sent" }>,
  locale: string,
  translator: Translator,
): OutboundMessage[] {
  const t = (ref: TextRef) => translator.t(locale, ref.key, ref.params);
  const items = (event.items ?? []).map((item) => `• ${t(item)}`);
  // The text, then as many list lines as fit; the rest of the list follows in more messages.
  const texts: string[] = [];
  let currentText = t(event.text);
  for (const item of items) {
    if (currentText && currentText.length + 1 + item.length > MAX_MESSAGE_CHARS) {
      texts.push(currentText);
      currentText = item;
    } else {
      currentText = currentText ? `${currentText}\n${item}` : item;
    }
  }
  texts.push(currentText);
  return texts.map((text, i) => {
    const message: OutboundMessage = { text, locale };
    if (i < texts.length - 1) return message;
    // buttons and the location request ride on the last part, next to where the person will answer
    if (event.buttons?.length) message.buttons = event.buttons.map((b) => ({ id: b.id, label: t(b.label) }));
    if (event.expects === "location") message.requestLocation = true;
    return message;
  });
}
