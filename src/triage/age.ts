/**
 * Finds ages and minor words in normalized text. Ages count only with a marker that makes them ages
 * ("tengo 15", "15 años", "mi hija de 14", "I'm 16", "chunka pichqayuq wata"), never money or times
 * ("3000 soles", "hace 2 años").
 */
const RELATIVES =
  "(?:hija|hijo|hermana|hermano|hermanita|hermanito|sobrina|sobrino|prima|primo|nieta|nieto|vecina|vecino|amiga|amigo|chica|chico|nina|nino|menor|chibola|chibolo|adolescente|sister|brother|daughter|son|niece|nephew|cousin|friend|girl|boy)";

const NUMBER_WORDS: Record<string, number> = {
  diez: 10, once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, dieciseis: 16, diecisiete: 17, dieciocho: 18,
  diecinueve: 19, veinte: 20, nueve: 9, ocho: 8, siete: 7,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20,
};
const NUM = `(\\d{1,2}|${Object.keys(NUMBER_WORDS).join("|")})`;

const AGE_PATTERNS = [
  new RegExp(`\\b(?:tengo|tiene|tienen|cumplio|cumple|cumpli) ${NUM}\\b(?! (?:soles|dolares|horas|dias|meses|semanas|hijos|anos de))`, "g"),
  new RegExp(`(?<!hace )\\b${NUM} (?:anos|anitos|ano|years?|yrs|yo|wata\\w*)\\b`, "g"),
  new RegExp(`\\b${RELATIVES} de ${NUM}\\b`, "g"),
  new RegExp(`\\b(?:i am|she is|he is|aged|age) ${NUM}\\b`, "g"),
  new RegExp(`\\b(?:sister|brother|daughter|son|niece|nephew|cousin|friend|girl|boy) (?:is )?${NUM}\\b(?! (?:soles|dollars|hours|days|months|weeks))`, "g"),
  new RegExp(`\\b${NUM} ?(?:year|yr)s? old\\b`, "g"),
];

const QU_UNITS: Record<string, number> = { huk: 1, iskay: 2, kimsa: 3, tawa: 4, pichqa: 5, suqta: 6, qanchis: 7, pusaq: 8, isqun: 9 };
const QU_AGE = /\bchunka(?: (huk|iskay|kimsa|tawa|pichqa|suqta|qanchis|pusaq|isqun)(?:niyuq|yuq))? wata\w*/g;

function toNumber(raw: string): number {
  return /^\d+$/.test(raw) ? Number(raw) : (NUMBER_WORDS[raw] ?? Number.NaN);
}

/** Every age mentioned, youngest first. */
export function extractAges(normalized: string): number[] {
  const ages: number[] = [];
  for (const pattern of AGE_PATTERNS) {
    for (const match of normalized.matchAll(pattern)) {
      const value = toNumber(match[1]!);
      if (value >= 1 && value <= 99) ages.push(value);
    }
  }
  for (const match of normalized.matchAll(QU_AGE)) ages.push(10 + (match[1] ? QU_UNITS[match[1]]! : 0));
  return ages.sort((a, b) => a - b);
}

const MINOR_WORDS = new RegExp(
  `\\b(?:${[
    "menor(?:es)?(?: de edad)?",
    "nin(?:a|o|ita|ito|itas|itos|as|os)",
    "chiquill[oa]s?",
    "companer[oa]s? de (?:clase|colegio|aula)",
    "menorcit[oa]s?",
    "adolescentes?",
    "colegial(?:a|as|es)?",
    "escolar(?:es)?",
    "chibol[ao]s?",
    "quinceaner[ao]s?",
    "de (?:primaria|secundaria)",
    "(?:\\d|primer|primero|segundo|tercer|tercero|cuarto|quinto|sexto)(?:ro|do|to|er|mo)? (?:ano |grado )?de (?:secundaria|primaria)",
    "del colegio",
    "underage",
    "minors?",
    "child(?:ren)?",
    "kids?",
    "teen(?:ager)?s?",
    "schoolgirls?",
    "wawa(?:kuna)?",
    "warmacha\\w*",
    "irqi\\w*",
    "huambr[ao]s?",
  ].join("|")})\\b`,
);

/** Words that say the person is a child or adolescent. */
export function hasMinorWords(normalized: string): boolean {
  return MINOR_WORDS.test(normalized);
}
