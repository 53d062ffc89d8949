import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { generateSecret, generateURI, verify as verifyOtp } from "otplib";
import type { Credentials } from "../app/console/ports.ts";

/** Crockford-style alphabet without look-alikes: easy to read out and type once. */
const PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ";
const PASSWORD_LENGTH = 20; // 20 × log2(54) ≈ 115 bits

/**
 * Argon2id (the library's defaults: 19 MiB, t=2, p=1, as OWASP recommends), CSPRNG secrets and RFC 6238 TOTP
 * (6 digits, 30 s, ±1 step of clock drift).
 */
export function createCredentials(): Credentials {
  let dummy: Promise<string> | undefined;
  return {
    hashPassword: (password) => hash(password),
    async verifyPassword(stored, password) {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    },
    async burnTime(password) {
      dummy ??= hash(randomBytes(16).toString("hex"));
      await verify(await dummy, password).catch(() => false);
    },
    newPassword() {
      let out = "";
      for (let i = 0; i < PASSWORD_LENGTH; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
      return out;
    },
    newToken: () => randomBytes(32).toString("base64url"),
    digest: (token) => createHash("sha256").update(token).digest("hex"),
    same(a, b) {
      const x = Buffer.from(a);
      const y = Buffer.from(b);
      return x.length === y.length && timingSafeEqual(x, y);
    },
    newTotpSecret: () => generateSecret(),
    totpUri: (secret, label) => generateURI({ issuer: "trata-bot consola", label, secret }),
    async verifyTotp(secret, code, at) {
      const token = code.replace(/\s/g, "");
      if (!/^\d{6}$/.test(token)) return undefined;
      try {
        const result = await verifyOtp({ secret, token, epoch: Math.floor(at.getTime() / 1000), epochTolerance: 30 });
        return result.valid && "timeStep" in result ? result.timeStep : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
