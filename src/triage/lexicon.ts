import data from "./data/lexicon.json" with { type: "json" };
import { wordsRegex, ZLexiconFile } from "./data-schema.ts";

/** The lexicon (src/triage/data/lexicon.json), validated and compiled once when the module loads. */
export const LEXICON = ZLexiconFile.parse(data);

const withoutNotes = (dictionary: Record<string, string>) =>
  Object.fromEntries(Object.entries(dictionary).filter(([key]) => !key.startsWith("_")));

/** Chat spellings, one token each; es, en and qu together (people mix languages, and a lang tag can be wrong). */
export const ABBREVIATIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({ ...withoutNotes(LEXICON.abbreviations.es), ...withoutNotes(LEXICON.abbreviations.en) }),
);
/** Applied before accents are folded (see lexicon.json). */
export const QUECHUA_TOKENS: ReadonlyMap<string, string> = new Map(Object.entries(withoutNotes(LEXICON.abbreviations.qu)));

export const NEGATORS: ReadonlySet<string> = new Set(LEXICON.negation.negators);
export const IMMEDIATE_NEGATORS: ReadonlySet<string> = new Set(LEXICON.negation.immediateOnly);
export const NEGATION_SKIP: ReadonlySet<string> = new Set(LEXICON.negation.skip);
export const MAX_NEGATION_SKIP = LEXICON.negation.maxSkip;
export const CLAUSE_BREAKS: ReadonlySet<string> = new Set(LEXICON.clauseBreaks);

export const TOPIC_FRAME = wordsRegex(LEXICON.frames.topic);
/** "que es (el) …" right before a phrase: the phrase names a concept being asked about */
export const DEFINITION_BEFORE = new RegExp(`\\b(?:${LEXICON.frames.definition.join("|")})(?: (?:el|la|los|las|lo|un|una|the|a|an))? $`);
export const NEWS_FRAME = wordsRegex(LEXICON.frames.news, {}, "");
export const NEWS_CASE_MARKER = wordsRegex(LEXICON.frames.newsCaseMarkers, {}, "");
export const JOKE_DECLARED = wordsRegex(LEXICON.frames.jokeDeclared, {}, "");
export const NOT_JOKING = wordsRegex(LEXICON.frames.notJoking, {}, "");
export const STILL_HAPPENING = wordsRegex(LEXICON.frames.stillHappening, {}, "");
export const SAFE_NOW = wordsRegex(LEXICON.frames.safeNow, {}, "");
export const PAST_TIME = wordsRegex(LEXICON.frames.pastTime, {}, "");
export const INFO_ONLY = wordsRegex(LEXICON.frames.infoOnly, {}, "");
export const REASSURED = wordsRegex(LEXICON.frames.reassured, {}, "");
export const SCHOOL_FRAME = wordsRegex(LEXICON.frames.school, {}, "");
export const GENERAL_QUESTION = wordsRegex(LEXICON.frames.generalQuestion, {}, "");
export const HYPOTHETICAL_OFFER = wordsRegex(LEXICON.frames.hypotheticalOffer, {}, "");
export const VERIFIED_OFFER = wordsRegex(LEXICON.frames.verifiedOffer, {}, "");
export const CURRENT_JOB = wordsRegex(LEXICON.frames.currentJob, {}, "");
export const SOMEONE_OFFERING = wordsRegex(LEXICON.frames.someoneOffering, {}, "");

export const MINOR_WORDS = wordsRegex(LEXICON.minor.words, {}, "");
export const SCHOOL_WORDS = wordsRegex(LEXICON.minor.school, {}, "");
export const CARING_FOR_CHILDREN = wordsRegex(LEXICON.minor.caring, {}, "g");

export const SIGN_ALIASES: ReadonlyMap<string, string> = new Map(Object.entries(withoutNotes(LEXICON.signAliases)));
