import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Config } from "./config.ts";

const ZSecretsFile = z.object({
  pseudonymKey: z.string().regex(/^[0-9a-f]{64}$/),
  dataKeys: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  currentDataKeyId: z.string(),
});
type SecretsFile = z.infer<typeof ZSecretsFile>;

export interface Secrets {
  pseudonymKey: Buffer;
  dataKeys: Record<string, Buffer>;
  currentDataKeyId: string;
  /** true when this start created the secrets file (said once in the logs, never the value) */
  generated: boolean;
}

export const SECRETS_FILE = "secrets.json";

/**
 * Keys from the environment when set, otherwise from DATA_DIR/secrets.json, created on first start with
 * mode 0600. Losing this file makes stored conversations and encrypted report fields unreadable: back it up.
 */
export function loadSecrets(config: Pick<Config, "DATA_DIR" | "PSEUDONYM_KEY" | "DATA_KEY">): Secrets {
  const path = join(config.DATA_DIR, SECRETS_FILE);
  let file: SecretsFile | undefined;
  let generated = false;
  if (existsSync(path)) {
    const parsed = ZSecretsFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
    if (!parsed.success || !parsed.data.dataKeys[parsed.data.currentDataKeyId]) {
      throw new Error(`${path} is not a valid secrets file; restore it from a backup`);
    }
    file = parsed.data;
  } else if (!config.PSEUDONYM_KEY || !config.DATA_KEY) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    file = {
      pseudonymKey: randomBytes(32).toString("hex"),
      dataKeys: { k1: randomBytes(32).toString("hex") },
      currentDataKeyId: "k1",
    };
    writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600);
    generated = true;
  }
  const dataKeys: Record<string, Buffer> = {};
  for (const [id, hex] of Object.entries(file?.dataKeys ?? {})) dataKeys[id] = Buffer.from(hex, "hex");
  let currentDataKeyId = file?.currentDataKeyId ?? "env";
  if (config.DATA_KEY) {
    // An explicit DATA_KEY becomes the current key; keys in the file stay available to decrypt old values.
    const envKey = Buffer.from(config.DATA_KEY, "hex");
    const existing = Object.entries(dataKeys).find(([, key]) => key.equals(envKey));
    currentDataKeyId = existing ? existing[0] : "env";
    dataKeys[currentDataKeyId] = envKey;
  }
  const pseudonymKey = Buffer.from(config.PSEUDONYM_KEY ?? file!.pseudonymKey, "hex");
  return { pseudonymKey, dataKeys, currentDataKeyId, generated };
}

/** Adds a new data key and makes it current (used by `npm run keys -- rotate`). Returns the new key id. */
export function addDataKey(dataDir: string): string {
  const path = join(dataDir, SECRETS_FILE);
  const file = ZSecretsFile.parse(JSON.parse(readFileSync(path, "utf8")));
  const next = `k${Object.keys(file.dataKeys).length + 1}`;
  file.dataKeys[next] = randomBytes(32).toString("hex");
  file.currentDataKeyId = next;
  writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
  return next;
}
