/**
 * The channel contract's message types. Channels (web chat, Telegram, WhatsApp) turn platform updates into
 * `InboundMessage` and deliver `OutboundMessage`. Nothing platform-specific crosses this line.
 */
export type ChannelKind = "webchat" | "telegram" | "whatsapp" | "terminal";

export type InboundContent =
  | { kind: "text"; text: string }
  /** a button press: the button id as we rendered it (fingerprint + choice) */
  | { kind: "choice"; id: string }
  | { kind: "location"; latitude: number; longitude: number }
  /** a photo or document: only an opaque platform reference is kept */
  | { kind: "media"; mediaType: "photo" | "document" | "video" | "audio"; ref: string }
  /** stickers, voice notes, contacts, polls...: answered with a friendly re-ask */
  | { kind: "unsupported"; what: string };

export interface InboundMessage {
  channel: ChannelKind;
  /** raw chat address (Telegram chat id, WhatsApp jid, web chat id). Never logged or stored in clear. */
  chatRef: string;
  /** platform id of this update/message, for dedupe; undefined when the platform gives none */
  messageId?: string | undefined;
  content: InboundContent;
  /** platform language hint (e.g. Telegram's language_code), used only for a first greeting */
  languageHint?: string | undefined;
  /**
   * an opaque key of the client for abuse budgets (web chat: a keyed hash of the client address, made with a
   * key that lives only in memory). Counted in memory, never stored or logged.
   */
  clientKey?: string | undefined;
}

export interface OutboundButton {
  id: string;
  label: string;
}

export interface OutboundMessage {
  text: string;
  /** the language of the text, for a channel's own hints (e.g. WhatsApp's "reply with the number") */
  locale?: string;
  buttons?: OutboundButton[];
  /** ask the device for a location share where the platform supports it (Telegram reply keyboard) */
  requestLocation?: boolean;
}
