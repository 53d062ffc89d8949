import { foldAccents } from "./data-schema.ts";
import { ABBREVIATIONS, QUECHUA_TOKENS } from "./lexicon.ts";

/**
 * Text normalisation for chat messages, so indicator phrases can be matched with plain word patterns:
 * - lower case, no accents (ñ → n), no apostrophes (Quechua "wichq'a" → "wichqa"; English contractions are
 *   expanded first: "hasn't" → "has not", "she's" → "she is");
 * - letters repeated for emphasis collapsed ("ayudaaa" → "ayuda"), "s/ 3,000" → "3000 soles";
 * - chat spellings expanded token by token from the lexicon ("q" → "que", "kiero" → "quiero", "tng" → "tengo");
 *   never by prefix, so "kill", "kept", "kids" and "kimsa" stay as they are;
 * - sentence ends become " | " and commas or colons " , ": both stay visible, so negation and word gaps stop there.
 * The result is single-spaced tokens.
 */
const CONTRACTIONS: [RegExp, string][] = [
  [/\bwon't\b/g, "will not"],
  [/\bcan't\b/g, "can not"],
  [/\bain't\b/g, "is not"],
  [/\bshan't\b/g, "shall not"],
  [/([a-z])n't\b/g, "$1 not"],
  [/\bi'm\b/g, "i am"],
  [/([a-z])'re\b/g, "$1 are"],
  [/([a-z])'ve\b/g, "$1 have"],
  [/([a-z])'ll\b/g, "$1 will"],
  [/\b(i|you|he|she|we|they)'d\b/g, "$1 would"],
  [/\b(he|she|it|that|there|who|what|where|here|how)'s (been|gone|got|had)\b/g, "$1 has $2"],
  [/\b(he|she|it|that|there|who|what|where|here|how)'s\b/g, "$1 is"],
  [/\blet's\b/g, "let us"],
  [/([a-z])'s\b/g, "$1"], // possessive: "sister's boss" → "sister boss"
];

const QUECHUA_TOKEN = /(?<![a-zñ])(manam|manan|manas)(?![a-zñ])/g;

export function normalize(text: string): string {
  let t = text.toLowerCase().replace(/[’`´‘ʼ]/g, "'");
  // Quechua negation with an evidential ("manam") is "mana"; done before ñ is folded so "mañan" (asks) stays apart.
  t = t.replace(QUECHUA_TOKEN, (token) => QUECHUA_TOKENS.get(token) ?? token);
  if (t.includes("'")) for (const [pattern, replacement] of CONTRACTIONS) t = t.replace(pattern, replacement);
  t = foldAccents(t).replace(/'/g, "");
  // the rarer rewrites only when their character is there (each pass copies the text)
  if (t.includes("(")) t = t.replace(/\((\d{1,2})\)/g, " aged $1 "); // "one of my students (14)"
  if (t.includes("s/")) t = t.replace(/\bs\/\.? ?(\d[\d.,]*)/g, "$1 soles");
  if (t.includes("$")) t = t.replace(/\$ ?(\d[\d.,]*)/g, "$1 dolares");
  if (/\d[.,]\d/.test(t)) t = t.replace(/(\d)[.,](\d{3})(?!\d)/g, "$1$2"); // 3,500 / 3.500 → 3500
  if (t.includes("-")) t = t.replace(/([a-z])-(?=[a-z])/g, "$1"); // "DNI-yta", "bar-pi" → one word, as Quechua writes it
  t = t
    .replace(/([a-z])\1{2,}/g, "$1") // "ayudaaaa" → "ayuda" (keeps "ll", "rr")
    .replace(/[.!?;\n\r…]+/g, " | ")
    .replace(/[,:]+/g, " , ")
    .replace(/[^a-z0-9|,\s]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!t) return t;
  const out: string[] = [];
  const tokens = t.split(" ");
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === "no" && tokens[i + 1] === "one") {
      out.push("nobody");
      i++;
      continue;
    }
    const expanded = ABBREVIATIONS.get(token);
    if (expanded === undefined) out.push(token);
    else if (expanded) out.push(expanded);
  }
  return out.join(" ");
}
