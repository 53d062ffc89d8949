import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createOperator } from "../../src/app/console/create-operator.ts";
import { messageReporter } from "../../src/app/console/message-reporter.ts";
import { createConsoleDeps } from "../../src/console/console-deps.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";
import { cellsContaining } from "../helpers/scan-tables.ts";
import { startTestService, type TestService } from "../helpers/test-service.ts";
import { webchatClient } from "../helpers/webchat-report.ts";

const DAY = 24 * 3_600_000;

describe("retention: the technical period alone", () => {
  let t: TestService;
  afterEach(async () => {
    await t?.cleanup();
  });

  it("should drop dedupe and delivered outbox rows and the report's source key after RETENTION_TECHNICAL_DAYS, and nothing else", async () => {
    const clock = fixedClock(new Date("2026-12-01T12:00:00Z"));
    // sessions live longer than the technical period here, so only the technical purge acts
    t = await startTestService({ RETENTION_SESSION_HOURS: String(30 * 24), RETENTION_TECHNICAL_DAYS: "7" }, { clock });
    const chat = "technical-chat-01";
    await webchatClient(t.app, chat).fileReport("Ofrecen trabajo en la mina con pasaje pagado");
    const db = (t.service.store as PrismaStore).db;
    const report = await db.report.findFirstOrThrow();
    const deps = createConsoleDeps(t.service);
    const { operator } = await createOperator(deps, { email: "op@example.org", role: "operator", actor: "test" });
    await messageReporter(deps, { actor: { id: operator.id, email: operator.email, role: "operator" }, reportId: report.id, text: "¿Sigue pasando?" });
    expect((await request(t.app).get(`/api/webchat/${chat}/messages`)).body.messages).toHaveLength(1);
    const inboundBefore = await db.processedInbound.count();
    expect(inboundBefore).toBeGreaterThan(0);
    expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(1);

    // one day short of the period: nothing goes
    clock.advance(6 * DAY);
    await t.service.runJobsOnce();
    expect(await db.processedInbound.count()).toBe(inboundBefore);
    expect((await db.report.findUniqueOrThrow({ where: { id: report.id } })).sourceKey).toBe(report.sourceKey);

    clock.advance(2 * DAY);
    await t.service.runJobsOnce();
    expect(await db.processedInbound.count()).toBe(0);
    expect(await db.outboxMessage.count()).toBe(0);
    const after = await db.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(after.sourceKey).not.toBe(report.sourceKey);
    expect(await cellsContaining(db, [report.sourceKey])).toEqual([]);
    // what the other periods govern is still there: the live conversation, its address, the open report's link
    expect(await db.conversation.count()).toBe(1);
    expect(await db.chatAddress.count()).toBe(1);
    expect(after.reporterLink).toBe(report.reporterLink);
    expect(await db.followUp.count()).toBe(1);
  });
});
