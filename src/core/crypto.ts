import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

/**
 * Keyed pseudonyms: HMAC-SHA256 of a namespaced value, base64url. Used for conversation ids and the
 * report ↔ reporter link, so the raw chat id never reaches a table.
 */
export function pseudonym(key: Buffer, ...parts: string[]): string {
  return createHmac("sha256", key).update(parts.join("\u0000")).digest("base64url");
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
  ) {
    this.keys = new Map(Object.entries(keys));
    if (!this.keys.has(currentKeyId)) throw new Error("current data key missing");
    for (const k of this.keys.values()) if (k.length !== 32) throw new Error("data keys must be 32 bytes");
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
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
    const [version, keyId, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || !keyId || iv === undefined || tag === undefined || body === undefined) {
      throw new Error("not an encrypted value");
    }
    const key = this.keys.get(keyId);
    if (!key) throw new Error("unknown data key id");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
      "utf8",
    );
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
