import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { type DirectoryStore, type ServiceRecord, ZServiceRecord } from "./types.ts";

/** Default location of the CLI's store, relative to the working directory (`data/` is git-ignored). */
export const DEFAULT_STORE_PATH = "data/directory-imported.json";

/** The file format, versioned so a later shape can be migrated instead of misread. */
const ZStoreFile = z.object({ v: z.literal(1), services: z.array(ZServiceRecord) });

/** The store path: `DIRECTORY_STORE_PATH` when set, else {@link DEFAULT_STORE_PATH}. */
export function storePathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DIRECTORY_STORE_PATH?.trim() || DEFAULT_STORE_PATH);
}

/**
 * A {@link DirectoryStore} in one JSON file `{ v: 1, services: [...] }`, for the CLI until the app's
 * `DirectoryService` table replaces it. Upserts by id; writes go to a temporary file renamed over the old
 * one, so a crash never leaves half a file. Not for concurrent writers.
 */
export function createJsonFileStore(path: string): DirectoryStore {
  function read(): ServiceRecord[] {
    if (!existsSync(path)) return [];
    const parsed = ZStoreFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
    if (!parsed.success) {
      throw new Error(`${path}: not a directory store file (${z.prettifyError(parsed.error)})`);
    }
    return parsed.data.services;
  }
  return {
    async upsertServices(records) {
      const byId = new Map(read().map((s) => [s.id, s]));
      let inserted = 0;
      let updated = 0;
      for (const record of records) {
        if (byId.has(record.id)) updated++;
        else inserted++;
        byId.set(record.id, record);
      }
      mkdirSync(dirname(path), { recursive: true });
      const services = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ v: 1, services }, null, 2)}\n`, "utf8");
      renameSync(temporary, path);
      return { inserted, updated };
    },
    async listServices() {
      return read();
    },
  };
}
