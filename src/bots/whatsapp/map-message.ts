import {
  getContentType,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  jidNormalizedUser,
  normalizeMessageContent,
  type WAMessage,
} from "@whiskeysockets/baileys";
import type { InboundContent, InboundMessage } from "../../core/messages.ts";

/** WhatsApp allows 65,536 characters; nobody types more than this to a bot, and the engine caps answers. */
const MAX_TEXT = 4096;

export type MappedWhatsAppMessage =
  | { kind: "inbound"; inbound: InboundMessage }
  | { kind: "skip"; reason: SkipReason };

export type SkipReason = "from_me" | "group" | "broadcast" | "no_id" | "protocol" | "reaction" | "empty" | "too_old";

/**
 * Turns one Baileys message into our inbound message, or says why it is skipped: our own messages, groups,
 * broadcasts and status, channels (newsletters), protocol messages (deletes, edits, key shares), reactions,
 * and messages older than `maxAgeMs` (offline backlog older than the dedupe records could be a repeat).
 *
 * The chat address is the jid Baileys gives (a LID `…@lid` when WhatsApp hides the number; preferred when
 * both are known so one person keeps one conversation). It is only used to reply: the app stores it
 * encrypted and knows the conversation by an HMAC of it. The message key id is the dedupe key.
 */
export function mapWhatsAppMessage(message: WAMessage, now: Date, maxAgeMs: number): MappedWhatsAppMessage {
  const key = message.key;
  if (key.fromMe) return skip("from_me");
  const remote = key.remoteJid ?? "";
  if (isJidGroup(remote)) return skip("group");
  if (!remote || isJidStatusBroadcast(remote) || isJidBroadcast(remote) || isJidNewsletter(remote)) return skip("broadcast");
  if (!key.id) return skip("no_id");
  const sentAt = Number(message.messageTimestamp ?? 0) * 1000;
  if (sentAt > 0 && now.getTime() - sentAt > maxAgeMs) return skip("too_old");

  const content = normalizeMessageContent(message.message);
  const type = getContentType(content);
  if (!content || !type) return skip("empty");
  if (type === "protocolMessage" || type === "senderKeyDistributionMessage" || type === "messageContextInfo") return skip("protocol");
  if (type === "reactionMessage" || type === "pollUpdateMessage" || type === "keepInChatMessage") return skip("reaction");

  return {
    kind: "inbound",
    inbound: { channel: "whatsapp", chatRef: replyAddress(remote, key.remoteJidAlt), messageId: key.id, content: contentOf(content, type, key.id) },
  };
}

function skip(reason: SkipReason): MappedWhatsAppMessage {
  return { kind: "skip", reason };
}

function replyAddress(remoteJid: string, alt: string | undefined): string {
  const chosen = !isLidUser(remoteJid) && alt && isLidUser(alt) ? alt : remoteJid;
  return jidNormalizedUser(chosen);
}

type Content = NonNullable<ReturnType<typeof normalizeMessageContent>>;

function contentOf(c: Content, type: keyof Content, id: string): InboundContent {
  switch (type) {
    case "conversation":
      return text(c.conversation);
    case "extendedTextMessage":
      return text(c.extendedTextMessage?.text);
    // replies to interactive messages other clients may still show: their visible text is the answer
    case "buttonsResponseMessage":
      return text(c.buttonsResponseMessage?.selectedDisplayText);
    case "listResponseMessage":
      return text(c.listResponseMessage?.title);
    case "templateButtonReplyMessage":
      return text(c.templateButtonReplyMessage?.selectedDisplayText);
    case "locationMessage":
      return location(c.locationMessage?.degreesLatitude, c.locationMessage?.degreesLongitude);
    case "liveLocationMessage":
      return location(c.liveLocationMessage?.degreesLatitude, c.liveLocationMessage?.degreesLongitude);
    // media: the channel downloads photos (whatsapp-channel.ts) and replaces this reference by media:<id>
    case "imageMessage":
      return { kind: "media", mediaType: "photo", ref: `whatsapp:${id}` };
    case "documentMessage":
      // an image sent "as a document" keeps its EXIF: it goes through the photo pipeline too
      return { kind: "media", mediaType: c.documentMessage?.mimetype?.startsWith("image/") ? "photo" : "document", ref: `whatsapp:${id}` };
    case "documentWithCaptionMessage":
      return { kind: "media", mediaType: "document", ref: `whatsapp:${id}` };
    case "videoMessage":
      return { kind: "media", mediaType: "video", ref: `whatsapp:${id}` };
    case "audioMessage":
      return { kind: "unsupported", what: "voice" };
    case "stickerMessage":
      return { kind: "unsupported", what: "sticker" };
    case "contactMessage":
    case "contactsArrayMessage":
      return { kind: "unsupported", what: "contact" };
    default:
      return { kind: "unsupported", what: "other" };
  }
}

function text(value: string | null | undefined): InboundContent {
  return { kind: "text", text: (value ?? "").slice(0, MAX_TEXT) };
}

function location(latitude: number | null | undefined, longitude: number | null | undefined): InboundContent {
  const valid = (v: number | null | undefined, limit: number): v is number => typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= limit;
  return valid(latitude, 90) && valid(longitude, 180) ? { kind: "location", latitude, longitude } : { kind: "unsupported", what: "location" };
}
