import { CARING_FOR_CHILDREN, LEXICON, MINOR_WORDS, SCHOOL_FRAME, SCHOOL_WORDS } from "./lexicon.ts";

/**
 * Finds ages and minor words in normalized text. An age counts only with a marker that makes it an age
 * ("tengo 15", "15 años", "mi hija de 14", "she is 16", "chunka pichqayuq wata"), never money, counts or
 * durations ("3000 soles", "tengo 15 minutos", "tiene 15 trabajadores", "hace 2 años", "for 2 years").
 * The word lists live in data/lexicon.json.
 */
const { numbers, relatives, relativeAdjectives, hedges, after, durationBefore, durationAfter, quechuaUnits, looks, copulas, below } = LEXICON.age;
const alt = (words: string[]) => words.join("|");

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

// Each number in the text is read with the words right around it (numbers are few; scanning them is cheap).
const NUMBER = new RegExp(`\\b(\\d{1,2}|${alt(Object.keys(numbers))})(?=\\b|yo\\b|years?\\b|yrs\\b|yearold\\b)`, "g");
/** words before the number that make it an age */
const BEFORE_AGE = [
  new RegExp(`(?:^| )(?:tengo|tiene|tienen|tenia|tenemos|cumplio|cumple|cumpli|cumplira|cumplo|va a cumplir|${alt(copulas)}) ${HEDGE}$`),
  new RegExp(`(?:^| )(?:${alt(relatives)})(?: (?:${alt(relativeAdjectives)}))? (?:de |of |, de |, )?${HEDGE}$`),
  new RegExp(`(?:^| )(?:i am|she is|he is|is only|is just|aged|age|turned|turning|${alt(looks)}) ${HEDGE}$`),
];
/** "a girl in my school, 14, says": a person named, then the number alone between commas */
const APPOSITION_BEFORE = new RegExp(`(?:^| )(?:${alt(relatives)})(?: [a-z]+){0,4} , (?:de )?$`);
/** "under 16", "menos de 15 años": the person is younger than the number */
const BELOW_BEFORE = new RegExp(`(?:^| )(?:${alt(below)}) $`);
/** what must (or must not) follow for each of those */
const AFTER_TENGO = new RegExp(`^${AGE_FOLLOWS}`);
const AFTER_NOT_COUNT = new RegExp(`^${NOT_A_COUNT}(?! years? (?:ago|in|of))`);
/** "15 años", "15 years old", "15yo" */
const AGE_UNIT_AFTER = new RegExp(`^ (?:anos|anitos|ano|years?|yrs|yo|wata\\w*)${END}${NOT_A_DURATION_AFTER}`);
const YEARS_OLD_AFTER = new RegExp(`^ ?(?:year|yr)s? ?old${END}|^ ?yo${END}|^ ?yearold${END}|^ y o${END}`);

/** True when the number at [start, end) is an age by the words around it. */
function isAge(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 48), start);
  const after = text.slice(end, end + 40);
  if (BELOW_BEFORE.test(before.slice(-24))) return AFTER_NOT_COUNT.test(after);
  if (BEFORE_AGE[0]!.test(before)) return AFTER_TENGO.test(after) || teenThenVerb(text, start, end, after);
  if ((BEFORE_AGE[1]!.test(before) || BEFORE_AGE[2]!.test(before)) && AFTER_NOT_COUNT.test(after)) return true;
  if (APPOSITION_BEFORE.test(before) && /^ (?:,|\|)/.test(after)) return true;
  if (YEARS_OLD_AFTER.test(after)) return true;
  // "trabajo cama adentro 2 años": a small number of years with nobody named before it is a duration
  if (toNumber(text.slice(start, end)) < 6 && !BEFORE_AGE[1]!.test(before)) return false;
  return AGE_UNIT_AFTER.test(after) && !afterDurationWord(text, start);
}

/** "tengo 16 estoy en un bar": chat messages skip the comma; a teen number not followed by a plural noun is an age */
const NEXT_WORD = /^ ([a-z]+)/;
const PLURAL_OK = new Set(["estoy", "es", "mis", "sus", "mas", "pues", "los", "las", "nos", "ellos", "ellas", "tus"]);
function teenThenVerb(text: string, start: number, end: number, after: string): boolean {
  const value = toNumber(text.slice(start, end));
  if (!(value >= 10 && value <= 19) || !AFTER_NOT_COUNT.test(after)) return false;
  const next = NEXT_WORD.exec(after)?.[1];
  return next === undefined || !next.endsWith("s") || PLURAL_OK.has(next);
}

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
  for (const match of normalized.matchAll(NUMBER)) {
    if (!isAge(normalized, match.index, match.index + match[1]!.length)) continue;
    let value = toNumber(match[1]!);
    if (BELOW_BEFORE.test(normalized.slice(Math.max(0, match.index - 24), match.index))) value -= 1;
    if (value >= 1 && value <= 99) ages.push(value);
  }
  if (normalized.includes("chunka")) for (const match of normalized.matchAll(QU_AGE)) ages.push(10 + (match[1] ? quechuaUnits[match[1]]! : 0));
  return ages.sort((a, b) => a - b);
}

/** Words that say the person is a child or adolescent; school words do not count inside a school assignment. */
export function hasMinorWords(normalized: string): boolean {
  // children looked after as a job ("cuidando niños") are not the person the message is about
  const text = normalized.replace(CARING_FOR_CHILDREN, " ");
  if (MINOR_WORDS.test(text)) return true;
  return SCHOOL_WORDS.test(text) && !SCHOOL_FRAME.test(text);
}
