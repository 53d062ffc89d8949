import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type DatabaseKind, sqlitePath } from "../../src/storage/database-url.ts";
import { listMigrations, MIGRATIONS_ROOT, migrate } from "../../src/storage/migrate.ts";
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

    it("should upgrade from every earlier migration set", async () => {
      const all = listMigrations(kind);
      for (let keep = 0; keep < all.length; keep++) {
        const url = await fresh(kind);
        expect(await migrate(url, migrationsRoot(kind, keep))).toHaveLength(keep);
        expect(await migrate(url)).toEqual(all.slice(keep).map((m) => m.name));
        expect(await migrate(url)).toEqual([]);
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
