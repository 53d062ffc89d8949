import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/logger.ts";
import type { ChannelKind, OutboundMessage } from "../../core/messages.ts";
import type { PendingOutbox, Store } from "../ports.ts";
import { isDeliveryError } from "./delivery-error.ts";

/** Pushes one message to a raw chat address; throws DeliveryError (or anything: treated as transient). */
export interface MessageSender {
  send(address: string, message: OutboundMessage): Promise<void>;
  /**
   * false while the channel cannot send at all (WhatsApp reconnecting): nothing is tried or counted as a
   * failed attempt, so an outage of any length loses nothing; the channel calls `flushDue` when it is back
   */
  ready?(): boolean;
}

export interface OutboxDispatcherDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  locks: { run<T>(key: string, work: () => Promise<T>): Promise<T> };
  /** give up after this many attempts (default 25 ≈ a day of exponential backoff capped at 1 h) */
  maxAttempts?: number;
}

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60 * 60_000;

/**
 * Delivers the outbox: messages are stored in the same transaction as the change that produced them (a case
 * code, an operator reply) and sent from here, in order per conversation, with exponential backoff and jitter.
 * A message recorded as sent is never sent again; a crash between send and record may repeat at most that one
 * message (at-least-once), never lose it.
 */
export class OutboxDispatcher {
  private readonly senders = new Map<ChannelKind, MessageSender>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly deps: OutboxDispatcherDeps) {}

  register(channel: ChannelKind, sender: MessageSender): void {
    this.senders.set(channel, sender);
  }

  has(channel: ChannelKind): boolean {
    return this.senders.has(channel);
  }

  /**
   * Sends messages that must leave no trace (the replies to "borrar", whose conversation no longer exists):
   * one try each, nothing stored, stops at the first failure.
   */
  async sendUnstored(channel: ChannelKind, address: string, messages: OutboundMessage[]): Promise<void> {
    const sender = this.senders.get(channel);
    if (!sender) return;
    for (const message of messages) {
      try {
        await sender.send(address, message);
      } catch {
        this.deps.logger.warn({ channel }, "unstored message not delivered");
        return;
      }
    }
  }

  /** Sends what is pending for one conversation, oldest first; stops at the first failure to keep order. */
  flushConversation(conversationId: string): Promise<number> {
    return this.deps.locks.run(`send:${conversationId}`, async () => {
      const pending = await this.deps.store.outbox.pendingFor(conversationId);
      const now = this.deps.clock.now();
      let sent = 0;
      for (const entry of pending) {
        const sender = this.senders.get(entry.channel);
        if (!sender) return sent; // e.g. web chat: handed over when the page asks
        if (sender.ready && !sender.ready()) return sent; // the channel is down: wait, don't spend attempts
        if (entry.nextAttemptAt > now) return sent; // backing off after a failure
        const ok = await this.deliver(sender, entry);
        if (!ok) return sent;
        sent++;
      }
      return sent;
    });
  }

  /** One pass over everything due (after restarts, for retries, for operator messages). */
  async flushDue(limit = 200): Promise<void> {
    const due = await this.deps.store.outbox.due(this.deps.clock.now(), limit);
    const sendable = (e: PendingOutbox) => {
      const sender = this.senders.get(e.channel);
      return sender !== undefined && (sender.ready?.() ?? true);
    };
    const conversations = [...new Set(due.filter(sendable).map((e) => e.conversationId))];
    await Promise.all(conversations.map((id) => this.flushConversation(id)));
  }

  /** Sweeps the outbox every `intervalMs` until stopped (the first sweep runs at once: recovery at start-up). */
  start(intervalMs = 2_000): void {
    const tick = () => {
      this.sweeping = this.flushDue()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, "outbox sweep failed"))
        .finally(() => {
          this.sweeping = undefined;
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  private async deliver(sender: MessageSender, entry: PendingOutbox): Promise<boolean> {
    const address = await this.deps.store.chatAddresses.get(entry.conversationId);
    const now = this.deps.clock.now();
    if (!address) {
      // The conversation was wiped ("borrar"): there is nobody to deliver to.
      await this.deps.store.outbox.markRetry(entry.id, now, true);
      return true;
    }
    try {
      await sender.send(address.address, entry.message);
      await this.deps.store.outbox.markSent(entry.id, this.deps.clock.now());
      return true;
    } catch (error) {
      const attempts = entry.attempts + 1;
      const permanent = isDeliveryError(error) && error.permanent;
      const giveUp = permanent || attempts >= (this.deps.maxAttempts ?? 25);
      const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempts - 1));
      const retryAfter = isDeliveryError(error) ? (error.retryAfterMs ?? 0) : 0;
      const delay = Math.max(backoff * (0.5 + Math.random() / 2), retryAfter);
      await this.deps.store.outbox.markRetry(entry.id, new Date(now.getTime() + delay), giveUp);
      this.deps.logger.warn(
        { channel: entry.channel, attempts, permanent, giveUp, delayMs: Math.round(delay) },
        "outbound message not delivered",
      );
      return false;
    }
  }
}
