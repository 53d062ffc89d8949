import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { dataKeyId, FieldCipher } from "../core/crypto.ts";
import type { Config } from "./config.ts";

const ZSecretsFile = z.object({
  pseudonymKey: z.string().regex(/^[0-9a-f]{64}$/),
  dataKeys: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  currentDataKeyId: z.string(),
});
type SecretsFile = z.infer<typeof ZSecretsFile>;

export interface Secrets {
  pseudonymKey: Buffer;
  /** every data key this process can decrypt with, by id */
  dataKeys: Record<string, Buffer>;
  currentDataKeyId: string;
  /** key ids older versions used for "whatever DATA_KEY was" (see FieldCipher) */
  ambiguousKeyIds: string[];
  /** true when this start created the secrets file (said once in the logs, never the value) */
  generated: boolean;
}

export const SECRETS_FILE = "secrets.json";
/** The id versions before key fingerprints gave to any key taken from DATA_KEY. */
const LEGACY_ENV_KEY_ID = "env";

/**
 * Keys from the environment when set, otherwise from DATA_DIR/secrets.json, created on first start with
 * mode 0600. Losing this file makes stored conversations and encrypted report fields unreadable: back it up.
 *
 * Data keys are named by the file (k1, k2… or a fingerprint) or, for keys only in the environment, by their
 * fingerprint (`dataKeyId`). DATA_KEY is the current key; DATA_KEYS_PREVIOUS (comma-separated) and the file's
 * keys stay available to decrypt, so rotating DATA_KEY is: new key in DATA_KEY, old one in DATA_KEYS_PREVIOUS,
 * then `npm run keys -- resume` with the service stopped.
 */
export function loadSecrets(
  config: Pick<Config, "DATA_DIR" | "PSEUDONYM_KEY" | "DATA_KEY" | "DATA_KEYS_PREVIOUS">,
): Secrets {
  const path = join(config.DATA_DIR, SECRETS_FILE);
  let file: SecretsFile | undefined;
  let generated = false;
  if (existsSync(path)) {
    file = readSecretsFile(path);
  } else if (!config.PSEUDONYM_KEY || !config.DATA_KEY) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    const key = randomBytes(32);
    file = {
      pseudonymKey: randomBytes(32).toString("hex"),
      dataKeys: { [dataKeyId(key)]: key.toString("hex") },
      currentDataKeyId: dataKeyId(key),
    };
    writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600);
    generated = true;
  }
  const dataKeys: Record<string, Buffer> = {};
  for (const [id, hex] of Object.entries(file?.dataKeys ?? {})) dataKeys[id] = Buffer.from(hex, "hex");
  /** a key from the environment keeps the file's name for it when the file has it, else its fingerprint */
  const add = (hex: string): string => {
    const key = Buffer.from(hex.toLowerCase(), "hex");
    const known = Object.entries(dataKeys).find(([, k]) => k.equals(key));
    if (known) return known[0];
    const id = dataKeyId(key);
    dataKeys[id] = key;
    return id;
  };
  for (const hex of previousKeys(config.DATA_KEYS_PREVIOUS)) add(hex);
  const currentDataKeyId = config.DATA_KEY ? add(config.DATA_KEY) : file!.currentDataKeyId;
  const pseudonymKey = Buffer.from(config.PSEUDONYM_KEY ?? file!.pseudonymKey, "hex");
  const ambiguousKeyIds = dataKeys[LEGACY_ENV_KEY_ID] ? [] : [LEGACY_ENV_KEY_ID];
  return { pseudonymKey, dataKeys, currentDataKeyId, ambiguousKeyIds, generated };
}

/** The field cipher for these secrets. */
export function cipherFrom(secrets: Secrets): FieldCipher {
  return new FieldCipher(secrets.currentDataKeyId, secrets.dataKeys, secrets.ambiguousKeyIds);
}

/**
 * Adds a new data key to the secrets file and makes it current (`npm run keys -- rotate`). Returns its id (a
 * fingerprint). Written to a temporary file and renamed, so a crash never leaves a half-written secrets file.
 */
export function addDataKey(dataDir: string): string {
  const path = join(dataDir, SECRETS_FILE);
  const file = readSecretsFile(path);
  const key = randomBytes(32);
  const id = dataKeyId(key);
  file.dataKeys[id] = key.toString("hex");
  file.currentDataKeyId = id;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(file, null, 2), { mode: 0o600 });
  renameSync(temporary, path);
  return id;
}

function readSecretsFile(path: string): SecretsFile {
  const parsed = ZSecretsFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success || !parsed.data.dataKeys[parsed.data.currentDataKeyId]) {
    throw new Error(`${path} is not a valid secrets file; restore it from a backup`);
  }
  return parsed.data;
}

function previousKeys(list: string | undefined): string[] {
  return (list ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
}
