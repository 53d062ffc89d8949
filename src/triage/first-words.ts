/**
 * A fast pre-check for the indicator regexes: from a regex source it derives how a match must begin (its
 * first word, or the first letters of it), so a message runs only the regexes whose first words it has.
 * This is an optimisation only: when the start of a pattern cannot be read, the regex always runs
 * (test/triage/first-words.test.ts checks that the result never differs from running every regex).
 */
const MAX_PREFIXES = 20_000;
/** tokens whose regexes are remembered (a chat vocabulary is small; the cache starts over when full) */
const MAX_CACHED_TOKENS = 50_000;
const DIGITS = [..."0123456789"];

interface Prefixes {
  /** literal beginnings of a match */
  set: string[];
  /** false once a prefix stopped before the end of the sequence (it can only be cut short, not extended) */
  open: boolean[];
}

/** Index of the `)` that closes the group opened at `start`. */
function closingParen(src: string, start: number): number {
  let depth = 0;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") i++;
    else if (c === "[") i = src.indexOf("]", i + 1);
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  throw new Error(`unbalanced group in ${src}`);
}

function splitTopLevel(src: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") i++;
    else if (c === "[") i = src.indexOf("]", i + 1);
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      parts.push(src.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(src.slice(last));
  return parts;
}

/** Length of a quantifier at `i` ("?", "*", "+", "{m,n}") and whether it allows zero repetitions. */
function quantifier(src: string, i: number): { length: number; optional: boolean } {
  const c = src[i];
  if (c === "?" || c === "*") return { length: src[i + 1] === "?" ? 2 : 1, optional: true };
  if (c === "+") return { length: 1, optional: false };
  if (c === "{") {
    const m = /^\{(\d+)(?:,(\d*))?\}/.exec(src.slice(i));
    if (m) return { length: m[0].length, optional: m[1] === "0" };
  }
  return { length: 0, optional: false };
}

function sequencePrefixes(src: string): Prefixes {
  let set = [""];
  let open = [true];
  const close = () => {
    open = open.map(() => false);
  };
  let i = 0;
  while (i < src.length && open.some(Boolean)) {
    const c = src[i]!;
    let atom: Prefixes | undefined;
    let end: number;
    if (c === "(") {
      end = closingParen(src, i) + 1;
      const inner = src.slice(i + 1, end - 1);
      if (inner.startsWith("?<") || inner.startsWith("?=") || inner.startsWith("?!")) {
        i = end; // zero-width: it does not consume the start of the match
        continue;
      }
      atom = alternativesPrefixes(inner.startsWith("?:") ? inner.slice(2) : inner);
    } else if (c === "\\") {
      end = i + 2;
      const escaped = src[i + 1]!;
      if (escaped === "b") {
        i = end;
        continue;
      }
      if (/[a-zA-Z0-9]/.test(escaped)) atom = undefined; // a class such as \w or \d
      else atom = { set: [escaped], open: [true] };
    } else if (c === "[") {
      end = src.indexOf("]", i + 1) + 1;
      atom = src.slice(i, end) === "[0-9]" ? { set: DIGITS, open: DIGITS.map(() => true) } : undefined;
    } else if (c === "^" || c === "$" || c === ".") {
      break;
    } else {
      end = i + 1;
      atom = { set: [c], open: [true] };
    }
    const q = quantifier(src, end);
    if (!atom || q.optional) {
      // a class, or something that may be missing: the prefixes read so far are all we know
      close();
      break;
    }
    if (q.length) atom = { set: atom.set, open: atom.open.map(() => false) }; // repeated: there once, then unknown
    const nextSet: string[] = [];
    const nextOpen: boolean[] = [];
    set.forEach((prefix, p) => {
      if (!open[p]) {
        nextSet.push(prefix);
        nextOpen.push(false);
        return;
      }
      atom.set.forEach((piece, a) => {
        nextSet.push(prefix + piece);
        nextOpen.push(atom.open[a]!);
      });
    });
    if (nextSet.length > MAX_PREFIXES) {
      close();
      break;
    }
    set = nextSet;
    open = nextOpen;
    i = end + q.length;
  }
  if (i < src.length) close();
  return { set, open };
}

function alternativesPrefixes(src: string): Prefixes {
  const set: string[] = [];
  const open: boolean[] = [];
  for (const alternative of splitTopLevel(src)) {
    const p = sequencePrefixes(alternative);
    set.push(...p.set);
    open.push(...p.open);
  }
  return { set, open };
}

/**
 * When every literal beginning of a match holds a whole first word and the start of a second one ("no me",
 * "se la llev"), those pairs: the regex can then only match where the next token begins with that second part
 * (`exact`: it is that whole word). Undefined when some match could start otherwise.
 */
export function firstPairs(source: string, prefixes = alternativesPrefixes(source)): { first: string; second: string; exact: boolean }[] | undefined {
  const { set } = prefixes;
  const pairs: { first: string; second: string; exact: boolean }[] = [];
  for (const prefix of set) {
    const space = prefix.indexOf(" ");
    if (space <= 0 || prefix.length === space + 1) return undefined;
    const rest = prefix.slice(space + 1);
    const next = rest.indexOf(" ");
    pairs.push({ first: prefix.slice(0, space), second: next >= 0 ? rest.slice(0, next) : rest, exact: next >= 0 });
  }
  return pairs.length ? pairs : undefined;
}

/**
 * The first words a match of `source` can start with: complete first words (followed by a space in the
 * pattern) and word stems (a match's first word starts with them). Undefined when some match could start
 * with anything (the regex must always run).
 */
export function firstWords(source: string, prefixes = alternativesPrefixes(source)): { words: string[]; stems: string[] } | undefined {
  const { set, open } = prefixes;
  const words = new Set<string>();
  const stems = new Set<string>();
  for (let p = 0; p < set.length; p++) {
    const prefix = set[p]!;
    const space = prefix.indexOf(" ");
    if (space === 0) return undefined;
    if (space > 0) words.add(prefix.slice(0, space));
    else if (open[p] && !prefix.includes(",") && !prefix.includes("|")) words.add(prefix); // the whole pattern is this word
    else if (prefix.length > 0) stems.add(prefix);
    else return undefined;
  }
  return { words: [...words], stems: [...stems] };
}

interface TrieNode {
  next: Map<string, TrieNode>;
  /** regexes whose stem ends here */
  stems: number[];
}

/** Maps the words and stems of a text to the regexes that may match it. */
export class FirstWordIndex {
  private readonly byWord = new Map<string, number[]>();
  private readonly stems: TrieNode = { next: new Map(), stems: [] };
  private readonly always: number[] = [];
  private readonly cache = new Map<string, readonly number[]>();
  /** regexes that need a given first word and a given second one ("no me …"), or the start of it, by first word */
  private readonly byPair = new Map<string, { exact: Map<string, number[]>; partial: { second: string; unit: number }[] }>();

  constructor(sources: (string | undefined)[]) {
    sources.forEach((source, n) => {
      if (source === undefined) return;
      // common first words ("no", "se", "esta") start many regexes: the second word rules most of them out
      const prefixes = alternativesPrefixes(source);
      const pairs = firstPairs(source, prefixes);
      if (pairs) {
        for (const { first, second, exact } of pairs) {
          let entry = this.byPair.get(first);
          if (!entry) this.byPair.set(first, (entry = { exact: new Map(), partial: [] }));
          if (!exact) entry.partial.push({ second, unit: n });
          else {
            const list = entry.exact.get(second);
            if (list) list.push(n);
            else entry.exact.set(second, [n]);
          }
        }
        return;
      }
      const first = firstWords(source, prefixes);
      if (!first) {
        this.always.push(n);
        return;
      }
      for (const word of first.words) {
        const list = this.byWord.get(word);
        if (list) list.push(n);
        else this.byWord.set(word, [n]);
      }
      for (const stem of first.stems) {
        let node = this.stems;
        for (const c of stem) {
          let child = node.next.get(c);
          if (!child) node.next.set(c, (child = { next: new Map(), stems: [] }));
          node = child;
        }
        node.stems.push(n);
      }
    });
  }

  /**
   * Marks in `set` every regex that may match `text`: state 2 when it must scan the whole text, 1 when a match
   * can only start at the `count[n]` offsets in `starts[n]` (the tokens that are one of its first words).
   * `marked` lists them in ascending order.
   */
  candidates(text: string, set: CandidateSet): void {
    const { state, marked } = set;
    for (const n of marked) state[n] = 0;
    marked.length = 0;
    for (const n of this.always) {
      state[n] = 2;
      marked.push(n);
    }
    const tokens = text.split(" ");
    let offset = 0;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      for (const n of this.hits(token)) markAt(set, n, offset);
      const pairs = this.byPair.get(token);
      const next = tokens[t + 1];
      if (pairs && next !== undefined) {
        const exact = pairs.exact.get(next);
        if (exact) for (const n of exact) markAt(set, n, offset);
        for (const pair of pairs.partial) if (next.startsWith(pair.second)) markAt(set, pair.unit, offset);
      }
      offset += token.length + 1;
    }
    // a typed array sorts numbers natively, several times faster than a comparator on a plain array
    const sorted = set.sortBuffer.subarray(0, marked.length);
    for (let i = 0; i < marked.length; i++) sorted[i] = marked[i]!;
    sorted.sort();
    for (let i = 0; i < marked.length; i++) marked[i] = sorted[i]!;
  }

  /** The regexes a token can start (its exact word and every stem it begins with); cached, words repeat. */
  private hits(token: string): readonly number[] {
    let hits = this.cache.get(token);
    if (hits) return hits;
    const found = new Set<number>(this.byWord.get(token));
    let node: TrieNode | undefined = this.stems;
    for (let k = 0; k < token.length && node; k++) {
      node = node.next.get(token[k]!);
      if (node) for (const n of node.stems) found.add(n);
    }
    hits = [...found].sort((a, b) => a - b);
    if (this.cache.size >= MAX_CACHED_TOKENS) this.cache.clear();
    this.cache.set(token, hits);
    return hits;
  }

}

/** Marks regex `n` to run from `offset` (once per offset; a regex marked to scan the whole text stays so). */
function markAt(set: CandidateSet, n: number, offset: number): void {
  const { state, count, starts, marked } = set;
  const s = state[n];
  if (s === 2) return;
  if (s === 0) {
    state[n] = 1;
    count[n] = 0;
    marked.push(n);
  }
  const c = count[n]!;
  const list = starts[n]!;
  if (c === 0 || list[c - 1] !== offset) {
    list[c] = offset;
    count[n] = c + 1;
  }
}

/** Which regexes a message runs, and from where (reused from message to message: nothing is allocated). */
export class CandidateSet {
  readonly state: Uint8Array;
  readonly count: Uint16Array;
  readonly starts: number[][];
  readonly marked: number[] = [];
  readonly sortBuffer: Int32Array;

  constructor(size: number) {
    this.state = new Uint8Array(size);
    this.count = new Uint16Array(size);
    this.starts = Array.from({ length: size }, () => []);
    this.sortBuffer = new Int32Array(size);
  }

  /** Every regex, over the whole text (no pre-check). */
  all(): void {
    this.marked.length = 0;
    for (let n = 0; n < this.state.length; n++) {
      this.state[n] = 2;
      this.marked.push(n);
    }
  }
}
