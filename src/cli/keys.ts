import { parseConfig } from "../config/config.ts";
import { addDataKey, cipherFrom, loadSecrets } from "../config/secrets.ts";
import { createLogger } from "../logging.ts";
import { migrate } from "../storage/migrate.ts";
import { openDatabase } from "../storage/open-database.ts";
import { rotateDataKey } from "../storage/rotate-data-key.ts";
import { ServiceLeases } from "../storage/service-lease.ts";

const USAGE = `Usage (with the service stopped: stop → rotate → start):
  npm run keys -- rotate     add a new data key (in DATA_DIR/secrets.json) and re-encrypt all data with it
  npm run keys -- resume     re-encrypt what is still on an old key (after an interrupted rotation, or after
                             changing DATA_KEY: new key in DATA_KEY, the old one in DATA_KEYS_PREVIOUS)`;

/**
 * `npm run keys -- rotate|resume`: data-key rotation. Old keys stay in the secrets file (or DATA_KEYS_PREVIOUS)
 * to read backups. Refuses while a service holds its lease: a running service would keep sealing with the old
 * key and could not read what this re-encrypts.
 */
async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== "rotate" && command !== "resume") {
    console.error(USAGE);
    process.exit(2);
  }
  const config = parseConfig(process.env);
  if (command === "rotate" && config.DATA_KEY) {
    console.error(
      "DATA_KEY is set in the environment: put the new key in DATA_KEY and the old one in DATA_KEYS_PREVIOUS, then run `npm run keys -- resume`.",
    );
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  loadSecrets(config); // creates the file on a fresh install
  await migrate(config.DATABASE_URL);
  const { db, kind } = await openDatabase(config.DATABASE_URL);
  try {
    let lease;
    try {
      lease = await new ServiceLeases(db).holdForRotation();
    } catch (error) {
      console.error(`not rotating: ${(error as Error).message}`);
      process.exitCode = 2;
      return;
    }
    try {
      if (command === "rotate") console.log(`new data key: ${addDataKey(config.DATA_DIR)}`);
      const results = await rotateDataKey(db, kind, cipherFrom(loadSecrets(config)), logger);
      for (const r of results) console.log(`${r.table}: ${r.reencrypted} re-encrypted`);
      console.log("done: every encrypted value now uses the current key; start the service again");
    } finally {
      await lease.release();
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error("key rotation failed (run `npm run keys -- resume` to continue):", error instanceof Error ? error.message : error);
  process.exit(1);
});
