import { randomUUID } from "node:crypto";
import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/logger.ts";
import type { ChannelKind, OutboundMessage } from "../../core/messages.ts";
import type { OutboxClaim, OutboxRepo, PendingOutbox, Store } from "../ports.ts";
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

/**
 * A turn's replies, stored already claimed by this instance (`OutboxRepo.enqueueClaimed`), with the address
 * the person wrote from: sent without reading either back from the database.
 */
export interface OutboxHandover {
  entries: PendingOutbox[];
  address: string;
}

export interface OutboxDispatcherDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  locks: { run<T>(key: string, work: () => Promise<T>): Promise<T> };
  /** give up after this many attempts (default 25 ≈ a day of exponential backoff capped at 1 h) */
  maxAttempts?: number;
  /** this instance's name in outbox claims (default: random, one per process) */
  owner?: string;
  /**
   * how long a claim holds (default 60 s). Longer than any one send (a 429 is waited out for up to 30 s);
   * when an instance dies holding claims, another one sends those messages after this.
   */
  leaseMs?: number;
}

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60 * 60_000;
const DEFAULT_LEASE_MS = 60_000;

/**
 * Delivers the outbox: messages are stored in the same transaction as the change that produced them (a case
 * code, an operator reply) and sent from here, in order per conversation, with exponential backoff and jitter.
 *
 * Several instances may share the database: before sending, an instance claims the conversation's messages
 * for a while (a lease, outbox.claim) and sends only those it holds, oldest first, stopping at the first one
 * it does not hold; so each message goes out once and in order. A message recorded as sent is never sent
 * again; a crash between a send and its record repeats at most that one message (at-least-once), never
 * loses it: the claim expires and another instance (or the restarted one) sends it.
 */
export class OutboxDispatcher {
  private readonly senders = new Map<ChannelKind, MessageSender>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  readonly owner: string;
  private readonly leaseMs: number;
  private marks: { ids: string[]; written: Promise<void> } | undefined;

  constructor(private readonly deps: OutboxDispatcherDeps) {
    this.owner = deps.owner ?? randomUUID();
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  }

  register(channel: ChannelKind, sender: MessageSender): void {
    this.senders.set(channel, sender);
  }

  has(channel: ChannelKind): boolean {
    return this.senders.has(channel);
  }

  /**
   * Sends messages that must leave no trace (the replies to "borrar", whose conversation no longer exists):
   * one try each, nothing stored, stops at the first failure. With `conversationId`, after the replies of
   * that conversation's earlier turns still being sent (the goodbye comes last).
   */
  sendUnstored(channel: ChannelKind, address: string, messages: OutboundMessage[], conversationId?: string): Promise<void> {
    const send = async () => {
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
    };
    return conversationId ? this.deps.locks.run(`send:${conversationId}`, send) : send();
  }

  /**
   * A claim for a turn to store its replies with (`OutboxRepo.enqueueClaimed`), so that they can be handed
   * over here at once; undefined while the channel cannot send (they are then stored unclaimed and wait).
   */
  claimFor(channel: ChannelKind): OutboxClaim | undefined {
    const sender = this.senders.get(channel);
    if (!sender || (sender.ready && !sender.ready())) return undefined;
    const now = this.deps.clock.now();
    return { owner: this.owner, now, until: new Date(now.getTime() + this.leaseMs) };
  }

  /**
   * Sends what is pending for one conversation, oldest first; stops at the first failure to keep order.
   * `handover`: the turn's own replies, already claimed (nothing of the conversation was pending before them).
   */
  flushConversation(conversationId: string, handover?: OutboxHandover): Promise<number> {
    return this.deps.locks.run(`send:${conversationId}`, () => this.sendClaimed(conversationId, handover));
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

  private claim(conversationId: string, outbox: OutboxRepo = this.deps.store.outbox): Promise<PendingOutbox[]> {
    const now = this.deps.clock.now();
    return outbox.claim(conversationId, { owner: this.owner, now, until: new Date(now.getTime() + this.leaseMs) });
  }

  private holds(entry: PendingOutbox, now: Date): boolean {
    return entry.claimedBy === this.owner && entry.claimedUntil !== undefined && entry.claimedUntil > now;
  }

  private async sendClaimed(conversationId: string, handover: OutboxHandover | undefined): Promise<number> {
    // the claim and the address in one transaction, unless the turn handed both over
    const first = handover
      ? { claimed: handover.entries, address: { address: handover.address } }
      : await this.deps.store.transaction(async (tx) => {
          const claimed = await this.claim(conversationId, tx.outbox);
          const mine = claimed.some((e) => e.claimedBy === this.owner);
          return { claimed, address: mine ? await tx.chatAddresses.get(conversationId) : undefined };
        });
    let pending = first.claimed;
    let sent = 0;
    let stoppedEarly = false;
    for (let i = 0; i < pending.length; i++) {
      let entry = pending[i]!;
      const now = this.deps.clock.now();
      const sender = this.senders.get(entry.channel);
      // e.g. web chat (handed over when the page asks); a channel that is down (wait, don't spend attempts);
      // a message backing off after a failure; or one another instance holds: stop here, keep the order
      if (!sender || (sender.ready && !sender.ready()) || entry.nextAttemptAt > now || !this.holds(entry, now)) {
        stoppedEarly = true;
        break;
      }
      if (entry.claimedUntil!.getTime() - now.getTime() < this.leaseMs / 2) {
        // earlier sends were slow (429s waited out): renew the claim before sending on
        pending = await this.claim(conversationId);
        const renewed = pending.find((e) => e.id === entry.id);
        if (!renewed || !this.holds(renewed, this.deps.clock.now())) {
          stoppedEarly = true;
          break;
        }
        i = pending.indexOf(renewed);
        entry = renewed;
      }
      const ok = await this.deliver(sender, entry, first.address);
      if (!ok) {
        stoppedEarly = true;
        break;
      }
      sent++;
    }
    if (stoppedEarly && pending.some((e) => e.claimedBy === this.owner)) {
      await this.deps.store.outbox.release(conversationId, this.owner);
    }
    return sent;
  }

  private async deliver(sender: MessageSender, entry: PendingOutbox, address: { address: string } | undefined): Promise<boolean> {
    const now = this.deps.clock.now();
    if (!address) {
      // The conversation was wiped ("borrar"): there is nobody to deliver to.
      await this.deps.store.outbox.markRetry(entry.id, now, true);
      return true;
    }
    try {
      await sender.send(address.address, entry.message);
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
    // Recorded right after its send, before the next one: a crash here repeats this one message at most.
    await this.recordSent(entry.id);
    return true;
  }

  /**
   * Sends recorded in the same turn of the event loop (other conversations') share one write; each
   * conversation still waits for its own record before sending on.
   */
  private recordSent(id: string): Promise<void> {
    if (!this.marks) {
      const batch = { ids: [] as string[], written: Promise.resolve() };
      batch.written = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        if (this.marks === batch) this.marks = undefined;
        const recorded = await this.deps.store.outbox.markSentMany(batch.ids, this.deps.clock.now());
        if (recorded < batch.ids.length) {
          this.deps.logger.warn({ messages: batch.ids.length - recorded }, "outbound messages were no longer pending (recorded elsewhere, or the conversation was wiped)");
        }
      });
      this.marks = batch;
    }
    this.marks.ids.push(id);
    return this.marks.written;
  }
}
