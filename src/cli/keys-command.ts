import { parseConfig } from "../config/config.ts";
import { addDataKey, cipherFrom, loadSecrets } from "../config/secrets.ts";
import { createLogger } from "../logging.ts";
import { migrate } from "../storage/migrate.ts";
import { openDatabase } from "../storage/open-database.ts";
import { rotateDataKey } from "../storage/rotate-data-key.ts";
import { type HeldLease, ServiceLeases } from "../storage/service-lease.ts";

export const KEYS_USAGE = `Usage (with the service stopped: stop → rotate → start):
  npm run keys -- rotate     add a new data key (in DATA_DIR/secrets.json) and re-encrypt all data with it
  npm run keys -- resume     re-encrypt what is still on an old key (after an interrupted rotation, or after
                             changing DATA_KEY: new key in DATA_KEY, the old one in DATA_KEYS_PREVIOUS)`;

export interface Output {
  log(line: string): void;
  error(line: string): void;
}

/**
 * `npm run keys -- rotate|resume`: data-key rotation. Old keys stay in the secrets file (or DATA_KEYS_PREVIOUS)
 * to read backups. Refuses while a service holds its lease: a running service would keep sealing with the old
 * key and could not read what this re-encrypts. Returns the exit code (2: refused, 1: failed).
 */
export async function runKeysCommand(
  args: string[],
  env: Record<string, string | undefined>,
  out: Output = { log: (l) => console.log(l), error: (l) => console.error(l) },
): Promise<number> {
  const command = args[0];
  if (command !== "rotate" && command !== "resume") {
    out.error(KEYS_USAGE);
    return 2;
  }
  const config = parseConfig(env);
  if (command === "rotate" && config.DATA_KEY) {
    out.error(
      "DATA_KEY is set in the environment: put the new key in DATA_KEY and the old one in DATA_KEYS_PREVIOUS, then run `npm run keys -- resume`.",
    );
    return 2;
  }
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  loadSecrets(config); // creates the file on a fresh install
  await migrate(config.DATABASE_URL);
  const { db, kind } = await openDatabase(config.DATABASE_URL);
  try {
    let lease: HeldLease;
    try {
      lease = await new ServiceLeases(db).holdForRotation();
    } catch (error) {
      out.error(`not rotating: ${(error as Error).message}`);
      return 2;
    }
    try {
      if (command === "rotate") out.log(`new data key: ${addDataKey(config.DATA_DIR)}`);
      const results = await rotateDataKey(db, kind, cipherFrom(loadSecrets(config)), logger);
      for (const r of results) out.log(`${r.table}: ${r.reencrypted} re-encrypted`);
      out.log("done: every encrypted value now uses the current key; start the service again");
      return 0;
    } catch (error) {
      out.error(`key rotation failed (run \`npm run keys -- resume\` to continue): ${(error as Error).message}`);
      return 1;
    } finally {
      await lease.release();
    }
  } finally {
    await db.$disconnect();
  }
}
