import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { type DatabaseKind, databaseKind, sqlitePath } from "./database-url.ts";

export const MIGRATIONS_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** The committed migrations for a provider, in order. */
export function listMigrations(kind: DatabaseKind, root: string = MIGRATIONS_ROOT): Migration[] {
  const dir = join(root, kind);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
  "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;
const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
  migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`;
/** arbitrary constant: one migrator at a time across instances sharing a PostgreSQL database */
const PG_LOCK_ID = 727_073_690;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
}

/**
 * Applies pending migrations at start-up. Each migration runs in its own transaction (both SQLite and
 * PostgreSQL have transactional DDL), so a failing one leaves no half-applied schema; the error names it.
 * Compatible with Prisma's `_prisma_migrations` table, so `prisma migrate status` agrees.
 * Returns the names applied now.
 */
export async function migrate(url: string, root: string = MIGRATIONS_ROOT): Promise<string[]> {
  const kind = databaseKind(url);
  const migrations = listMigrations(kind, root);
  return kind === "sqlite" ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}

function pending(migrations: Migration[], applied: AppliedRow[]): Migration[] {
  const byName = new Map(applied.map((row) => [row.migration_name, row]));
  for (const row of applied) {
    if (!row.finished_at) {
      throw new MigrationError(
        `migration ${row.migration_name} was started but never finished; restore a backup or remove its row from _prisma_migrations after checking the schema`,
      );
    }
  }
  for (const m of migrations) {
    const row = byName.get(m.name);
    if (row && row.checksum !== m.checksum) {
      throw new MigrationError(`migration ${m.name} was changed after it was applied (checksum differs)`);
    }
  }
  return migrations.filter((m) => !byName.has(m.name));
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const path = sqlitePath(url);
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    // pages a migration frees (a redefined table's old copy) are zeroed, like every other delete
    db.pragma("secure_delete = ON");
    db.exec(SQLITE_TABLE);
    const applied = db
      .prepare(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      )
      .all() as AppliedRow[];
    const names: string[] = [];
    // Prisma redefines SQLite tables (copy, DROP, rename) expecting foreign keys off; the PRAGMA in its SQL is
    // a no-op inside our transaction, and with keys on the DROP would cascade-delete the rows that point at
    // the table (e.g. a report's timeline). So: off around the migrations, and checked before each commit.
    db.pragma("foreign_keys = OFF");
    for (const m of pending(migrations, applied)) {
      const apply = db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length) throw new Error(`${broken.length} rows break a foreign key`);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, ?, ?, 1)`,
        ).run(randomUUID(), m.checksum, new Date().toISOString(), m.name);
      });
      try {
        apply.immediate();
      } catch (error) {
        throw new MigrationError(
          `migration ${m.name} failed and was rolled back: ${(error as Error).message}`,
        );
      }
      names.push(m.name);
    }
    return names;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_ID]);
    await client.query(PG_TABLE);
    const applied = (
      await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      )
    ).rows;
    const names: string[] = [];
    for (const m of pending(migrations, applied)) {
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new MigrationError(
          `migration ${m.name} failed and was rolled back: ${(error as Error).message}`,
        );
      }
      names.push(m.name);
    }
    return names;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}
