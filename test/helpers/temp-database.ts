import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { FieldCipher } from "../../src/core/crypto.ts";
import type { DatabaseKind } from "../../src/storage/database-url.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { PrismaStore } from "../../src/storage/prisma-store.ts";

export interface TempDatabase {
  kind: DatabaseKind;
  url: string;
  store: PrismaStore;
  cipher: FieldCipher;
  cleanup(): Promise<void>;
}

/** The providers storage tests run on: SQLite always, PostgreSQL when the suite's server is up (always in CI). */
export function providers(): DatabaseKind[] {
  return inject("postgresUrl") ? ["sqlite", "postgresql"] : ["sqlite"];
}

/** A fresh, empty database URL: a temp SQLite file or a new database on the suite's PostgreSQL server. */
export async function freshDatabaseUrl(kind: DatabaseKind): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "trata-bot-test-"));
    return { url: `file:${join(dir, "test.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = inject("postgresUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return {
    url: admin.replace(/\/[^/]*$/, `/${name}`),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A migrated database of the given kind with a fresh encryption key. */
export async function tempStore(kind: DatabaseKind = "sqlite"): Promise<TempDatabase> {
  const { url, drop } = await freshDatabaseUrl(kind);
  await migrate(url);
  const { db } = await openDatabase(url);
  const cipher = new FieldCipher("k1", { k1: randomBytes(32) });
  let n = 0;
  const store = new PrismaStore(db, cipher, () => `id-${++n}-${randomBytes(4).toString("hex")}`, kind);
  return {
    kind,
    url,
    store,
    cipher,
    async cleanup() {
      await store.close();
      await drop();
    },
  };
}
