import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { type DatabaseKind, databaseKind, sqlitePath } from "./database-url.ts";
import { gatedAdapterFactory, gateTransactions, SqliteGate } from "./sqlite-gate.ts";
import { statementCachingFactory } from "./sqlite-statement-cache.ts";

/**
 * One client type for both providers: the generated clients differ only in their provider, so the
 * repositories are written once against the SQLite client's types.
 */
export type Db = SqliteClient;

export interface OpenedDatabase {
  db: Db;
  kind: DatabaseKind;
}

/**
 * Opens the database with the JS query engine and a driver adapter (no engine binaries). SQLite runs in WAL
 * mode with synchronous=FULL (a committed report survives a power cut), a busy timeout, and secure_delete so
 * deleted rows are overwritten in the file. Everything on SQLite's one connection goes through one FIFO queue
 * (sqlite-gate.ts), so nothing ever runs inside another caller's open transaction. Prepared statements are kept
 * for reuse (sqlite-statement-cache.ts).
 */
export async function openDatabase(url: string): Promise<OpenedDatabase> {
  const kind = databaseKind(url);
  if (kind === "sqlite") {
    const gate = new SqliteGate();
    const driver = statementCachingFactory(new PrismaBetterSQLite3({ url: `file:${sqlitePath(url)}`, timeout: 10_000 }));
    const adapter = gatedAdapterFactory(driver, gate);
    const db = gateTransactions(new SqliteClient({ adapter }), gate);
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = FULL");
    await db.$queryRawUnsafe("PRAGMA secure_delete = ON");
    await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
    return { db, kind };
  }
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  const db = new PostgresClient({ adapter }) as unknown as Db;
  return { db, kind };
}
