import type { Update } from "grammy/types";
import type { InboundContent, InboundMessage } from "../../core/messages.ts";

export type MappedUpdate =
  | { kind: "inbound"; inbound: InboundMessage; callbackQueryId?: string; pressedMessageId?: number }
  | { kind: "group"; chatId: number }
  | { kind: "edited"; chatId: number }
  | { kind: "ignore" };

/**
 * Turns a Telegram update into our inbound message. The update id is the dedupe key, so a redelivered update
 * (same update_id, e.g. after a restart) has no second effect. Photos (and images sent as files) carry their
 * file_id only until the channel has downloaded them (bots/photo-intake.ts); stickers, voice notes and the like
 * become "unsupported" (answered with a friendly re-ask).
 */
export function mapUpdate(update: Update): MappedUpdate {
  if (update.edited_message) return { kind: "edited", chatId: update.edited_message.chat.id };
  const messageId = String(update.update_id);
  if (update.callback_query) {
    const q = update.callback_query;
    const chat = q.message?.chat;
    if (!chat) return { kind: "ignore" };
    if (chat.type !== "private") return { kind: "group", chatId: chat.id };
    return {
      kind: "inbound",
      inbound: { channel: "telegram", chatRef: String(chat.id), messageId, content: { kind: "choice", id: q.data ?? "" }, languageHint: q.from.language_code },
      callbackQueryId: q.id,
      ...(q.message ? { pressedMessageId: q.message.message_id } : {}),
    };
  }
  const m = update.message;
  if (!m) return { kind: "ignore" };
  if (m.chat.type !== "private") return { kind: "group", chatId: m.chat.id };
  let content: InboundContent;
  if (m.text !== undefined) content = { kind: "text", text: m.text };
  else if (m.location) content = { kind: "location", latitude: m.location.latitude, longitude: m.location.longitude };
  else if (m.photo?.length) content = { kind: "media", mediaType: "photo", ref: m.photo.at(-1)!.file_id };
  // a photo sent "as a file" keeps its EXIF: it goes through the same pipeline as a photo
  else if (m.document) content = { kind: "media", mediaType: m.document.mime_type?.startsWith("image/") ? "photo" : "document", ref: m.document.file_id };
  else if (m.video) content = { kind: "media", mediaType: "video", ref: m.video.file_id };
  else content = { kind: "unsupported", what: m.sticker ? "sticker" : m.voice ? "voice" : m.contact ? "contact" : "other" };
  return {
    kind: "inbound",
    inbound: { channel: "telegram", chatRef: String(m.chat.id), messageId, content, languageHint: m.from?.language_code },
  };
}
