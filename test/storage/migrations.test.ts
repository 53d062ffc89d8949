import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createIdentity } from "../../src/app/identity.ts";
import { hashStoredCaseCodes } from "../../src/app/reports/hash-stored-case-codes.ts";
import { FieldCipher } from "../../src/core/crypto.ts";
import { type DatabaseKind, sqlitePath } from "../../src/storage/database-url.ts";
import { listMigrations, MIGRATIONS_ROOT, migrate } from "../../src/storage/migrate.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { FIELD, PrismaStore } from "../../src/storage/prisma-store.ts";
import { freshDatabaseUrl, providers } from "../helpers/temp-database.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function fresh(kind: DatabaseKind): Promise<string> {
  const db = await freshDatabaseUrl(kind);
  cleanups.push(db.drop);
  return db.url;
}

/** The schema of a database as comparable text: tables, columns, indexes (no migration bookkeeping). */
async function describeSchema(kind: DatabaseKind, url: string): Promise<string[]> {
  if (kind === "sqlite") {
    const db = new Database(sqlitePath(url), { readonly: true });
    const rows = db
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as { type: string; name: string; sql: string | null }[];
    db.close();
    // ALTER TABLE … ADD COLUMN appends to the stored CREATE text with its own spacing: compare tokens only
    const normalize = (sql: string) => sql.replace(/\s+/g, " ").replace(/\s*([(),])\s*/g, "$1");
    return rows.map((r) => `${r.type} ${r.name}: ${normalize(r.sql ?? "")}`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const columns = await client.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name NOT LIKE '_prisma%' ORDER BY table_name, column_name`,
  );
  const indexes = await client.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '_prisma%' ORDER BY indexname`,
  );
  await client.end();
  return [...columns.rows.map((r) => JSON.stringify(r)), ...indexes.rows.map((r) => JSON.stringify(r))];
}

/** Applies the SQL Prisma generates straight from the datamodel (what the schema says the database is). */
function datamodelSql(kind: DatabaseKind, url: string): string {
  const args =
    kind === "sqlite"
      ? ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"]
      : ["migrate", "diff", "--config", "prisma/postgresql/prisma.config.ts", "--from-empty", "--to-schema-datamodel", "prisma/postgresql/schema.prisma", "--script"];
  return execFileSync(process.execPath, ["node_modules/prisma/build/index.js", ...args], {
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "ignore"],
  }).toString();
}

async function execSql(kind: DatabaseKind, url: string, sql: string): Promise<void> {
  if (kind === "sqlite") {
    const db = new Database(sqlitePath(url));
    db.exec(sql);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql);
  await client.end();
}

const CODE = "AAAA-BBBB-CCCC-DDDD";
const PHOTO = Buffer.from("not really a jpeg, but bytes all the same");

/**
 * Rows as an installation had them after the first `applied` migrations, written with plain SQL in that
 * schema: the first migration (20261124000000_init) keeps case codes in clear; the security migration
 * (20261201020000_security_hardening) keeps their hash and adds photos.
 */
async function insertOldRows(kind: DatabaseKind, url: string, cipher: FieldCipher, applied: string[]): Promise<void> {
  const at = new Date("2026-11-20T10:00:00Z");
  const time = kind === "sqlite" ? at.toISOString().replace("Z", "+00:00") : at;
  const security = applied.includes("20261201020000_security_hardening");
  const session = { v: 1, flowId: "menu", revision: 1, nodeId: "main", status: "completed", locale: "es", vars: {} };
  const code = security ? { codeHash: "hash-of-the-code", codeTail: "DDDD" } : { caseCode: CODE };
  const rows: [string, Record<string, unknown>][] = [
    ["Conversation", { id: "conv-old", channel: "telegram", locale: "es", state: cipher.encryptJson(session, FIELD.conversationState), version: 3, lastInboundAt: time, createdAt: time, updatedAt: time }],
    ["ChatAddress", { conversationId: "conv-old", channel: "telegram", address: cipher.encrypt("555000111", FIELD.chatAddress), updatedAt: time }],
    ["ProcessedInbound", { key: "key-old", conversationId: "conv-old", response: cipher.encryptJson([{ text: "hola" }], FIELD.inboundResponse), createdAt: time }],
    ["Report", {
      id: "rep-old", ...code, sourceKey: "key-old", channel: "telegram", locale: "es", flowId: "report", flowRevision: 1,
      kind: "job_offer", body: cipher.encryptJson({ description: "oferta" }, FIELD.reportBody), urgency: "high", urgencyRank: 2,
      categories: "[]", minor: kind === "sqlite" ? 1 : true, referrals: "[]", reasons: "[]", status: "new", reporterLink: "conv-old", createdAt: time, updatedAt: time,
    }],
    ["FollowUp", { id: "fu-old", reportId: "rep-old", kind: "reporter", body: cipher.encrypt("algo más", FIELD.followUpBody), createdAt: time }],
    ["OutboxMessage", {
      id: "out-old", conversationId: "conv-old", channel: "telegram", payload: cipher.encryptJson({ text: "Tu código" }, FIELD.outboxPayload),
      status: "pending", attempts: 0, nextAttemptAt: time, sourceKey: "key-old", seq: 0, createdAt: time,
    }],
    ...(security
      ? ([["ReportMedia", {
          id: "media-old", reportId: "rep-old", mimeType: "image/jpeg", bytes: PHOTO.length, width: 1, height: 1,
          data: cipher.encryptBytes(PHOTO, `${FIELD.reportMedia}:media-old`), createdAt: time,
        }]] as [string, Record<string, unknown>][])
      : []),
  ];
  if (kind === "sqlite") {
    const db = new Database(sqlitePath(url));
    for (const [table, values] of rows) {
      const columns = Object.keys(values);
      db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`).run(...Object.values(values));
    }
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const [table, values] of rows) {
    const columns = Object.keys(values);
    await client.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
      Object.values(values),
    );
  }
  await client.end();
}

/** A copy of the committed migrations plus extra ones, for upgrade and failure tests. */
function migrationsRoot(kind: DatabaseKind, keep: number, extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "trata-bot-mig-"));
  cleanups.push(async () => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, kind));
  for (const m of listMigrations(kind).slice(0, keep)) cpSync(join(MIGRATIONS_ROOT, kind, m.name), join(root, kind, m.name), { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(join(root, kind, name));
    writeFileSync(join(root, kind, name, "migration.sql"), sql);
  }
  return root;
}

describe("migrations", () => {
  it("should keep the providers' migration folders and schemas in step", () => {
    const names = (kind: DatabaseKind) => readdirSync(join(MIGRATIONS_ROOT, kind)).filter((n) => !n.endsWith(".toml")).sort();
    expect(names("postgresql")).toEqual(names("sqlite"));
    expect(() => execFileSync(process.execPath, ["scripts/sync-schemas.mjs", "--check"], { stdio: "pipe" })).not.toThrow();
  });

  describe.each(providers())("on %s", (kind) => {
    it("should build exactly the schema the datamodel describes", async () => {
      const migrated = await fresh(kind);
      await migrate(migrated);
      const expected = await fresh(kind);
      await execSql(kind, expected, datamodelSql(kind, expected));
      expect(await describeSchema(kind, migrated)).toEqual(await describeSchema(kind, expected));
    });

    it("should upgrade from every earlier migration set, keeping the data", async () => {
      const all = listMigrations(kind);
      expect(all.map((m) => m.name).slice(0, 3)).toEqual(["20261124000000_init", "20261201020000_security_hardening", "20261201030000_reliability"]);
      for (let keep = 0; keep < all.length; keep++) {
        const url = await fresh(kind);
        expect(await migrate(url, migrationsRoot(kind, keep))).toHaveLength(keep);
        const cipher = new FieldCipher("k1", { k1: randomBytes(32) });
        const applied = all.slice(0, keep).map((m) => m.name);
        if (keep > 0) await insertOldRows(kind, url, cipher, applied);
        expect(await migrate(url)).toEqual(all.slice(keep).map((m) => m.name));
        expect(await migrate(url)).toEqual([]);
        if (keep === 0) continue;
        // what was stored before the upgrade reads back through today's store
        const { db } = await openDatabase(url);
        const store = new PrismaStore(db, cipher, () => `id-${randomBytes(4).toString("hex")}`, kind);
        try {
          expect((await store.conversations.load("conv-old"))?.session).toMatchObject({ flowId: "menu", nodeId: "main" });
          expect(await store.chatAddresses.get("conv-old")).toEqual({ channel: "telegram", address: "555000111" });
          expect(await store.inbound.find("key-old")).toEqual({ response: [{ text: "hola" }] });
          let codeHash = "hash-of-the-code";
          if (!applied.includes("20261201020000_security_hardening")) {
            // a code kept in clear is hashed at the next start-up, and works from then on
            const identity = createIdentity(randomBytes(32));
            expect(await hashStoredCaseCodes(store, identity)).toBe(1);
            codeHash = identity.caseCodeHash(CODE);
          } else {
            expect(await store.media.read("rep-old", "media-old")).toMatchObject({ mimeType: "image/jpeg", data: PHOTO });
          }
          expect(await store.reports.findByCodeHash(codeHash)).toMatchObject({ id: "rep-old", codeTail: "DDDD", urgency: "high", minor: true, body: { description: "oferta" } });
          expect((await store.reports.listFollowUps("rep-old")).map((f) => f.body)).toEqual(["algo más"]);
          const pending = await store.outbox.pendingFor("conv-old");
          expect(pending).toMatchObject([{ id: "out-old", message: { text: "Tu código" }, claimedBy: undefined, attempts: 0 }]);
          // and today's features work on it: claims, the inbox
          const now = new Date();
          expect((await store.outbox.claim("conv-old", { owner: "A", now, until: new Date(now.getTime() + 60_000) }))[0]?.claimedBy).toBe("A");
          expect(await store.outbox.markSent("out-old", now)).toBe(true);
          await store.inbox.put("telegram", [{ key: "telegram:1", payload: "{}" }]);
          expect(await store.inbox.list("telegram", 5)).toEqual([{ key: "telegram:1", payload: "{}" }]);
        } finally {
          await store.close();
        }
      }
    });

    it("should report a failing migration by name and leave no half-applied schema", async () => {
      const url = await fresh(kind);
      const count = listMigrations(kind).length;
      const root = migrationsRoot(kind, count, {
        "99990101000000_broken": `CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;`,
      });
      await expect(migrate(url, root)).rejects.toThrow(/migration 99990101000000_broken failed and was rolled back/);
      const schema = (await describeSchema(kind, url)).join("\n");
      expect(schema).not.toContain("Half");
      expect(schema).toContain("Report");
      // fixed and re-run: it applies cleanly
      const fixed = migrationsRoot(kind, count, { "99990101000000_broken": `CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);` });
      expect(await migrate(url, fixed)).toEqual(["99990101000000_broken"]);
    });

    it("should refuse to run when an applied migration was edited", async () => {
      const url = await fresh(kind);
      const count = listMigrations(kind).length;
      await migrate(url, migrationsRoot(kind, count, { "99990101000000_x": `CREATE TABLE "X1" ("id" TEXT PRIMARY KEY);` }));
      const edited = migrationsRoot(kind, count, { "99990101000000_x": `CREATE TABLE "X2" ("id" TEXT PRIMARY KEY);` });
      await expect(migrate(url, edited)).rejects.toThrow(/changed after it was applied/);
    });
  });
});
