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
