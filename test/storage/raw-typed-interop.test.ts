import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Session } from "../../src/flows/engine/types.ts";
import { FIELD } from "../../src/storage/prisma-store.ts";
import { providers, type TempDatabase, tempStore } from "../helpers/temp-database.ts";

/**
 * The hot statements of the store are raw SQL (src/storage/prisma-store.ts); everything else, the console and
 * the retention jobs are typed Prisma queries. Both must write the same values in the same form, or ordering
 * and date comparisons across them break silently.
 */
const session: Session = { v: 1, flowId: "menu", revision: 1, nodeId: "start", status: "waiting", locale: "es", vars: {} };

describe.each(providers())("raw and typed queries on %s", (kind) => {
  let t: TempDatabase;
  beforeEach(async () => {
    t = await tempStore(kind);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  /** the stored text of a date column (SQLite keeps dates as text: raw and typed rows must use one format) */
  const storedText = async (table: string, column: string, keyColumn: string, key: string) => {
    const rows = await t.store.db.$queryRawUnsafe<{ v: string }[]>(
      `SELECT CAST("${column}" AS TEXT) AS v FROM "${table}" WHERE "${keyColumn}" = ${kind === "sqlite" ? "?" : "$1"}`,
      key,
    );
    return rows[0]!.v;
  };
  const expectSameForm = async (table: string, column: string, keyColumn: string, rawKey: string, typedKey: string) => {
    const raw = await storedText(table, column, keyColumn, rawKey);
    const typed = await storedText(table, column, keyColumn, typedKey);
    const shape = (text: string) => text.replace(/\d/g, "9").replace(/\.9+/, ".9");
    expect(shape(raw)).toBe(shape(typed));
  };

  it("should write conversations that typed queries read, and read the ones they write", async () => {
    const lastInboundAt = new Date("2026-03-01T12:34:56.789Z");
    const waitExpiresAt = new Date("2026-03-02T00:00:00.001Z");
    const before = Date.now();
    await t.store.conversations.save({ id: "raw", channel: "telegram", locale: "es", session, expectedVersion: undefined, lastInboundAt, waitExpiresAt });
    const row = await t.store.db.conversation.findUniqueOrThrow({ where: { id: "raw" } });
    expect(row).toMatchObject({ version: 1, lastInboundAt, waitExpiresAt, reminderSentAt: null, channel: "telegram", locale: "es" });
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(row.updatedAt.getTime()).toBe(row.createdAt.getTime());
    expect(t.cipher.decryptJson(row.state, FIELD.conversationState)).toEqual(session);

    await t.store.db.conversation.create({
      data: { id: "typed", channel: "webchat", locale: "en", state: t.cipher.encryptJson({ ...session, locale: "en" }, FIELD.conversationState), lastInboundAt, version: 4 },
    });
    expect(await t.store.conversations.load("typed")).toMatchObject({ id: "typed", channel: "webchat", locale: "en", version: 4, session: { locale: "en" } });
    for (const column of ["lastInboundAt", "createdAt", "updatedAt"]) await expectSameForm("Conversation", column, "id", "raw", "typed");

    // a raw save is found by the typed reminder query (date comparison across the two)
    const reminded = new Date("2026-03-01T13:00:00.000Z");
    await t.store.conversations.save({ id: "raw", channel: "telegram", locale: "es", session, expectedVersion: 1, lastInboundAt, waitExpiresAt, reminderSentAt: undefined });
    expect((await t.store.conversations.listNeedingReminder(lastInboundAt, 10)).map((r) => r.id)).toEqual(["raw"]);
    expect(await t.store.conversations.listNeedingReminder(new Date(lastInboundAt.getTime() - 1), 10)).toEqual([]);
    await t.store.conversations.save({ id: "raw", channel: "telegram", locale: "es", session, expectedVersion: 2, lastInboundAt, waitExpiresAt, reminderSentAt: reminded });
    const saved = await t.store.db.conversation.findUniqueOrThrow({ where: { id: "raw" } });
    expect(saved).toMatchObject({ version: 3, reminderSentAt: reminded });
    expect(saved.updatedAt.getTime()).toBeGreaterThanOrEqual(row.updatedAt.getTime());
  });

  it("should order and compare outbox rows across raw and typed writes", async () => {
    const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 12, 0, s, 250));
    const entry = (id: string, seconds: number) => ({
      id,
      conversationId: "c",
      channel: "telegram" as const,
      message: { text: id },
      sourceKey: `src-${id}`,
      seq: 0,
      createdAt: at(seconds),
    });
    await t.store.outbox.enqueue([entry("first", 1), entry("third", 3)]);
    await t.store.db.outboxMessage.create({
      data: { id: "second", conversationId: "c", channel: "telegram", payload: t.cipher.encryptJson({ text: "second" }, FIELD.outboxPayload), sourceKey: "src-second", seq: 0, createdAt: at(2), nextAttemptAt: at(2) },
    });
    await expectSameForm("OutboxMessage", "createdAt", "id", "first", "second");
    await expectSameForm("OutboxMessage", "nextAttemptAt", "id", "first", "second");

    // raw reads of a typed row, in order
    expect((await t.store.outbox.pendingFor("c")).map((o) => [o.id, o.createdAt, o.nextAttemptAt, o.attempts])).toEqual([
      ["first", at(1), at(1), 0],
      ["second", at(2), at(2), 0],
      ["third", at(3), at(3), 0],
    ]);
    // typed comparisons over raw rows (due) and raw comparisons over typed rows (claim)
    expect((await t.store.outbox.due(at(2), 10)).map((o) => o.id)).toEqual(["first", "second"]);
    const claimed = await t.store.outbox.claim("c", { owner: "me", now: at(2), until: at(30) });
    expect(claimed.map((o) => [o.id, o.claimedBy, o.claimedUntil])).toEqual([
      ["first", "me", at(30)],
      ["second", "me", at(30)],
      ["third", undefined, undefined],
    ]);
    expect(await t.store.outbox.claim("c", { owner: "other", now: at(29), until: at(60) })).toMatchObject([{ claimedBy: "me" }, { claimedBy: "me" }, { claimedBy: undefined }]);
    await t.store.outbox.release("c", "me");
    expect((await t.store.outbox.claim("c", { owner: "other", now: at(3), until: at(60) })).map((o) => o.claimedBy)).toEqual(["other", "other", "other"]);

    const sentAt = at(40);
    expect(await t.store.outbox.markSentMany(["second", "first", "missing"], sentAt)).toBe(2);
    expect(await t.store.db.outboxMessage.findUniqueOrThrow({ where: { id: "second" } })).toMatchObject({ status: "sent", sentAt, claimedBy: null, claimedUntil: null });
    expect(await t.store.outbox.markSent("first", sentAt)).toBe(false);
    expect(await t.store.retention.deleteFinishedOutbox(at(3))).toBe(2);
  });

  it("should keep dedupe records, chat addresses and inbox rows readable by the typed queries", async () => {
    const before = new Date(Date.now() - 1);
    await t.store.inbound.record("k-raw", "c", [{ text: "hola" }]);
    await t.store.db.processedInbound.create({ data: { key: "k-typed", conversationId: "c", response: null } });
    await expectSameForm("ProcessedInbound", "createdAt", "key", "k-raw", "k-typed");
    expect(await t.store.inbound.find("k-typed")).toEqual({ response: [] });
    expect(await t.store.retention.deleteProcessedInbound(before)).toBe(0);
    expect(await t.store.retention.deleteProcessedInbound(new Date(Date.now() + 1_000))).toBe(2);

    await t.store.chatAddresses.upsert("c", "telegram", "555");
    await t.store.chatAddresses.upsert("c", "telegram", "556");
    const address = await t.store.db.chatAddress.findUniqueOrThrow({ where: { conversationId: "c" } });
    expect(address.updatedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(await t.store.chatAddresses.get("c")).toEqual({ channel: "telegram", address: "556" });

    await t.store.db.inboxUpdate.create({
      data: { key: "telegram:1", channel: "telegram", payload: t.cipher.encrypt("one", `${FIELD.inboxPayload}:telegram:1`), createdAt: new Date(Date.now() - 60_000) },
    });
    await t.store.inbox.put("telegram", [
      { key: "telegram:2", payload: "two" },
      { key: "telegram:1", payload: "replaced?" },
    ]);
    await expectSameForm("InboxUpdate", "createdAt", "key", "telegram:2", "telegram:1");
    expect(await t.store.inbox.list("telegram", 10)).toEqual([
      { key: "telegram:1", payload: "one" },
      { key: "telegram:2", payload: "two" },
    ]);
    await t.store.inbox.remove(["telegram:1"]);
    expect(await t.store.db.inboxUpdate.findMany({ select: { key: true } })).toEqual([{ key: "telegram:2" }]);
  });
});
