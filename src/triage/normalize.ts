/**
 * Text normalisation for chat messages: lower case, no accents, letters repeated for emphasis collapsed
 * ("ayudaaa" → "ayuda"), WhatsApp abbreviations expanded ("q" → "que", "xq" → "porque", "tng" → "tengo").
 * The result is single-spaced words, so indicator phrases can be matched with plain word-boundary patterns.
 */
const ABBREVIATIONS: Record<string, string> = {
  q: "que",
  k: "que",
  ke: "que",
  xq: "porque",
  pq: "porque",
  xk: "porque",
  porq: "porque",
  x: "por",
  tng: "tengo",
  tngo: "tengo",
  tb: "tambien",
  tmb: "tambien",
  d: "de",
  dnd: "donde",
  xfa: "por favor",
  xfavor: "por favor",
  porfa: "por favor",
  pls: "please",
  plz: "please",
  u: "you",
  r: "are",
  im: "i am",
  "i'm": "i am",
  dont: "do not",
  "don't": "do not",
  cant: "can not",
  "can't": "can not",
  cannot: "can not",
  wont: "will not",
  "won't": "will not",
  didnt: "did not",
  "didn't": "did not",
  "isn't": "is not",
  "aren't": "are not",
  "they're": "they are",
  hrs: "horas",
  aprox: "aproximadamente",
  sra: "senora",
  sr: "senor",
  m: "me",
  tmr: "",
};

export function normalize(text: string): string {
  const base = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ñ/g, "n")
    .replace(/[’`´]/g, "'")
    .replace(/([a-z])\1{2,}/g, "$1") // "ayudaaaa" → "ayuda" (keeps "ll", "rr")
    .replace(/[.!?;\n]+/g, " | ") // sentence breaks stay visible: a "No." answer does not negate the next sentence
    .replace(/[^a-z0-9'|\s]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return base
    .replace(/\bk(?=[ie])/g, "qu") // "kiere" → "quiere", "kien" → "quien"
    .split(" ")
    .map((w) => ABBREVIATIONS[w] ?? w)
    .join(" ");
}
