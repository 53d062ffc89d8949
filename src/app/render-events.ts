import type { OutboundMessage } from "../core/messages.ts";
import type { EngineEvent, TextRef } from "../flows/engine/types.ts";
import type { Translator } from "../i18n/i18n.ts";

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
    if (event.type === "message_sent") out.push(renderMessage(event, current, translator));
  }
  return out;
}

function renderMessage(
  event: Extract<EngineEvent, { type: "message_sent" }>,
  locale: string,
  translator: Translator,
): OutboundMessage {
  const t = (ref: TextRef) => translator.t(locale, ref.key, ref.params);
  const lines = [t(event.text), ...(event.items ?? []).map((item) => `• ${t(item)}`)];
  const message: OutboundMessage = { text: lines.join("\n"), locale };
  if (event.buttons?.length) message.buttons = event.buttons.map((b) => ({ id: b.id, label: t(b.label) }));
  if (event.expects === "location") message.requestLocation = true;
  return message;
}
