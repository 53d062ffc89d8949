import { parseConfig } from "../config/config.ts";
import { addDataKey, loadSecrets } from "../config/secrets.ts";
import { FieldCipher } from "../core/crypto.ts";
import { createLogger } from "../logging.ts";
import { migrate } from "../storage/migrate.ts";
import { openDatabase } from "../storage/open-database.ts";
import { rotateDataKey } from "../storage/rotate-data-key.ts";

const USAGE = `Usage:
  npm run keys -- rotate     add a new data key (in DATA_DIR/secrets.json) and re-encrypt all data with it
  npm run keys -- resume     re-encrypt what is still on an old key (after an interrupted rotation)`;

/** `npm run keys -- rotate|resume`: data-key rotation. Old keys stay in the secrets file to read backups. */
async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== "rotate" && command !== "resume") {
    console.error(USAGE);
    process.exit(2);
  }
  const config = parseConfig(process.env);
  if (command === "rotate" && config.DATA_KEY) {
    console.error("DATA_KEY is set in the environment: set the new key there (keep the old one in secrets.json) and run `resume`.");
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  loadSecrets(config); // creates the file on a fresh install
  if (command === "rotate") console.log(`new data key: ${addDataKey(config.DATA_DIR)}`);
  const secrets = loadSecrets(config);
  await migrate(config.DATABASE_URL);
  const { db, kind } = await openDatabase(config.DATABASE_URL);
  try {
    const cipher = new FieldCipher(secrets.currentDataKeyId, secrets.dataKeys);
    const results = await rotateDataKey(db, kind, cipher, logger);
    for (const r of results) console.log(`${r.table}: ${r.reencrypted} re-encrypted`);
    console.log("done: every encrypted value now uses the current key");
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error("key rotation failed (run `npm run keys -- resume` to continue):", error instanceof Error ? error.message : error);
  process.exit(1);
});
