import { describe, expect, it } from "vitest";
import { KeyedMutex } from "../../src/app/conversation-lock.ts";
import { DeliveryError } from "../../src/app/outbox/delivery-error.ts";
import { OutboxDispatcher } from "../../src/app/outbox/outbox-dispatcher.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import type { OutboundMessage } from "../../src/core/messages.ts";
import { MemoryStore } from "../../src/storage/memory-store.ts";

async function setup() {
  const store = new MemoryStore();
  const clock = fixedClock("2026-01-05T10:00:00Z");
  const dispatcher = new OutboxDispatcher({ store, clock, logger: silentLogger, locks: new KeyedMutex() });
  await store.chatAddresses.upsert("c1", "telegram", "12345");
  await store.outbox.enqueue(
    ["uno", "dos", "tres"].map((text, seq) => ({
      id: `o${seq}`,
      conversationId: "c1",
      channel: "telegram" as const,
      message: { text },
      sourceKey: "s1",
      seq,
      createdAt: clock.now(),
    })),
  );
  return { store, clock, dispatcher };
}

describe("OutboxDispatcher", () => {
  it("should send in order, stop at a failure and resume after the backoff without resending", async () => {
    const { store, clock, dispatcher } = await setup();
    const sent: string[] = [];
    let failNext = false;
    dispatcher.register("telegram", {
      async send(address: string, message: OutboundMessage) {
        expect(address).toBe("12345");
        if (failNext && message.text === "dos") {
          failNext = false;
          throw new DeliveryError("429", false, 5_000);
        }
        sent.push(message.text);
      },
    });
    failNext = true;
    expect(await dispatcher.flushConversation("c1")).toBe(1);
    expect(sent).toEqual(["uno"]);
    // not due yet: nothing is sent, the order is kept
    expect(await dispatcher.flushConversation("c1")).toBe(0);
    clock.advance(5_001);
    await dispatcher.flushDue();
    expect(sent).toEqual(["uno", "dos", "tres"]);
    await dispatcher.flushDue();
    expect(sent).toEqual(["uno", "dos", "tres"]);
    expect([...store.state.outbox.values()].every((o) => o.status === "sent")).toBe(true);
  });

  it("should give up on permanent errors and on wiped conversations", async () => {
    const { store, dispatcher } = await setup();
    dispatcher.register("telegram", {
      async send() {
        throw new DeliveryError("blocked", true);
      },
    });
    await dispatcher.flushConversation("c1");
    expect(store.state.outbox.get("o0")!.status).toBe("failed");
    await store.chatAddresses.delete("c1");
    await dispatcher.flushConversation("c1");
    expect([...store.state.outbox.values()].map((o) => o.status)).toEqual(["failed", "failed", "failed"]);
  });

  it("should leave messages for channels without a sender (web chat) alone", async () => {
    const { store, dispatcher } = await setup();
    await dispatcher.flushDue();
    expect([...store.state.outbox.values()].every((o) => o.status === "pending")).toBe(true);
  });
});

describe("OutboxDispatcher with a turn's replies handed over", () => {
  const reply = (id: string, seq: number, at: Date) => ({
    id,
    conversationId: "c1",
    channel: "telegram" as const,
    message: { text: id },
    sourceKey: `turn-${id}`,
    seq,
    createdAt: at,
  });

  it("should send handed-over replies at once, and keep them behind older pending ones", async () => {
    const { store, clock, dispatcher } = await setup();
    const sent: string[] = [];
    let down = true;
    dispatcher.register("telegram", {
      ready: () => !down,
      async send(_address: string, message: OutboundMessage) {
        sent.push(message.text);
      },
    });
    // the channel is down: no claim to store a turn's replies with
    expect(dispatcher.claimFor("telegram")).toBeUndefined();
    down = false;
    clock.advance(1_000);
    // "uno", "dos", "tres" are still pending: a new turn's reply is stored behind them, not handed over
    const later = await store.outbox.enqueueClaimed([reply("cuatro", 0, clock.now())], dispatcher.claimFor("telegram")!);
    expect(later).toBeUndefined();
    await dispatcher.flushConversation("c1");
    expect(sent).toEqual(["uno", "dos", "tres", "cuatro"]);
    // nothing pending now: the next turn's replies come back claimed and go out without being read again
    clock.advance(1_000);
    const handed = await store.outbox.enqueueClaimed([reply("cinco", 0, clock.now()), reply("seis", 1, clock.now())], dispatcher.claimFor("telegram")!);
    expect(handed?.map((e) => [e.id, e.claimedBy])).toEqual([["cinco", dispatcher.owner], ["seis", dispatcher.owner]]);
    expect(await store.outbox.due(clock.now(), 10)).toEqual([]); // the sweep leaves them to us
    expect(await dispatcher.flushConversation("c1", { entries: handed!, address: "12345" })).toBe(2);
    expect(sent).toEqual(["uno", "dos", "tres", "cuatro", "cinco", "seis"]);
    expect([...store.state.outbox.values()].every((o) => o.status === "sent")).toBe(true);
  });

  it("should leave a dead instance's handed-over replies to another instance once the lease expires", async () => {
    const { store, clock } = await setup();
    const sent: string[] = [];
    const other = new OutboxDispatcher({ store, clock, logger: silentLogger, locks: new KeyedMutex(), owner: "other", leaseMs: 60_000 });
    other.register("telegram", { send: async (_a: string, m: OutboundMessage) => void sent.push(m.text) });
    await other.flushDue();
    const dead = new OutboxDispatcher({ store, clock, logger: silentLogger, locks: new KeyedMutex(), owner: "DEAD", leaseMs: 60_000 });
    dead.register("telegram", { send: async () => undefined });
    clock.advance(1_000);
    expect(await store.outbox.enqueueClaimed([reply("x", 0, clock.now())], dead.claimFor("telegram")!)).toBeDefined();
    // the instance that stored them dies before sending
    await other.flushDue();
    expect(sent).toEqual(["uno", "dos", "tres"]);
    clock.advance(60_001);
    await other.flushDue();
    expect(sent).toEqual(["uno", "dos", "tres", "x"]);
  });
});

describe("OutboxDispatcher with several instances on one store", () => {
  async function twoInstances() {
    const { store, clock } = await setup();
    const sent: string[] = [];
    const instance = (owner: string) => {
      const dispatcher = new OutboxDispatcher({ store, clock, logger: silentLogger, locks: new KeyedMutex(), owner, leaseMs: 60_000 });
      dispatcher.register("telegram", {
        async send(_address: string, message: OutboundMessage) {
          await new Promise((r) => setTimeout(r, 5)); // a network round trip: the other instance runs meanwhile
          sent.push(message.text);
        },
      });
      return dispatcher;
    };
    return { store, clock, sent, a: instance("A"), b: instance("B") };
  }

  it("should send each message once and in order when both flush the same conversation", async () => {
    const { a, b, sent } = await twoInstances();
    await Promise.all([a.flushConversation("c1"), b.flushDue(), b.flushConversation("c1"), a.flushDue()]);
    await Promise.all([a.flushDue(), b.flushDue()]);
    expect(sent).toEqual(["uno", "dos", "tres"]);
  });

  it("should leave a dead instance's claimed messages alone until its lease expires, then send them once", async () => {
    const { store, clock, a, sent } = await twoInstances();
    // another instance claimed the conversation and died before sending
    await store.outbox.claim("c1", { owner: "DEAD", now: clock.now(), until: new Date(clock.now().getTime() + 60_000) });
    await a.flushDue();
    expect(await a.flushConversation("c1")).toBe(0);
    expect(sent).toEqual([]);
    clock.advance(60_001);
    await a.flushDue();
    expect(sent).toEqual(["uno", "dos", "tres"]);
    await a.flushDue();
    expect(sent).toEqual(["uno", "dos", "tres"]);
  });
});
