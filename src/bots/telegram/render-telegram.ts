import type { OutboundMessage } from "../../core/messages.ts";

export const TELEGRAM_TEXT_LIMIT = 4096;
export const CALLBACK_DATA_LIMIT = 64;

/** What one Bot API `sendMessage` needs (plain text: nothing a user typed can inject markup). */
export interface TelegramSend {
  text: string;
  reply_markup?:
    | { inline_keyboard: { text: string; callback_data: string }[][] }
    | { keyboard: ({ text: string; request_location?: boolean })[][]; resize_keyboard: true; one_time_keyboard: true; is_persistent?: false }
    | { remove_keyboard: true };
}

/** Splits a long text below Telegram's limit, at line breaks where possible, else at spaces. */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf("\n", limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(" ", limit);
    if (cut <= 0) cut = limit;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, "");
  }
  parts.push(rest);
  return parts;
}

/**
 * Renders a channel-neutral message for Telegram. Choices become an inline keyboard (one button per row,
 * big targets on small phones); a question that wants a place becomes a one-time reply keyboard with a
 * "share location" button plus the same choices as text buttons (Telegram allows one keyboard per message).
 * `removeReplyKeyboard` clears a location keyboard left from an earlier question.
 */
export function renderTelegram(message: OutboundMessage, options: { removeReplyKeyboard: boolean; locationLabel: string }): TelegramSend[] {
  const parts = splitText(message.text);
  const buttons = message.buttons ?? [];
  for (const b of buttons) {
    if (Buffer.byteLength(b.id) > CALLBACK_DATA_LIMIT) throw new Error("button id exceeds Telegram's callback_data limit");
  }
  let markup: TelegramSend["reply_markup"];
  if (message.requestLocation) {
    markup = {
      keyboard: [[{ text: options.locationLabel, request_location: true }], ...buttons.map((b) => [{ text: b.label }])],
      resize_keyboard: true,
      one_time_keyboard: true,
    };
  } else if (buttons.length) {
    markup = { inline_keyboard: buttons.map((b) => [{ text: b.label, callback_data: b.id }]) };
  } else if (options.removeReplyKeyboard) {
    markup = { remove_keyboard: true };
  }
  return parts.map((text, i) => (i === parts.length - 1 && markup ? { text, reply_markup: markup } : { text }));
}
