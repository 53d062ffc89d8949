import data from "./data/indicators.json" with { type: "json" };
import { type IndicatorData, wordsRegex, ZIndicatorsFile } from "./data-schema.ts";

/**
 * The risk indicators (src/triage/data/indicators.json), validated and compiled once when the module loads:
 * one regular expression per indicator for its phrases (es, en and qu together: people mix languages) and
 * one for its topic words.
 */
export type Indicator = IndicatorData;

export interface MatchUnit {
  global: RegExp;
  sticky: RegExp;
}

const unitsOf = (phrases: string[], macros: Record<string, string>): MatchUnit[] =>
  phrases.map((p) => ({ global: wordsRegex([p], macros), sticky: wordsRegex([p], macros, "y") }));

export interface CompiledIndicator extends Indicator {
  phraseRegex: RegExp | undefined;
  topicRegex: RegExp | undefined;
  /**
   * The same phrases one by one (a small regex each, global and sticky): the matcher runs only the phrases
   * whose first words a message has, from those words. Small regexes also stay fast in V8, where one huge
   * alternation of every phrase can be left to the bytecode interpreter.
   */
  phraseUnits: MatchUnit[];
  topicUnits: MatchUnit[];
  /** emergency or high on its own: a danger sign */
  danger: boolean;
}

const file = ZIndicatorsFile.parse(data);
const seen = new Set<string>();
for (const indicator of file.indicators) {
  if (seen.has(indicator.id)) throw new Error(`indicators.json: duplicate id ${indicator.id}`);
  seen.add(indicator.id);
}

export const MACROS: Readonly<Record<string, string>> = file.macros;
export const INDICATORS: readonly Indicator[] = file.indicators;

const allPhrases = (i: Indicator) => [...(i.phrases.es ?? []), ...(i.phrases.en ?? []), ...(i.phrases.qu ?? [])];

export const COMPILED: readonly CompiledIndicator[] = INDICATORS.map((indicator) => {
  const phrases = allPhrases(indicator);
  return {
    ...indicator,
    phraseRegex: phrases.length ? wordsRegex(phrases, file.macros) : undefined,
    topicRegex: indicator.topic?.length ? wordsRegex(indicator.topic, file.macros) : undefined,
    phraseUnits: unitsOf(phrases, file.macros),
    topicUnits: unitsOf(indicator.topic ?? [], file.macros),
    danger: indicator.level === "emergency" || indicator.level === "high",
  };
});

export const BY_ID: ReadonlyMap<string, CompiledIndicator> = new Map(COMPILED.map((i) => [i.id, i]));
