/**
 * Case codes: the reporter's receipt. 16 Crockford base32 characters = 80 random bits, shown in groups of four
 * (e.g. `K7QM-3XDP-9RTA-WB2F`). Crockford's alphabet has no I, L, O or U, so codes are easy to read aloud and
 * copy; parsing is case-insensitive and maps the look-alikes (O→0, I/L→1) back.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CASE_CODE_LENGTH = 16;

/** Builds a code from 10 random bytes (the caller passes a CSPRNG: `crypto.randomBytes(10)`). */
export function caseCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 10) throw new Error("case code needs 10 random bytes");
  let bits = 0n;
  for (const byte of bytes.subarray(0, 10)) bits = (bits << 8n) | BigInt(byte);
  let out = "";
  for (let i = 0; i < CASE_CODE_LENGTH; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return formatCaseCode(out);
}

export function formatCaseCode(raw16: string): string {
  return raw16.match(/.{1,4}/g)!.join("-");
}

/**
 * Normalizes what a person typed into the canonical grouped form, or returns undefined when it cannot be a
 * code. Spaces, dashes and dots are ignored; case-insensitive; O→0, I/L→1.
 */
export function parseCaseCode(input: string): string | undefined {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-._]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (cleaned.length !== CASE_CODE_LENGTH) return undefined;
  for (const ch of cleaned) if (!ALPHABET.includes(ch)) return undefined;
  return formatCaseCode(cleaned);
}
