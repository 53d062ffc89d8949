import { z } from "zod";

/** Schemas of the reviewable data files in src/triage/data/ (checked once, when the module loads). */
const ZCategory = z.enum([
  "sexual_exploitation",
  "labor_exploitation",
  "deceptive_recruitment",
  "missing_person",
  "forced_begging",
  "gender_violence",
  "labor_rights",
]);
const ZPhrase = z.string().min(1);
const ZPhrases = z
  .object({ es: z.array(ZPhrase).optional(), en: z.array(ZPhrase).optional(), qu: z.array(ZPhrase).optional() })
  .strict();

export const ZIndicatorData = z
  .object({
    id: z.string().regex(/^[a-z_]+$/),
    level: z.enum(["emergency", "high", "medium", "low", "signal"]),
    categories: z.array(ZCategory),
    group: z.enum(["offer", "now", "help", "context"]).optional(),
    minor: z.boolean().optional(),
    negatable: z.boolean().optional(),
    ref: z.string().optional(),
    note: z.string().optional(),
    phrases: ZPhrases,
    /** names of a concept: ignored inside a question about it ("que es el trabajo forzoso") */
    topic: z.array(ZPhrase).optional(),
  })
  .strict();
export type IndicatorData = z.infer<typeof ZIndicatorData>;

export const ZIndicatorsFile = z.object({
  _about: z.array(z.string()).optional(),
  macros: z.record(z.string().regex(/^[A-Z]+$/), z.string()),
  indicators: z.array(ZIndicatorData).min(1),
});

const ZDictionary = z.record(z.string(), z.string());
export const ZLexiconFile = z.object({
  _about: z.string().optional(),
  abbreviations: z.object({ _about: z.string().optional(), es: ZDictionary, en: ZDictionary, qu: ZDictionary }),
  negation: z.object({
    _about: z.string().optional(),
    negators: z.array(z.string()),
    immediateOnly: z.array(z.string()),
    skip: z.array(z.string()),
    maxSkip: z.number().int().min(0).max(5),
  }),
  clauseBreaks: z.array(z.string()),
  frames: z.object({
    _about: z.string().optional(),
    definition: z.array(z.string()),
    topic: z.array(ZPhrase),
    news: z.array(ZPhrase),
    newsCaseMarkers: z.array(ZPhrase),
    jokeDeclared: z.array(ZPhrase),
    notJoking: z.array(ZPhrase),
    stillHappening: z.array(ZPhrase),
    safeNow: z.array(ZPhrase),
    pastTime: z.array(ZPhrase),
    infoOnly: z.array(ZPhrase),
    reassured: z.array(ZPhrase),
    /** the recruitment floor (floors.ts): offers asked about in general, offers checked, a job one has, who offers */
    generalQuestion: z.array(ZPhrase),
    hypotheticalOffer: z.array(ZPhrase),
    verifiedOffer: z.array(ZPhrase),
    currentJob: z.array(ZPhrase),
    someoneOffering: z.array(ZPhrase),
    school: z.array(ZPhrase),
  }),
  minor: z.object({ _about: z.string().optional(), words: z.array(ZPhrase), caring: z.array(ZPhrase), school: z.array(ZPhrase) }),
  age: z.object({
    _about: z.string().optional(),
    numbers: z.record(z.string(), z.number().int()),
    relatives: z.array(z.string()),
    relativeAdjectives: z.array(z.string()),
    hedges: z.array(z.string()),
    after: z.array(z.string()),
    durationBefore: z.array(z.string()),
    durationAfter: z.array(z.string()),
    /** "looks about 13", "parece de 14": the number is an age */
    looks: z.array(z.string()),
    /** English "is 17", "they are 14 and 15" (only with what may follow "tengo N") */
    copulas: z.array(z.string()),
    /** "under 16", "menos de 15": younger than the number */
    below: z.array(z.string()),
    quechuaUnits: z.record(z.string(), z.number().int()),
  }),
  signAliases: z.record(z.string(), z.string()),
});
export type LexiconData = z.infer<typeof ZLexiconFile>;

/** Folds a phrase or a text the same way: lower case, no accents, ñ → n, no apostrophes. */
export function foldAccents(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

/**
 * Expands the data shorthand into a regular-expression source: `{w}` = rest of a word, `{0..3}` = up to three
 * words (never across a comma or a sentence end), `{NAME}` = a macro. Apostrophes and accents are dropped,
 * as in normalized text, so a reviewer may write "llamk'a" or "niño".
 */
export function expandPhrase(phrase: string, macros: Record<string, string>, depth = 0): string {
  if (depth > 3) throw new Error(`macro nesting too deep in "${phrase}"`);
  return foldAccents(phrase)
    .replace(/['’]/g, "")
    .replace(/\{w\}/g, "\\w*")
    .replace(/\{0\.\.(\d+)\}/g, "(?:\\w+ ){0,$1}")
    .replace(/\{([A-Z]+)\}/g, (_m, name: string) => {
      const macro = macros[name];
      if (macro === undefined) throw new Error(`unknown macro {${name}} in "${phrase}"`);
      return expandPhrase(macro, macros, depth + 1);
    });
}

/** One regular expression for a list of phrases, matched on whole words of normalized text. */
export function wordsRegex(phrases: string[], macros: Record<string, string> = {}, flags = "g"): RegExp {
  const source = phrases.map((p) => expandPhrase(p, macros)).join("|");
  // Normalized text has only [a-z0-9], spaces, "," and "|", so \b is the word edge (and lets V8 skip ahead fast).
  return new RegExp(`\\b(?:${source})\\b`, flags);
}
