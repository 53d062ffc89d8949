import fc from "fast-check";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { mapUpdate } from "../../src/bots/telegram/map-update.ts";
import type { InboundContent } from "../../src/core/messages.ts";
import { type ConsoleTestService, fileReport, logInAgent, startConsoleService } from "../console/console-helpers.ts";
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

describe("fuzz: Telegram updates", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const chatArb = fc.record({ id: fc.integer({ min: -1e12, max: 1e12 }), type: fc.constantFrom("private", "group", "supergroup", "channel") });
  const fromArb = fc.record(
    { id: fc.integer({ min: 1, max: 1e10 }), is_bot: fc.boolean(), first_name: fc.string({ maxLength: 40 }), username: fc.string({ maxLength: 32 }), language_code: fc.oneof(fc.constantFrom("es", "en", "qu", "pt-br", ""), fc.string({ maxLength: 8 })) },
    { requiredKeys: ["id", "is_bot", "first_name"] },
  );
  const messageArb = fc.record(
    {
      message_id: fc.nat(),
      date: fc.nat(),
      chat: chatArb,
      from: fromArb,
      text: fc.oneof(fc.string({ maxLength: 500 }), fc.constantFrom("/start", "/borrar", "menu", "1", "salir")),
      location: fc.record({ latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }),
      photo: fc.array(fc.record({ file_id: fc.string({ minLength: 1, maxLength: 80 }), file_unique_id: fc.string(), width: fc.nat(), height: fc.nat() }), { minLength: 1, maxLength: 3 }),
      document: fc.record({ file_id: fc.string({ minLength: 1, maxLength: 80 }), file_unique_id: fc.string(), mime_type: fc.constantFrom("image/jpeg", "application/pdf", "text/plain") }),
      sticker: fc.record({ file_id: fc.string({ minLength: 1 }) }),
      caption: fc.string({ maxLength: 200 }),
    },
    { requiredKeys: ["message_id", "date", "chat"] },
  );
  const updateArb = fc.oneof(
    fc.record({ update_id: fc.nat(), message: messageArb }),
    fc.record({ update_id: fc.nat(), edited_message: messageArb }),
    fc.record({
      update_id: fc.nat(),
      callback_query: fc.record(
        { id: fc.string({ minLength: 1, maxLength: 20 }), from: fromArb, chat_instance: fc.string(), data: fc.oneof(fc.string({ maxLength: 64 }), fc.stringMatching(/^[0-9a-z]{7}\.[a-z_]{1,16}$/)), message: messageArb },
        { requiredKeys: ["id", "from", "chat_instance"] },
      ),
    }),
    fc.record({ update_id: fc.nat() }),
  );

  it("should map every update shape Telegram sends without throwing, keep only private chats, and answer each inbound", async () => {
    await fc.assert(
      fc.asyncProperty(updateArb, async (update) => {
        const mapped = mapUpdate(update as unknown as Update);
        if (mapped.kind !== "inbound") return;
        const chat = "message" in update ? update.message.chat : "callback_query" in update ? update.callback_query.message?.chat : undefined;
        expect(chat?.type).toBe("private");
        expect(mapped.inbound.chatRef).toBe(String(chat!.id));
        // photos are downloaded by the channel; here (no bytes) the app gets what the channel would pass on
        const result = await t.service.handleInbound(mapped.inbound);
        expect(result.messages.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});

describe("fuzz: console forms and queries", () => {
  let t: ConsoleTestService;
  let admin: Awaited<ReturnType<typeof logInAgent>>;
  let caseId: string;
  beforeAll(async () => {
    t = await startConsoleService({}, {}, { loginLimits: { perAccount: 1_000_000, perAddress: 1_000_000 } });
    admin = await logInAgent(t.app, "fuzz-admin@example.org", await t.createAccount("fuzz-admin@example.org", "admin"), "una frase de acceso bastante larga");
    await fileReport(t.app, "fuzz-reporter-01", "Ofrecen trabajo en un bar de Mazuko con pasaje pagado");
    caseId = /\/console\/cases\/([0-9a-f-]{36})/.exec((await admin.agent.get("/console")).text)![1]!;
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const field = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom("", "me", "new", "in_review", "referred", "closed", "PNP", "2026-13-45", "1", "all", "<script>", "' OR 1=1 --"));
  const formArb = fc.dictionary(fc.constantFrom("text", "assignee", "from", "to", "destination", "referredAt", "outcome", "status", "urgency", "code", "withFacts", "current", "next", "confirm", "secret", "password", "email", "totp", "page", "x"), field, { maxKeys: 6 });
  const routes = () => [
    `/console/cases/${caseId}/assign`,
    `/console/cases/${caseId}/status`,
    `/console/cases/${caseId}/notes`,
    `/console/cases/${caseId}/messages`,
    "/console/export",
    "/console/totp",
    "/console/password",
    "/console/login",
    "/console/cases/not-a-case/notes",
  ];

  it("should answer arbitrary form posts with a page or a clear 4xx, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes()), formArb, async (path, form) => {
        const res = await admin.agent.post(path).type("form").send({ ...form, _csrf: admin.csrf });
        expect(res.status, `${path} ${JSON.stringify(form)}`).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
    // the session survived (no post above was a password change that worked)
    expect((await admin.agent.get("/console")).status).toBe(200);
  });

  it("should answer arbitrary queue, stats and audit queries with a page or a clear 4xx, never a 5xx", async () => {
    const query = fc.dictionary(fc.constantFrom("status", "urgency", "category", "department", "province", "minor", "channel", "mine", "code", "page", "from", "to", "ok", "m"), field, { maxKeys: 5 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/console", "/console/queue/rows", "/console/stats", "/console/audit", `/console/cases/${caseId}`), query, async (path, q) => {
        const res = await admin.agent.get(path).query(q);
        expect(res.status, `${path} ${JSON.stringify(q)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
