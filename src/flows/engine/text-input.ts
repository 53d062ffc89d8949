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
  veintiun: 21,
  veintidos: 22,
  veintitres: 23,
  veinticuatro: 24,
  veinticinco: 25,
  veintiseis: 26,
  veintisiete: 27,
  veintiocho: 28,
  veintinueve: 29,
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  setenta: 70,
  ochenta: 80,
  noventa: 90,
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
  seventy: 70,
  eighty: 80,
  ninety: 90,
  // qu (Southern Quechua); "chunka" (ten) is handled apart: it multiplies
  huk: 1,
  iskay: 2,
  kimsa: 3,
  tawa: 4,
  pichqa: 5,
  suqta: 6,
  qanchis: 7,
  pusaq: 8,
  isqun: 9,
};

/** Words that join two numbers into a choice between them ("dos o tres"): the answer is not one number. */
const OR_WORDS = new Set(["o", "u", "or", "utaq", "icha"]);
/** Words allowed inside one number ("treinta y dos", "twenty and one"). */
const AND_WORDS = new Set(["y", "e", "and"]);

/**
 * Reads a whole number from text: digits ("15", "15 años", "1."), emoji keycaps ("1️⃣"), or number words in
 * es/en/qu ("quince", "treinta y dos", "twenty-one", "chunka pichqayuq" = 10 + 5, "iskay chunka" = 2 × 10).
 * Undefined when there is none, or when the text offers a choice of numbers ("dos o tres", "2 o 3").
 */
export function parseNumber(text: string): number | undefined {
  const withDigits = text.replace(KEYCAP, "$1");
  const words = normalizeText(withDigits).split(/[\s-]+/).filter(Boolean);
  const numbers: number[] = [];
  let orBetween = false;
  let current: NumberWords | undefined;
  const close = () => {
    if (current) numbers.push(current.value);
    current = undefined;
  };
  for (const word of words) {
    if (/^\d{1,4}$/.test(word)) {
      close();
      numbers.push(Number(word));
      continue;
    }
    if (OR_WORDS.has(word)) {
      close();
      if (numbers.length) orBetween = true;
      continue;
    }
    if (AND_WORDS.has(word) && current) continue;
    const next = current ? current.add(word) : NumberWords.start(word);
    if (next === "invalid") return undefined; // "dos tres": two numbers run together
    if (next) {
      current = next;
      continue;
    }
    close();
  }
  close();
  if (numbers.length === 0) return undefined;
  if (orBetween && numbers.length > 1) return undefined;
  return numbers[0];
}

/** One number being read word by word: tens take a unit ("veinte y dos"), Quechua tens multiply. */
class NumberWords {
  private constructor(
    readonly value: number,
    /** true after a round ten, when a unit may follow */
    private readonly open: boolean,
  ) {}

  static start(word: string): NumberWords | undefined {
    if (word === "chunka") return new NumberWords(10, true);
    const unit = quechuaUnit(word);
    if (unit !== undefined) return undefined; // "pichqayuq" alone is not a number
    const value = NUMBER_WORDS[word];
    if (value === undefined) return undefined;
    return new NumberWords(value, value >= 20 && value % 10 === 0);
  }

  /** The number with one more word, undefined when the word is not part of it, "invalid" for nonsense. */
  add(word: string): NumberWords | "invalid" | undefined {
    if (word === "chunka") {
      // "iskay chunka" = 2 × 10
      return this.value >= 1 && this.value <= 9 ? new NumberWords(this.value * 10, true) : "invalid";
    }
    const unit = quechuaUnit(word) ?? NUMBER_WORDS[word];
    if (unit === undefined) return undefined;
    if (this.open && unit >= 1 && unit <= 9) return new NumberWords(this.value + unit, false);
    return "invalid";
  }
}

/** Quechua adds units to tens with -yuq / -niyuq ("chunka pichqayuq" = 15, "iskay chunka hukniyuq" = 21). */
function quechuaUnit(word: string): number | undefined {
  const match = /^(.+?)(ni)?yuq$/.exec(word);
  if (!match) return undefined;
  const value = NUMBER_WORDS[match[1]!];
  return value !== undefined && value <= 9 ? value : undefined;
}
