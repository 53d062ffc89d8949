/**
 * Decodes a downloaded CSV: UTF-8 when the bytes are valid UTF-8 (BOM removed), otherwise Latin-1
 * (decoded as windows-1252, its superset, which is what Excel on Windows writes). MIMP and datosabiertos
 * files come in both (REFERENCE.md §2.1), and a Latin-1 "Teléfono" read as UTF-8 would lose its column.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: "utf-8" | "latin1" } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "latin1" };
  }
}
