import { LEXICON, MINOR_WORDS, SCHOOL_FRAME, SCHOOL_WORDS } from "./lexicon.ts";

/**
 * Finds ages and minor words in normalized text. An age counts only with a marker that makes it an age
 * ("tengo 15", "15 años", "mi hija de 14", "she is 16", "chunka pichqayuq wata"), never money, counts or
 * durations ("3000 soles", "tengo 15 minutos", "tiene 15 trabajadores", "hace 2 años", "for 2 years").
 * The word lists live in data/lexicon.json.
 */
const { numbers, relatives, hedges, after, durationBefore, durationAfter, quechuaUnits } = LEXICON.age;
const alt = (words: string[]) => words.join("|");

const NUM = `(\\d{1,2}|${alt(Object.keys(numbers))})`;
const HEDGE = `(?:(?:${alt(hedges)}) )?`;
const END = "(?![a-z0-9])";
/** what may follow "tengo N" for N to be an age */
const AGE_FOLLOWS = `(?=$| (?:,|\\||(?:${alt(after)})${END}))`;
const DURATION_BEFORE = durationBefore.map((w) => ` ${w} `);
const NOT_A_DURATION_AFTER = `(?! (?:${alt(durationAfter)})${END})`;
const NOT_A_COUNT =
  "(?! (?:soles|dolares|dollars|km|kilos|metros|horas|hours|dias|days|semanas|weeks|meses|months|minutos|minutes|min|mil|hijos|personas|people|trabajadores|workers|percent|por ciento|veces|times|am|pm)" +
  END +
  ")";

const AGE_PATTERNS = [
  // each has one group: the number
  new RegExp(`\\b(?:tengo|tiene|tienen|tenia|tenemos|cumplio|cumple|cumpli|cumplira|cumplo|va a cumplir) ${HEDGE}${NUM}${AGE_FOLLOWS}`),
  new RegExp(`\\b${NUM} (?:anos|anitos|ano|years?|yrs|yo|wata\\w*)${END}${NOT_A_DURATION_AFTER}`),
  new RegExp(`\\b(?:${alt(relatives)}) (?:de |, )?${HEDGE}${NUM}${END}${NOT_A_COUNT}`),
  new RegExp(`\\b(?:i am|she is|he is|is only|is just|aged|age|turned|turning) ${HEDGE}${NUM}${END}${NOT_A_COUNT}(?! years? (?:ago|in|of))`),
  new RegExp(`\\b${NUM} ?(?:year|yr)s? ?old${END}`),
  new RegExp(`\\b(\\d{1,2}) ?yo${END}`),
];
/** One scan for all of them: group i + 1 holds the number when pattern i matched. */
const AGE_REGEX = new RegExp(AGE_PATTERNS.map((p) => `(?:${p.source})`).join("|"), "g");
const DURATION_GROUP = 2; // "N años" may be a duration ("hace 2 años")

const UNITS = alt(Object.keys(quechuaUnits));
/** "chunka pichqayuq wata" = 15; "iskay chunka" (20) is not 10 */
const QU_AGE = new RegExp(`(?<!(?:${UNITS}) )(?<![a-z0-9])chunka(?: (${UNITS})(?:niyuq|yuq|yoq))? wata\\w*`, "g");

function toNumber(raw: string): number {
  return /^\d+$/.test(raw) ? Number(raw) : (numbers[raw] ?? Number.NaN);
}

/** "hace 2 años", "for 2 years": a duration, not an age (only checked for "N años", the pattern that needs it). */
function afterDurationWord(text: string, index: number): boolean {
  const before = ` ${text.slice(Math.max(0, index - 16), index)}`;
  return DURATION_BEFORE.some((w) => before.endsWith(w));
}

const MAY_HOLD_AN_AGE = new RegExp(`\\d|chunka|\\b(?:${alt(Object.keys(numbers))})\\b`);

/** Every age mentioned, youngest first. */
export function extractAges(normalized: string): number[] {
  const ages: number[] = [];
  if (!MAY_HOLD_AN_AGE.test(normalized)) return ages;
  for (const match of normalized.matchAll(AGE_REGEX)) {
    const group = match.findIndex((g, i) => i > 0 && g !== undefined);
    if (group === DURATION_GROUP && afterDurationWord(normalized, match.index)) continue;
    const value = toNumber(match[group]!);
    if (value >= 1 && value <= 99) ages.push(value);
  }
  for (const match of normalized.matchAll(QU_AGE)) ages.push(10 + (match[1] ? quechuaUnits[match[1]]! : 0));
  return ages.sort((a, b) => a - b);
}

/** Words that say the person is a child or adolescent; school words do not count inside a school assignment. */
export function hasMinorWords(normalized: string): boolean {
  if (MINOR_WORDS.test(normalized)) return true;
  return SCHOOL_WORDS.test(normalized) && !SCHOOL_FRAME.test(normalized);
}
