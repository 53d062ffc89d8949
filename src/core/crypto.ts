import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";

/**
 * Keyed pseudonyms: HMAC-SHA256 of a namespaced value, base64url. Used for conversation ids and the
 * report ↔ reporter link, so the raw chat id never reaches a table.
 */
export function pseudonym(key: Buffer, ...parts: string[]): string {
  return createHmac("sha256", key).update(parts.join("\u0000")).digest("base64url");
}

/**
 * The id of a data key: "f" + the first 8 hex characters of SHA-256(key). Derived from the key itself, so the
 * same key always gets the same id wherever it comes from (the secrets file, DATA_KEY, DATA_KEYS_PREVIOUS) and
 * two different keys practically never share one.
 */
export function dataKeyId(key: Buffer): string {
  return `f${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
}

/**
 * Field-level authenticated encryption (AES-256-GCM). Output: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url).
 * The key id allows rotation: old ciphertexts name the key they need. The `context` (e.g. the column name) is
 * bound as associated data, so a value copied into another column does not decrypt.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;
  constructor(
    private readonly currentKeyId: string,
    keys: Record<string, Buffer>,
    /**
     * ids an older version gave to whichever key was in the environment ("env"): a value sealed under one of
     * them is tried with every known key (GCM's tag tells the right one)
     */
    private readonly ambiguousIds: readonly string[] = [],
  ) {
    this.keys = new Map(Object.entries(keys));
    if (!this.keys.has(currentKeyId)) throw new Error("current data key missing");
    for (const k of this.keys.values()) if (k.length !== 32) throw new Error("data keys must be 32 bytes");
  }

  /** The id new values are sealed with. */
  get keyId(): string {
    return this.currentKeyId;
  }

  /** True when a value sealed under this key id can be opened. */
  knows(keyId: string): boolean {
    return this.keys.has(keyId) || this.ambiguousIds.includes(keyId);
  }

  encrypt(plaintext: string, context: string): string {
    return this.seal(Buffer.from(plaintext, "utf8"), context);
  }

  /** Like `encrypt`, for binary data (photos). */
  encryptBytes(data: Buffer, context: string): string {
    return this.seal(data, context);
  }

  decryptBytes(sealed: string, context: string): Buffer {
    return this.open(sealed, context);
  }

  private seal(data: Buffer, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      "v1",
      this.currentKeyId,
      iv.toString("base64url"),
      tag.toString("base64url"),
      body.toString("base64url"),
    ].join(".");
  }

  decrypt(sealed: string, context: string): string {
    return this.open(sealed, context).toString("utf8");
  }

  private open(sealed: string, context: string): Buffer {
    const [version, keyId, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || !keyId || iv === undefined || tag === undefined || body === undefined) {
      throw new Error("not an encrypted value");
    }
    const key = this.keys.get(keyId);
    const candidates = key ? [key] : this.ambiguousIds.includes(keyId) ? [...this.keys.values()] : [];
    if (candidates.length === 0) throw new UnknownDataKeyError();
    let failure: unknown;
    for (const candidate of candidates) {
      try {
        const decipher = createDecipheriv("aes-256-gcm", candidate, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }

  /** True when the value was sealed with an older key (used by key rotation). */
  needsRotation(sealed: string): boolean {
    return sealed.split(".")[1] !== this.currentKeyId;
  }

  encryptJson(value: unknown, context: string): string {
    return this.encrypt(JSON.stringify(value), context);
  }

  decryptJson<T>(sealed: string, context: string): T {
    return JSON.parse(this.decrypt(sealed, context)) as T;
  }
}

/** A value sealed under a key this process does not have (e.g. rotated by another process). */
export class UnknownDataKeyError extends Error {
  override name = "UnknownDataKeyError";
  constructor() {
    super("unknown data key id");
  }
}
