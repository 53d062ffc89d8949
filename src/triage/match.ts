import { FirstWordIndex } from "./first-words.ts";
import * as indicators from "./indicators.ts";
import * as lexicon from "./lexicon.ts";

// Module constants read once (hot loops below read locals, not module bindings).
const { COMPILED } = indicators;
const { DEFINITION_BEFORE, IMMEDIATE_NEGATORS, MAX_NEGATION_SKIP, NEGATION_SKIP, NEGATORS, NEWS_CASE_MARKER, NEWS_FRAME, TOPIC_FRAME } = lexicon;

/** What the indicator phrases found in a normalized text. */
export interface Matches {
  /** indicators whose phrase is said as a fact */
  fired: Set<string>;
  /** danger indicators only found under a negation that governs them ("no me quitaron el dni") */
  denied: Set<string>;
  /** danger indicators only found in a sentence that retells news or a hypothetical */
  reported: Set<string>;
  /** the text with the concepts asked about blanked out ("que es el trabajo infantil"), for minor words */
  withoutTopics: string;
}

/**
 * True when a negator governs the phrase at `index`: it stands right before it, or only skip words (clitics,
 * auxiliaries: "no me han quitado") stand between. Any other word, a comma, "y"/"pero" or a sentence end
 * breaks the scope, so "no puedo mas, me tienen encerrada" keeps its danger.
 */
export function governedByNegation(text: string, index: number): boolean {
  let end = index - 1; // the space before the phrase
  let skipped = 0;
  while (end > 0) {
    const start = text.lastIndexOf(" ", end - 1) + 1;
    const token = text.slice(start, end);
    if (NEGATORS.has(token)) return true;
    if (IMMEDIATE_NEGATORS.has(token)) return skipped === 0;
    if (!NEGATION_SKIP.has(token) || ++skipped > MAX_NEGATION_SKIP) return false;
    end = start - 1;
  }
  return false;
}

/** Sentence boundaries and the frames found in each sentence, computed once per text and only when asked. */
class Frames {
  private starts: number[] | undefined;
  private topicEnds: number[] | undefined;
  private news: Set<number> | undefined;

  constructor(private readonly text: string) {}

  private get sentenceStarts(): number[] {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf("|"); i >= 0; i = this.text.indexOf("|", i + 1)) this.starts.push(i + 1);
    }
    return this.starts;
  }

  /** Sentences that retell news or a film and do not speak of the writer or their people. */
  get newsSentences(): Set<number> {
    if (!this.news) {
      this.news = new Set();
      if (NEWS_FRAME.test(this.text)) {
        const starts = this.sentenceStarts;
        starts.forEach((start, s) => {
          const sentence = this.text.slice(start, starts[s + 1] ?? this.text.length);
          if (NEWS_FRAME.test(sentence) && !NEWS_CASE_MARKER.test(sentence)) this.news!.add(s);
        });
      }
    }
    return this.news;
  }

  sentenceRange(s: number): [number, number] {
    return [this.sentenceStarts[s]!, (this.sentenceStarts[s + 1] ?? this.text.length + 1) - 1];
  }

  private sentenceOf(index: number): number {
    const starts = this.sentenceStarts;
    let s = 0;
    while (s + 1 < starts.length && starts[s + 1]! <= index) s++;
    return s;
  }

  /** A topic frame ("que es", "how do I report") comes before `index` in the same sentence. */
  topicAt(index: number): boolean {
    if (!this.topicEnds) {
      this.topicEnds = [];
      for (const m of this.text.matchAll(TOPIC_FRAME)) this.topicEnds.push(m.index + m[0].length);
    }
    if (!this.topicEnds.length) return false;
    const start = this.sentenceStarts[this.sentenceOf(index)]!;
    return this.topicEnds.some((end) => end <= index && end >= start);
  }

  newsAt(index: number): boolean {
    const news = this.newsSentences;
    return news.size > 0 && news.has(this.sentenceOf(index));
  }
}

type Verdict = "fired" | "denied" | "reported" | undefined;
/** "me tienen encerrada" in a sentence that also names a film is still about the writer */
const FIRST_PERSON = /\b(?:me|nos|us)\b/;

/**
 * The matches of an indicator's regex, in order: over the whole text (`global`), or only at the token offsets
 * where one of its first words starts (`sticky` at each of `starts`); both give the same matches, since
 * a match can only begin with one of those words.
 */
class MatchCursor {
  private k = 0;
  private from = 0;
  private global!: RegExp;
  private sticky!: RegExp;
  private starts: number[] | undefined;
  private text = "";

  /** Starts over (one cursor is reused: matching allocates nothing per regex). */
  reset(global: RegExp, sticky: RegExp, starts: number[] | undefined, text: string): this {
    this.global = global;
    this.sticky = sticky;
    this.starts = starts;
    this.text = text;
    this.k = 0;
    this.from = 0;
    global.lastIndex = 0;
    return this;
  }

  next(): RegExpExecArray | null {
    if (!this.starts) {
      const match = this.global.exec(this.text);
      if (match && match[0].length === 0) this.global.lastIndex++;
      return match;
    }
    while (this.k < this.starts.length) {
      const start = this.starts[this.k++]!;
      if (start < this.from) continue;
      this.sticky.lastIndex = start;
      const match = this.sticky.exec(this.text);
      if (match) {
        this.from = start + Math.max(1, match[0].length);
        return match;
      }
    }
    return null;
  }
}

/** Topic matches are pushed to `spans`; `topics` says whether the regex holds topic words. */
function scan(cursor: MatchCursor, text: string, negatable: boolean, frames: Frames, topics: boolean, spans: [number, number][]): Verdict {
  let verdict: Verdict;
  let match: RegExpExecArray | null;
  while ((match = cursor.next())) {
    if (match[0].length === 0) continue;
    else if ((topics && frames.topicAt(match.index)) || DEFINITION_BEFORE.test(text.slice(Math.max(0, match.index - 28), match.index))) {
      spans.push([match.index, match.index + match[0].length]);
    }
    else if (negatable && governedByNegation(text, match.index)) verdict ??= "denied";
    else if (frames.newsAt(match.index) && !FIRST_PERSON.test(match[0])) verdict = "reported";
    else return "fired";
  }
  return verdict;
}

// Regex 2n is indicator n's phrases, 2n + 1 its topic words; a message runs only those its words can start,
// and only from the words that can start them.
const FIRST_WORDS = new FirstWordIndex(COMPILED.flatMap((i) => [i.phraseRegex?.source, i.topicRegex?.source]));
const candidates = new Uint8Array(COMPILED.length * 2);
const starts: number[][] = Array.from({ length: COMPILED.length * 2 }, () => []);
const cursor = new MatchCursor();

/** Runs every indicator that the text's words can start over the text, once. */
export function matchIndicators(text: string, options: { prefilter?: boolean } = {}): Matches {
  const result: Matches = { fired: new Set(), denied: new Set(), reported: new Set(), withoutTopics: text };
  if (!text) return result;
  const frames = new Frames(text);
  const topics: [number, number][] = [];
  if (options.prefilter === false) candidates.fill(2);
  else FIRST_WORDS.candidates(text, candidates, starts);
  const at = (slot: number) => (candidates[slot] === 1 ? starts[slot] : undefined);
  for (let n = 0; n < COMPILED.length; n++) {
    const indicator = COMPILED[n]!;
    const phrases = candidates[2 * n] ? indicator.phraseRegex : undefined;
    const topicWords = candidates[2 * n + 1] ? indicator.topicRegex : undefined;
    if (!phrases && !topicWords) continue;
    const negatable = indicator.negatable !== false;
    if (!negatable && !indicator.danger && !indicator.topicRegex && phrases) {
      // a context word: only whether it is there matters
      if (cursor.reset(phrases, indicator.phraseSticky!, at(2 * n), text).next()) result.fired.add(indicator.id);
      continue;
    }
    let verdict: Verdict;
    if (phrases) verdict = scan(cursor.reset(phrases, indicator.phraseSticky!, at(2 * n), text), text, negatable, frames, false, topics);
    if (verdict !== "fired" && topicWords) {
      verdict = scan(cursor.reset(topicWords, indicator.topicSticky!, at(2 * n + 1), text), text, negatable, frames, true, topics) ?? verdict;
    }
    if (verdict === "fired") result.fired.add(indicator.id);
    else if (verdict && indicator.danger) result[verdict].add(indicator.id);
  }
  // what is asked about or retold from the news says nothing about the writer's age
  for (const s of frames.newsSentences) topics.push(frames.sentenceRange(s));
  for (const [start, end] of topics) result.withoutTopics = result.withoutTopics.slice(0, start) + " ".repeat(end - start) + result.withoutTopics.slice(end);
  return result;
}
