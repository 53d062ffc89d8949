import data from "./data/indicators.json" with { type: "json" };
import { type IndicatorData, wordsRegex, ZIndicatorsFile } from "./data-schema.ts";

/**
 * The risk indicators (src/triage/data/indicators.json), validated and compiled once when the module loads:
 * one regular expression per indicator for its phrases (es, en and qu together: people mix languages) and
 * one for its topic words.
 */
export type Indicator = IndicatorData;

export interface CompiledIndicator extends Indicator {
  phraseRegex: RegExp | undefined;
  topicRegex: RegExp | undefined;
  /** the same regexes, sticky: tried only at the offsets where one of their first words starts */
  phraseSticky: RegExp | undefined;
  topicSticky: RegExp | undefined;
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
    phraseSticky: phrases.length ? wordsRegex(phrases, file.macros, "y") : undefined,
    topicSticky: indicator.topic?.length ? wordsRegex(indicator.topic, file.macros, "y") : undefined,
    danger: indicator.level === "emergency" || indicator.level === "high",
  };
});

export const BY_ID: ReadonlyMap<string, CompiledIndicator> = new Map(COMPILED.map((i) => [i.id, i]));
