import type { ChannelKind } from "../core/messages.ts";

export type {
  ChannelKind,
  InboundContent,
  InboundMessage,
  OutboundButton,
  OutboundMessage,
} from "../core/messages.ts";

/**
 * The adapter contract. A channel turns platform updates into `InboundMessage`s for the app (one at a time per
 * conversation, with the platform's message id for dedupe) and delivers `OutboundMessage`s: buttons as
 * buttons (Telegram), numbered text menus (WhatsApp), or JSON (web chat).
 */
export interface ChannelAdapter {
  readonly kind: ChannelKind;
  start(): Promise<void>;
  /** stop receiving, finish in-flight updates */
  stop(): Promise<void>;
}

/** Pushes one message to a raw chat address (the outbox dispatcher's sender port). */
export type { MessageSender } from "../app/outbox/outbox-dispatcher.ts";
