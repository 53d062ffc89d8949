import fc from "fast-check";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundContent } from "../../src/core/messages.ts";
import { startTestService, type TestService } from "../helpers/test-service.ts";

const contentArb: fc.Arbitrary<InboundContent> = fc.oneof(
  fc.record({ kind: fc.constant("text" as const), text: fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom("1", "2", "menu", "borrar", "ayuda", "idioma", "saltar", "🙂", "", "3️⃣", "uno")) }),
  fc.record({ kind: fc.constant("choice" as const), id: fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[0-9a-z]{7}\.[a-z_]{1,16}$/)) }),
  fc.record({
    kind: fc.constant("location" as const),
    latitude: fc.double({ min: -90, max: 90, noNaN: true }),
    longitude: fc.double({ min: -180, max: 180, noNaN: true }),
  }),
  fc.record({ kind: fc.constant("media" as const), mediaType: fc.constant("photo" as const), ref: fc.string({ maxLength: 40 }) }),
  fc.record({ kind: fc.constant("unsupported" as const), what: fc.constantFrom("sticker", "voice") }),
);

describe("fuzz", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("should answer every inbound sequence, never crash and never leave an unreadable session", async () => {
    let chat = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(contentArb, { minLength: 1, maxLength: 12 }), async (contents) => {
        const chatRef = `fuzz-${++chat}`;
        for (const [i, content] of contents.entries()) {
          const result = await t.service.handleInbound({ channel: "telegram", chatRef, messageId: String(i), content });
          expect(result.messages.length).toBeGreaterThan(0);
          for (const m of result.messages) expect(m.text.trim().length).toBeGreaterThan(0);
        }
        const conv = await t.service.store.conversations.load(t.service.identity.conversationId("telegram", chatRef));
        if (conv) expect(conv.session?.v).toBe(1);
      }),
      { numRuns: 60 },
    );
  });

  it("should answer arbitrary API payloads with 200 or a clear 4xx, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/), async (body, id) => {
        const res = await request(t.app)
          .post(`/api/webchat/${id}/messages`)
          .set("Content-Type", "application/json")
          .send(JSON.stringify(body));
        expect([200, 400, 413]).toContain(res.status);
        if (res.status !== 200) expect(res.body.error.code).toBeTruthy();
      }),
      { numRuns: 150 },
    );
  });
});
