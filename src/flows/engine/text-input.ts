/**
 * Helpers to read what people type on cheap phones: accents, capitals, emoji keycaps, "1.", "uno", "huk".
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[¡!¿?.,;:"'`´()[\]{}*_~]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** True when the text has no letters or digits (only emoji, punctuation or spaces). */
export function isBlank(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}

const KEYCAP = /([0-9])\uFE0F?\u20E3/gu;

const NUMBER_WORDS: Record<string, number> = {
  // es
  cero: 0,
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciseis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  veintiuno: 21,
  veintidos: 22,
  veintitres: 23,
  veinticuatro: 24,
  veinticinco: 25,
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  // en
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  // qu (Southern Quechua)
  huk: 1,
  iskay: 2,
  kimsa: 3,
  tawa: 4,
  pichqa: 5,
  suqta: 6,
  qanchis: 7,
  pusaq: 8,
  isqun: 9,
  chunka: 10,
};

/**
 * Reads a whole number from text: digits ("15", "15 años", "1."), emoji keycaps ("1️⃣"), or number words in
 * es/en/qu ("quince", "fifteen", "chunka pichqayuq" = 10 + 5, "veinte y dos"). Undefined when none.
 */
export function parseNumber(text: string): number | undefined {
  const withDigits = text.replace(KEYCAP, "$1");
  const digits = withDigits.match(/\d{1,4}/);
  if (digits) return Number(digits[0]);
  const words = normalizeText(text).split(" ");
  let total: number | undefined;
  for (const raw of words) {
    // Quechua adds units to tens with -yuq / -niyuq ("chunka pichqayuq" = 15)
    const word = raw.replace(/(ni)?yuq$/, "");
    const value = NUMBER_WORDS[word];
    if (value === undefined) continue;
    total = (total ?? 0) + value;
  }
  return total;
}
