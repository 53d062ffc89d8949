import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FieldCipher } from "../../src/core/crypto.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { PrismaStore } from "../../src/storage/prisma-store.ts";

export interface TempDatabase {
  url: string;
  dir: string;
  store: PrismaStore;
  cipher: FieldCipher;
  cleanup(): Promise<void>;
}

/** A migrated SQLite database in a temp folder, with a fresh encryption key. */
export async function tempSqliteStore(): Promise<TempDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "trata-bot-test-"));
  const url = `file:${join(dir, "test.db")}`;
  await migrate(url);
  const { db } = await openDatabase(url);
  const cipher = new FieldCipher("k1", { k1: randomBytes(32) });
  let n = 0;
  const store = new PrismaStore(db, cipher, () => `id-${++n}-${randomBytes(4).toString("hex")}`);
  return {
    url,
    dir,
    store,
    cipher,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
