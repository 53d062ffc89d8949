import { Writable } from "node:stream";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpApp } from "../../src/api/http-server.ts";
import { IntakeBudget } from "../../src/app/conversations/intake-budget.ts";
import { webchatRouter } from "../../src/bots/webchat/webchat-router.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { createLogger } from "../../src/logging.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";
import { startTestService, type TestService } from "../helpers/test-service.ts";
import { webchatClient } from "../helpers/webchat-report.ts";

/** The real limits, not the test helper's lenient ones. */
const REAL = { newConversationsPerMinute: 60, newConversationsPerClient: 20, reportsPerHour: 200 };

describe("web chat abuse limits", () => {
  let t: TestService;
  afterEach(async () => {
    await t?.cleanup();
  });

  it("should limit requests per client address with a 429 that still names the emergency lines, and never log the address", async () => {
    let logs = "";
    const sink = new Writable({ write: (chunk, _e, done) => ((logs += chunk.toString()), done()) });
    t = await startTestService({ TRUST_PROXY: "1", WEBCHAT_REQUESTS_PER_MINUTE: "30", LOG_LEVEL: "trace" }, { logger: createLogger("trace", sink as never), intakeBudget: REAL });
    // behind the proxy (TRUST_PROXY=1) the client address comes from X-Forwarded-For
    const app = createHttpApp({ logger: t.service.logger, ping: async () => true, routers: [webchatRouter(t.service)], trustProxy: true });
    const from = (address: string) => ({ "X-Forwarded-For": address });
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await request(app).post(`/api/webchat/abuser-chat-01/messages`).set(from("203.0.113.77")).send({ text: "hola" });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.error.code).toBe("RATE_LIMITED");
        expect(res.body.messages[0].text).toContain("105");
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
    // another address is not held up by it
    expect((await request(app).post(`/api/webchat/someone-else-01/messages`).set(from("198.51.100.9")).send({ text: "hola" })).status).toBe(200);
    expect(logs).not.toContain("203.0.113.77");
    expect(logs).not.toContain("198.51.100.9");
  });

  it("should turn away new conversations past the per-address and global budgets without storing them, while open ones go on", async () => {
    const clock = fixedClock(new Date("2026-12-01T12:00:00Z"));
    t = await startTestService({ TRUST_PROXY: "1" }, { clock, intakeBudget: { ...REAL, newConversationsPerClient: 5, newConversationsPerMinute: 8 } });
    const app = createHttpApp({ logger: t.service.logger, ping: async () => true, routers: [webchatRouter(t.service)], trustProxy: true });
    const db = (t.service.store as PrismaStore).db;
    const open = (chat: string, address: string) => request(app).post(`/api/webchat/${chat}/messages`).set({ "X-Forwarded-For": address }).send({ text: "hola" });

    for (let i = 0; i < 5; i++) expect((await open(`client-a-chat-${i}`, "203.0.113.1")).status).toBe(200);
    const refused = await open("client-a-chat-5", "203.0.113.1");
    expect(refused.status).toBe(429);
    expect(refused.body.messages[0].text).toContain("muchas conversaciones");
    expect(refused.body.messages[0].text).toContain("105");
    expect(await db.conversation.count()).toBe(5);
    // a conversation already open is not affected
    expect((await request(app).post("/api/webchat/client-a-chat-0/messages").set({ "X-Forwarded-For": "203.0.113.1" }).send({ text: "1" })).status).toBe(200);

    // all addresses together: 8 new conversations a minute
    for (let i = 0; i < 3; i++) expect((await open(`client-b-chat-${i}`, `198.51.100.${i + 1}`)).status).toBe(200);
    expect((await open("client-c-chat-0", "192.0.2.50")).status).toBe(429);
    clock.advance(61_000);
    expect((await open("client-c-chat-0", "192.0.2.50")).status).toBe(200);
  });

  it("should never drop a report in progress when the report budget is spent, only refuse new conversations", async () => {
    t = await startTestService({}, { intakeBudget: { ...REAL, reportsPerHour: 1, slowdownMs: 10 } });
    const first = webchatClient(t.app, "budget-chat-01");
    const second = webchatClient(t.app, "budget-chat-02");
    await second.say("hola"); // opened before the budget is spent
    await first.fileReport("Ofrecen trabajo en la mina con pasaje pagado");
    expect((await request(t.app).post("/api/webchat/budget-chat-03/messages").send({ text: "hola" })).status).toBe(429);
    // the conversation already under way still files its report (slowed down, not refused)
    const code = await second.fileReport("Me ofrecieron trabajo en un bar con pasaje pagado", { saidHello: true });
    expect(code).toMatch(/^[0-9A-Z]{4}-/);
    expect(await (t.service.store as PrismaStore).db.report.count()).toBe(2);
  });
});

describe("IntakeBudget", () => {
  it("should slow every turn of a budgeted channel while the report budget is spent, and other channels not at all", async () => {
    const waits: number[] = [];
    const budget = new IntakeBudget(
      { channels: ["webchat"], newConversationsPerMinute: 100, newConversationsPerClient: 100, clientWindowMs: 600_000, reportsPerHour: 2, slowdownMs: 1500 },
      async (ms) => void waits.push(ms),
    );
    const now = new Date("2026-12-01T12:00:00Z");
    await budget.pace("webchat", now);
    budget.reportFiled("webchat", now);
    budget.reportFiled("telegram", now);
    await budget.pace("webchat", now);
    expect(waits).toEqual([]);
    budget.reportFiled("webchat", now);
    await budget.pace("webchat", now);
    await budget.pace("telegram", now);
    expect(waits).toEqual([1500]);
    expect(() => budget.admitConversation("webchat", "client", now)).toThrow(/over budget/);
    expect(() => budget.admitConversation("telegram", "client", now)).not.toThrow();
    // an hour later the budget is back
    const later = new Date(now.getTime() + 3_600_001);
    await budget.pace("webchat", later);
    expect(waits).toEqual([1500]);
    expect(() => budget.admitConversation("webchat", "client", later)).not.toThrow();
  });
});
