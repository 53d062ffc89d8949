import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { FloodGate } from "../../src/app/conversations/flood-gate.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";
import { startTestService, type TestService } from "../helpers/test-service.ts";

type Msg = { text: string; buttons?: { id: string; label: string }[] };
const HOUR = 3_600_000;

describe("retention and reminders", () => {
  let t: TestService;
  afterEach(async () => {
    await t?.cleanup();
  });

  async function reportThroughWebchat(id: string) {
    let n = 0;
    const post = (body: object) => request(t.app).post(`/api/webchat/${id}/messages`).send({ ...body, messageId: `m${++n}` });
    const press = (res: { body: { messages: Msg[] } }, label: string) =>
      post({ choice: res.body.messages.flatMap((m) => m.buttons ?? []).find((b) => b.label === label)!.id });
    let res = await post({ text: "hola" });
    res = await press(res, "Español");
    res = await press(res, "Reportar algo");
    res = await press(res, "Oferta sospechosa");
    res = await post({ text: "me ofrecieron trabajo en la mina, CANARY-TEXT-1" });
    res = await post({ text: "Mazuko" });
    res = await press(res, "Hoy");
    res = await press(res, "No");
    res = await press(res, "Saltar");
    res = await press(res, "Enviar");
    return res;
  }

  it("should remind once about an unanswered question, then let it expire", async () => {
    const clock = fixedClock(new Date());
    t = await startTestService({}, { clock });
    const id = "reminder-chat-01";
    await request(t.app).post(`/api/webchat/${id}/messages`).send({ text: "hola" });
    clock.advance(21 * 60_000);
    await t.service.runJobsOnce();
    const pending = await request(t.app).get(`/api/webchat/${id}/messages`);
    expect(pending.body.messages).toHaveLength(1);
    expect(pending.body.messages[0].text).toContain("¿Sigues ahí?");
    clock.advance(10 * 60_000);
    await t.service.runJobsOnce();
    expect((await request(t.app).get(`/api/webchat/${id}/messages`)).body.messages).toEqual([]);
    clock.advance(60 * 60_000);
    const after = await request(t.app).post(`/api/webchat/${id}/messages`).send({ text: "1" });
    expect(after.body.messages[0].text).toContain("empezamos de nuevo");
  });

  it("should purge every table of an expired conversation and of a closed report", async () => {
    const clock = fixedClock(new Date());
    t = await startTestService({}, { clock });
    await reportThroughWebchat("retention-chat-1");
    const db = (t.service.store as PrismaStore).db;
    const report = (await db.report.findFirstOrThrow()) as { id: string };
    expect(await db.conversation.count()).toBe(1);
    expect(await db.chatAddress.count()).toBe(1);
    expect(await db.processedInbound.count()).toBeGreaterThan(0);

    // 25 h idle: the conversation and its encrypted address go; the open report stays
    clock.advance(25 * HOUR);
    await t.service.runJobsOnce();
    expect(await db.conversation.count()).toBe(0);
    expect(await db.chatAddress.count()).toBe(0);
    expect(await db.report.count()).toBe(1);

    // closed, then past the closed-report period: report and timeline go; technical rows too
    await db.report.update({ where: { id: report.id }, data: { status: "closed", closedAt: clock.now() } });
    await db.followUp.create({ data: { id: "f1", reportId: report.id, kind: "note", body: "x" } });
    clock.advance(366 * 24 * HOUR);
    await t.service.runJobsOnce();
    expect(await db.report.count()).toBe(0);
    expect(await db.followUp.count()).toBe(0);
    expect(await db.processedInbound.count()).toBe(0);
    expect(await db.outboxMessage.count()).toBe(0);
    // audit older than its period is gone too (only the purge's own record remains)
    clock.advance(731 * 24 * HOUR);
    await t.service.runJobsOnce();
    expect((await db.auditLog.findMany()).every((a) => a.action === "retention.reports_purged")).toBe(true);
  });
});

describe("FloodGate", () => {
  it("should let a burst through, make the rest wait their turn and refuse only a long queue", async () => {
    let now = 0;
    const waits: number[] = [];
    const gate = new FloodGate({ burst: 3, refillMs: 1000, maxQueued: 2 }, () => now, async (ms) => {
      waits.push(ms);
    });
    for (let i = 0; i < 3; i++) await gate.pass("c");
    expect(waits).toEqual([]);
    const queued = [gate.pass("c"), gate.pass("c")];
    await expect(gate.pass("c")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await Promise.all(queued);
    expect(waits).toEqual([1000, 2000]);
    await gate.pass("other");
    now += 10_000;
    await gate.pass("c");
    expect(waits).toHaveLength(2);
  });
});
