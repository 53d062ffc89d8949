/**
 * Lower-case, accent-free, single-spaced form of a place name or query: "Huepetuhe", "HUEPETÚHE" and
 * "  huepetuhe " all become "huepetuhe"; "Ñ" becomes "n"; punctuation becomes a space. The connectors "de"
 * and "del" are dropped, because people write "San Juan Lurigancho" as often as "San Juan de Lurigancho".
 */
export function normalizeName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((token) => token !== "de" && token !== "del" && token !== "")
    .join(" ");
}

/**
 * A stable slug for ids: accent-free, lower-case, words joined by "-" (connectors kept, so "Centro de Salud"
 * gives "centro-de-salud").
 */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Scratch rows reused by {@link editDistance}: no allocation per comparison (it runs ~4,000 times a query). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/**
 * Optimal-string-alignment edit distance (insertions, deletions, substitutions and adjacent swaps each
 * cost 1), giving up early: returns `max + 1` as soon as the distance must exceed `max`. The early exit
 * and the reused rows keep fuzzy lookups over ~4,000 names well under a millisecond.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  if (rows[0].length < width) rows = [new Int32Array(width), new Int32Array(width), new Int32Array(width)];
  let [prevPrev, prev, current] = rows;
  for (let j = 0; j < width; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        value = Math.min(value, prevPrev[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  return Math.min(prev[b.length]!, max + 1);
}

/**
 * How many typos a name of this length may carry and still match: none up to 4 letters ("ica", "lima"),
 * one up to 8 ("ayabaka", "huepetue"), two beyond. Short names get no slack because a one-letter change
 * there usually lands on another real place.
 */
export function allowedTypos(length: number): number {
  if (length <= 4) return 0;
  if (length <= 8) return 1;
  return 2;
}
