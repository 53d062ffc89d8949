import { CandidateSet, FirstWordIndex } from "./first-words.ts";
import * as indicators from "./indicators.ts";
import * as lexicon from "./lexicon.ts";

// Module constants read once (hot loops below read locals, not module bindings).
const { COMPILED } = indicators;
const { DEFINITION_BEFORE, IMMEDIATE_NEGATORS, JOKE_DECLARED, MAX_NEGATION_SKIP, NEGATION_SKIP, NEGATORS, NEWS_CASE_MARKER, NEWS_FRAME, NOT_JOKING, TOPIC_FRAME } = lexicon;

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

  /** the writer says it is all a joke ("perdon por la broma") and not that it is serious */
  readonly joke: boolean;

  constructor(private readonly text: string) {
    this.joke = JOKE_DECLARED.test(text) && !NOT_JOKING.test(text);
  }

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
  private count = 0;
  private text = "";

  /** Starts over (one cursor is reused: matching allocates nothing per regex). */
  reset(global: RegExp, sticky: RegExp, starts: number[] | undefined, count: number, text: string): this {
    this.global = global;
    this.sticky = sticky;
    this.starts = starts;
    this.count = count;
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
    while (this.k < this.count) {
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

interface Found {
  index: number;
  text: string;
  /** the phrase's place in its indicator: at one start, the first phrase wins, as in one alternation */
  order: number;
}

/**
 * The verdict on an indicator's matches, read left to right without overlaps (as one regex of all its
 * phrases would find them). Topic matches are pushed to `spans`; `topics` says whether these are topic words.
 */
function judge(found: Found[], text: string, negatable: boolean, frames: Frames, topics: boolean, spans: [number, number][]): Verdict {
  if (found.length > 1) found.sort((x, y) => x.index - y.index || x.order - y.order);
  let verdict: Verdict;
  let from = 0;
  for (const match of found) {
    if (match.index < from) continue;
    from = match.index + match.text.length;
    if ((topics && frames.topicAt(match.index)) || DEFINITION_BEFORE.test(text.slice(Math.max(0, match.index - 28), match.index))) {
      spans.push([match.index, match.index + match.text.length]);
    }
    else if (negatable && governedByNegation(text, match.index)) verdict ??= "denied";
    // (the clitic may sit just before the match, in a lookbehind: "me tienen encerrada")
    else if (frames.newsAt(match.index) && !FIRST_PERSON.test(text.slice(Math.max(0, match.index - 4), match.index + match.text.length))) verdict = "reported";
    else if (frames.joke) verdict = "reported";
    else return "fired";
  }
  return verdict;
}

// Every phrase (and topic word) of every indicator is one unit; a message runs only the units its words can
// start, and only from the words that can start them.
const UNITS = COMPILED.flatMap((indicator, n) => [
  ...indicator.phraseUnits.map((unit) => ({ ...unit, indicator: n, topic: false })),
  ...indicator.topicUnits.map((unit) => ({ ...unit, indicator: n, topic: true })),
]);
const FIRST_WORDS = new FirstWordIndex(UNITS.map((u) => u.global.source));
const set = new CandidateSet(UNITS.length);
const cursor = new MatchCursor();

/** Runs every indicator that the text's words can start over the text, once. */
export function matchIndicators(text: string, options: { prefilter?: boolean } = {}): Matches {
  const result: Matches = { fired: new Set(), denied: new Set(), reported: new Set(), withoutTopics: text };
  if (!text) return result;
  const frames = new Frames(text);
  const topics: [number, number][] = [];
  if (options.prefilter === false) set.all();
  else FIRST_WORDS.candidates(text, set);
  // units come in indicator order (phrases, then topic words), so each indicator is settled in turn
  const marked = set.marked;
  const phraseFound: Found[] = [];
  const topicFound: Found[] = [];
  for (let i = 0; i < marked.length; ) {
    const n = UNITS[marked[i]!]!.indicator;
    const indicator = COMPILED[n]!;
    const negatable = indicator.negatable !== false;
    // a context word: only whether it is there matters
    const presenceOnly = !negatable && !indicator.danger && indicator.topicUnits.length === 0;
    let present = false;
    phraseFound.length = 0;
    topicFound.length = 0;
    for (; i < marked.length && UNITS[marked[i]!]!.indicator === n; i++) {
      const k = marked[i]!;
      if (present) continue;
      const unit = UNITS[k]!;
      const fromTokens = set.state[k] === 1;
      cursor.reset(unit.global, unit.sticky, fromTokens ? set.starts[k] : undefined, fromTokens ? set.count[k]! : 0, text);
      for (let match = cursor.next(); match; match = cursor.next()) {
        if (presenceOnly) {
          present = true;
          break;
        }
        (unit.topic ? topicFound : phraseFound).push({ index: match.index, text: match[0], order: k });
      }
    }
    let verdict: Verdict = present ? "fired" : undefined;
    if (!present && phraseFound.length) verdict = judge(phraseFound, text, negatable, frames, false, topics);
    if (verdict !== "fired" && topicFound.length) verdict = judge(topicFound, text, negatable, frames, true, topics) ?? verdict;
    if (verdict === "fired") result.fired.add(indicator.id);
    else if (verdict && indicator.danger) result[verdict].add(indicator.id);
  }
  // what is asked about or retold from the news says nothing about the writer's age
  for (const s of frames.newsSentences) topics.push(frames.sentenceRange(s));
  for (const [start, end] of topics) result.withoutTopics = result.withoutTopics.slice(0, start) + " ".repeat(end - start) + result.withoutTopics.slice(end);
  return result;
}
