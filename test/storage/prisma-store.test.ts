import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KeyedMutex } from "../../src/app/conversation-lock.ts";
import { OutboxDispatcher } from "../../src/app/outbox/outbox-dispatcher.ts";
import type { NewReport, OutboxEntry } from "../../src/app/ports.ts";
import { silentLogger } from "../../src/core/logger.ts";
import type { Session } from "../../src/flows/engine/types.ts";
import { sqlitePath } from "../../src/storage/database-url.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { providers, type TempDatabase, tempStore } from "../helpers/temp-database.ts";

const session: Session = {
  v: 1,
  flowId: "report",
  revision: 1,
  nodeId: "describe",
  status: "waiting",
  locale: "es",
  vars: { description: "CANARY-TEXT mi vecina Rosa 987654321" },
};

function newReport(overrides: Partial<NewReport> = {}): NewReport {
  return {
    id: "r1",
    codeHash: "hash-of-AAAA-BBBB-CCCC-DDDD",
    codeTail: "DDDD",
    sourceKey: "src-1",
    channel: "webchat",
    locale: "es",
    flowId: "report",
    flowRevision: 1,
    kind: "job_offer",
    body: { description: "CANARY-TEXT oferta en Mazuko" },
    urgency: "high",
    categories: ["deceptive_recruitment"],
    minor: true,
    referrals: ["1818", "LINEA_100"],
    reasons: [{ key: "triage.reason.debt" }],
    departmentCode: "170000",
    provinceCode: "170100",
    districtCode: "170102",
    reporterLink: "conv-1",
    createdAt: new Date("2026-01-05T10:00:00Z"),
    ...overrides,
  };
}

describe.each(providers())("PrismaStore on %s", (kind) => {
  let t: TempDatabase;
  beforeEach(async () => {
    t = await tempStore(kind);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it("should save and load a conversation with optimistic versioning", async () => {
    const base = {
      id: "conv-1",
      channel: "webchat" as const,
      locale: "es",
      session,
      lastInboundAt: new Date(),
      waitExpiresAt: undefined,
    };
    await t.store.conversations.save({ ...base, expectedVersion: undefined });
    const loaded = await t.store.conversations.load("conv-1");
    expect(loaded).toMatchObject({ id: "conv-1", version: 1, session });
    await t.store.conversations.save({ ...base, expectedVersion: 1 });
    await expect(t.store.conversations.save({ ...base, expectedVersion: 1 })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(t.store.conversations.save({ ...base, expectedVersion: undefined })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("should roll back every write of a failed transaction", async () => {
    await expect(
      t.store.transaction(async (tx) => {
        await tx.reports.create(newReport());
        await tx.audit.record({ actor: "bot", action: "x" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await t.store.reports.findByCodeHash("hash-of-AAAA-BBBB-CCCC-DDDD")).toBeUndefined();
  });

  it("should refuse a second report from the same source or with the same code", async () => {
    await t.store.reports.create(newReport());
    await expect(
      t.store.reports.create(newReport({ id: "r2", codeHash: "hash-of-EEEE-FFFF-GGGG-HHHH" })),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(t.store.reports.create(newReport({ id: "r3", sourceKey: "src-2" }))).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("should round-trip reports, follow-ups and unlink the reporter", async () => {
    const created = await t.store.reports.create(newReport());
    expect(created).toMatchObject({
      status: "new",
      urgency: "high",
      minor: true,
      categories: ["deceptive_recruitment"],
    });
    await t.store.reports.addFollowUp({
      id: "f1",
      reportId: "r1",
      kind: "operator",
      operatorId: "op",
      body: "Hola, ¿sigue pasando?",
      createdAt: new Date(),
    });
    expect((await t.store.reports.listFollowUps("r1"))[0]).toMatchObject({
      body: "Hola, ¿sigue pasando?",
      kind: "operator",
    });
    expect(await t.store.reports.unlinkReporter("conv-1")).toBe(1);
    expect((await t.store.reports.findById("r1"))?.reporterLink).toBeUndefined();
  });

  it("should keep the outbox in order and never resend a sent message", async () => {
    const at = new Date("2026-01-05T10:00:00Z");
    await t.store.outbox.enqueue([
      {
        id: "o2",
        conversationId: "c",
        channel: "telegram",
        message: { text: "dos" },
        sourceKey: "s",
        seq: 1,
        createdAt: at,
      },
      {
        id: "o1",
        conversationId: "c",
        channel: "telegram",
        message: { text: "uno" },
        sourceKey: "s",
        seq: 0,
        createdAt: at,
      },
    ]);
    expect((await t.store.outbox.pendingFor("c")).map((o) => o.message.text)).toEqual(["uno", "dos"]);
    await t.store.outbox.markSent("o1", at);
    await t.store.outbox.markRetry("o1", at, false);
    expect((await t.store.outbox.pendingFor("c")).map((o) => o.id)).toEqual(["o2"]);
    await t.store.outbox.markRetry("o2", new Date("2026-01-05T10:05:00Z"), false);
    expect(await t.store.outbox.due(at, 10)).toEqual([]);
    expect((await t.store.outbox.due(new Date("2026-01-05T10:06:00Z"), 10))[0]).toMatchObject({
      id: "o2",
      attempts: 1,
    });
  });

  const entry = (id: string, seq: number, conversationId = "c", at = new Date("2026-01-05T10:00:00Z")): OutboxEntry => ({
    id,
    conversationId,
    channel: "telegram",
    message: { text: `Tu código de caso: ${id}` },
    sourceKey: `s-${conversationId}`,
    seq,
    createdAt: at,
  });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("should never let the outbox send a message from a turn that rolls back", async () => {
    await t.store.chatAddresses.upsert("c", "telegram", "555");
    const sent: string[] = [];
    const dispatcher = new OutboxDispatcher({ store: t.store, clock: { now: () => new Date() }, logger: silentLogger, locks: new KeyedMutex() });
    dispatcher.register("telegram", { send: async (_address, message) => void sent.push(message.text) });
    const turn = t.store
      .transaction(async (tx) => {
        await tx.outbox.enqueue([entry("o1", 0)]);
        await sleep(150); // the sweep and the console run meanwhile
        throw new Error("the turn failed");
      })
      .then(
        () => "committed",
        (error: Error) => error.message,
      );
    await sleep(30);
    const [seen, counted] = await Promise.all([
      t.store.outbox.due(new Date(), 10),
      t.store.db.outboxMessage.count(), // Prisma used directly (the console) too
      dispatcher.flushDue(),
    ]);
    expect(await turn).toBe("the turn failed");
    expect(seen).toEqual([]);
    expect(counted).toBe(0);
    expect(sent).toEqual([]);
    expect(await t.store.outbox.pendingFor("c")).toEqual([]);
  });

  it("should keep a send recorded outside a transaction when another transaction rolls back", async () => {
    await t.store.outbox.enqueue([entry("o1", 0)]);
    const other = t.store
      .transaction(async (tx) => {
        await tx.audit.record({ actor: "bot", action: "x" });
        await sleep(150);
        throw new Error("another conversation's turn failed");
      })
      .then(
        () => "committed",
        (error: Error) => error.message,
      );
    await sleep(30);
    expect(await t.store.outbox.markSent("o1", new Date())).toBe(true);
    expect(await other).toBe("another conversation's turn failed");
    expect(await t.store.outbox.pendingFor("c")).toEqual([]);
    expect((await t.store.db.outboxMessage.findUniqueOrThrow({ where: { id: "o1" } })).status).toBe("sent");
    expect(await t.store.outbox.markSent("o1", new Date())).toBe(false);
  });

  it("should let one owner at a time claim a conversation's messages, until the lease expires", async () => {
    const at = new Date("2026-01-05T10:00:00Z");
    const later = (ms: number) => new Date(at.getTime() + ms);
    await t.store.outbox.enqueue([entry("o1", 0), entry("o2", 1), entry("x1", 0, "other")]);
    const a = await t.store.outbox.claim("c", { owner: "A", now: at, until: later(60_000) });
    expect(a.map((e) => [e.id, e.claimedBy])).toEqual([["o1", "A"], ["o2", "A"]]);
    // B sees A's live claims and takes nothing; the sweep does not offer them either
    const b = await t.store.outbox.claim("c", { owner: "B", now: later(1_000), until: later(61_000) });
    expect(b.map((e) => e.claimedBy)).toEqual(["A", "A"]);
    expect((await t.store.outbox.due(later(1_000), 10)).map((e) => e.id)).toEqual(["x1"]);
    // A sent o1, then died: after the lease B claims o2
    expect(await t.store.outbox.markSent("o1", later(2_000))).toBe(true);
    expect((await t.store.outbox.claim("c", { owner: "B", now: later(30_000), until: later(90_000) })).map((e) => e.claimedBy)).toEqual(["A"]);
    const expired = await t.store.outbox.claim("c", { owner: "B", now: later(60_001), until: later(120_000) });
    expect(expired.map((e) => [e.id, e.claimedBy])).toEqual([["o2", "B"]]);
    // released claims are free at once; a failed attempt drops the claim too
    await t.store.outbox.release("c", "B");
    expect((await t.store.outbox.due(later(60_002), 10)).map((e) => e.id).sort()).toEqual(["o2", "x1"]);
    await t.store.outbox.claim("c", { owner: "A", now: later(60_003), until: later(120_000) });
    await t.store.outbox.markRetry("o2", later(60_004), false);
    expect((await t.store.outbox.pendingFor("c"))[0]).toMatchObject({ id: "o2", attempts: 1, claimedBy: undefined, claimedUntil: undefined });
  });

  it("should store a turn's replies already claimed only when nothing of the conversation is pending", async () => {
    const at = new Date("2026-01-05T10:00:00Z");
    const claim = { owner: "A", now: at, until: new Date(at.getTime() + 60_000) };
    const handed = await t.store.outbox.enqueueClaimed([entry("o1", 0, "c", at), entry("o2", 1, "c", at)], claim);
    expect(handed?.map((e) => [e.id, e.message.text, e.claimedBy, e.attempts])).toEqual([
      ["o1", "Tu código de caso: o1", "A", 0],
      ["o2", "Tu código de caso: o2", "A", 0],
    ]);
    expect((await t.store.outbox.pendingFor("c")).map((e) => [e.id, e.claimedBy, e.claimedUntil])).toEqual([
      ["o1", "A", claim.until],
      ["o2", "A", claim.until],
    ]);
    // o2 is still pending: the next turn's reply waits behind it, unclaimed
    expect(await t.store.outbox.markSent("o1", at)).toBe(true);
    const later = new Date(at.getTime() + 1_000);
    expect(await t.store.outbox.enqueueClaimed([entry("o3", 2, "c", later)], { ...claim, now: later })).toBeUndefined();
    expect((await t.store.outbox.pendingFor("c")).map((e) => [e.id, e.claimedBy])).toEqual([
      ["o2", "A"],
      ["o3", undefined],
    ]);
    // sends of several conversations recorded in one write: only those still pending count
    expect(await t.store.outbox.markSentMany(["o1", "o2", "o3", "nope"], later)).toBe(2);
    expect(await t.store.outbox.pendingFor("c")).toEqual([]);
    // what the turn read at its start is taken as it is
    expect(await t.store.outbox.enqueueClaimed([entry("o4", 3, "c", later)], claim, true)).toBeUndefined();
    expect(await t.store.outbox.enqueueClaimed([entry("o5", 0, "d", later)], claim, false)).toMatchObject([{ id: "o5", claimedBy: "A" }]);
    expect((await t.store.outbox.pendingFor("c")).map((e) => [e.id, e.claimedBy])).toEqual([["o4", undefined]]);
  });

  it("should keep fetched updates until they are handled, encrypted, each key once", async () => {
    await t.store.inbox.put("telegram", [{ key: "telegram:1", payload: '{"text":"CANARY-INBOX"}' }]);
    await sleep(5);
    await t.store.inbox.put("telegram", [
      { key: "telegram:1", payload: "a second copy" },
      { key: "telegram:2", payload: "dos" },
    ]);
    expect(await t.store.inbox.list("telegram", 10)).toEqual([
      { key: "telegram:1", payload: '{"text":"CANARY-INBOX"}' },
      { key: "telegram:2", payload: "dos" },
    ]);
    expect(await t.store.inbox.list("whatsapp", 10)).toEqual([]);
    const raw = JSON.stringify(await t.store.db.inboxUpdate.findMany());
    expect(raw).not.toContain("CANARY");
    await t.store.inbox.remove(["telegram:1"]);
    expect((await t.store.inbox.list("telegram", 10)).map((i) => i.key)).toEqual(["telegram:2"]);
  });

  it("should dedupe inbound ids and replay the recorded replies", async () => {
    await t.store.inbound.record("k1", "c", [{ text: "respuesta" }]);
    expect(await t.store.inbound.find("k1")).toEqual({ response: [{ text: "respuesta" }] });
    await expect(t.store.inbound.record("k1", "c", [])).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("should read a turn's conversation, dedupe record and pending replies together, whichever of them exists", async () => {
    const start = (id: string, key: string | undefined) => t.store.conversations.loadForInbound(id, key);
    expect(await start("conv-1", "k1")).toEqual({ record: undefined, prior: undefined, outboxPending: false });
    await t.store.inbound.record("k1", "conv-1", [{ text: "respuesta" }]);
    await t.store.inbound.record("k-empty", "conv-1", []);
    expect(await start("conv-1", "k1")).toEqual({ record: undefined, prior: { response: [{ text: "respuesta" }] }, outboxPending: false });
    await t.store.conversations.save({ id: "conv-1", channel: "telegram", locale: "qu", session, expectedVersion: undefined, lastInboundAt: new Date(), waitExpiresAt: undefined });
    const record = { id: "conv-1", channel: "telegram", locale: "qu", session, version: 1 };
    expect(await start("conv-1", "k1")).toEqual({ record, prior: { response: [{ text: "respuesta" }] }, outboxPending: false });
    expect(await start("conv-1", "k-empty")).toEqual({ record, prior: { response: [] }, outboxPending: false });
    expect(await start("conv-1", "k2")).toEqual({ record, prior: undefined, outboxPending: false });
    expect(await start("conv-1", undefined)).toEqual({ record, prior: undefined, outboxPending: false });
    expect(await start("conv-2", "k1")).toEqual({ record: undefined, prior: { response: [{ text: "respuesta" }] }, outboxPending: false });

    await t.store.outbox.enqueue([entry("o1", 0, "conv-1"), entry("o2", 1, "conv-1")]);
    expect(await start("conv-1", "k2")).toMatchObject({ record, outboxPending: true });
    expect(await start("conv-2", "k2")).toMatchObject({ outboxPending: false });
    await t.store.outbox.markSentMany(["o1", "o2"], new Date());
    expect(await start("conv-1", "k2")).toMatchObject({ outboxPending: false });
  });

  it("should store typed text and chat addresses only encrypted", async () => {
    await t.store.conversations.save({ id: "conv-1", channel: "telegram", locale: "es", session, expectedVersion: undefined, lastInboundAt: new Date(), waitExpiresAt: undefined });
    await t.store.chatAddresses.upsert("conv-1", "telegram", "CANARY-CHAT-555123");
    await t.store.reports.create(newReport());
    await t.store.reports.addFollowUp({ id: "f1", reportId: "r1", kind: "reporter", operatorId: undefined, body: "CANARY-FOLLOW", createdAt: new Date() });
    await t.store.inbox.put("telegram", [{ key: "telegram:9", payload: '{"chat":{"id":987654321},"text":"CANARY-INBOX"}' }]);
    expect(await t.store.chatAddresses.get("conv-1")).toEqual({ channel: "telegram", address: "CANARY-CHAT-555123" });
    const tables = ["Conversation", "ChatAddress", "Report", "FollowUp", "AuditLog", "ProcessedInbound", "OutboxMessage", "InboxUpdate"];
    for (const table of tables) {
      const rows = await t.store.db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}"`);
      const dump = JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v));
      expect(dump, table).not.toContain("CANARY");
      expect(dump, table).not.toContain("987654321");
    }
    if (kind === "sqlite") {
      // the raw file too (WAL included): nothing typed is readable on disk
      await t.store.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
      const raw = readFileSync(sqlitePath(t.url)).toString("latin1");
      expect(raw).not.toContain("CANARY");
    }
  });

  it("should apply migrations once and report nothing to do on the next start", async () => {
    expect(await migrate(t.url)).toEqual([]);
  });
});
