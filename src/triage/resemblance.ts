import model from "./data/resemblance-model.json" with { type: "json" };

/**
 * A learned safety net under the rules: how much a message resembles the labelled reports that were
 * emergencies (logistic regression over word stems, stem pairs and letter 4-grams of the
 * normalized text). It is trained from test/fixtures by `npm run triage:train` (scripts/train-triage-model.ts),
 * deterministically, and a test retrains it to prove the shipped weights are exactly that. It only turns a
 * message the rules found risky (medium or high) into an emergency, never lowers anything or changes
 * categories: the rules stay the explanation; this catches the "now" in wordings nobody wrote a phrase for
 * (leaving each of four blind sets out of training, first-sight emergency recall went 0.72→0.83, 0.67→0.89,
 * 0.75→0.95 and 0.89→1.00, exact urgency unchanged or better).
 */
export interface ResemblanceModel {
  /** what the weights were trained on (a hash of the fixtures' texts and labels) */
  trainedOn: string;
  /** feature → index into each head's weights */
  features: string[];
  heads: { name: "emergency"; bias: number; weights: number[]; threshold: number }[];
}

/** The words the model reads: the normalized tokens without clause and sentence breaks. */
const modelTokens = (normalized: string) => normalized.split(" ").filter((t) => t && t !== "," && t !== "|");

/** The features of a normalized text: 5-letter stems, pairs of stems, and letter 4-grams with word edges. */
export function resemblanceFeatures(normalized: string): string[] {
  const tokens = modelTokens(normalized);
  const stems = tokens.map((t) => t.slice(0, 5));
  const features = new Set<string>();
  for (const s of stems) features.add(`u:${s}`);
  for (let i = 1; i < stems.length; i++) features.add(`b:${stems[i - 1]}_${stems[i]}`);
  const spaced = ` ${tokens.join(" ")} `;
  for (let i = 0; i + 4 <= spaced.length; i++) features.add(`c:${spaced.slice(i, i + 4)}`);
  return [...features];
}

const MODEL = model as ResemblanceModel;

/** Feature lookups: word features by their text, letter 4-grams by their four char codes packed into one number. */
interface FeatureIndex {
  words: Map<string, number>;
  grams: Map<number, number>;
}
const pack = (gram: string) => (gram.charCodeAt(0) << 21) | (gram.charCodeAt(1) << 14) | (gram.charCodeAt(2) << 7) | gram.charCodeAt(3);
function featureIndex(features: readonly string[]): FeatureIndex {
  const index: FeatureIndex = { words: new Map(), grams: new Map() };
  features.forEach((f, i) => {
    if (f.startsWith("c:") && f.length === 6) index.grams.set(pack(f.slice(2)), i);
    else index.words.set(f, i);
  });
  return index;
}

/** The indices of a text's known features, each once (the same set as `resemblanceFeatures`, without its strings). */
export function knownFeatures(normalized: string, index: FeatureIndex, seen: Uint8Array): number[] {
  const tokens = modelTokens(normalized);
  const found: number[] = [];
  const add = (i: number | undefined) => {
    if (i !== undefined && seen[i] === 0) {
      seen[i] = 1;
      found.push(i);
    }
  };
  let previous: string | undefined;
  for (const token of tokens) {
    const stem = token.slice(0, 5);
    add(index.words.get(`u:${stem}`));
    if (previous !== undefined) add(index.words.get(`b:${previous}_${stem}`));
    previous = stem;
  }
  const spaced = ` ${tokens.join(" ")} `;
  // normalized text is ASCII (a-z, 0-9, space): 7 bits a letter, a rolling window of four
  let code = 0;
  for (let i = 0; i < spaced.length; i++) {
    code = ((code << 7) | (spaced.charCodeAt(i) & 0x7f)) & 0x0fffffff;
    if (i >= 3) add(index.grams.get(code));
  }
  for (const i of found) seen[i] = 0;
  return found;
}

interface Compiled {
  index: FeatureIndex;
  seen: Uint8Array;
  heads: { name: "emergency"; bias: number; weights: Float64Array; threshold: number }[];
}
const compile = (m: ResemblanceModel): Compiled => ({
  index: featureIndex(m.features),
  seen: new Uint8Array(m.features.length),
  heads: m.heads.map((h) => ({ ...h, weights: Float64Array.from(h.weights) })),
});
const COMPILED_MODEL = compile(MODEL);
/** The shipped model's feature lookups (for tests). */
export const MODEL_INDEX = COMPILED_MODEL.index;

/** Probability per head that a message with these features belongs to it. */
export function resemblance(normalized: string) {
  const c = COMPILED_MODEL;
  const known = knownFeatures(normalized, c.index, c.seen);
  const scale = known.length ? 1 / Math.sqrt(known.length) : 0;
  return c.heads.map((head) => {
    let z = head.bias;
    for (const i of known) z += head.weights[i]! * scale;
    return { name: head.name, p: 1 / (1 + Math.exp(-z)), threshold: head.threshold };
  });
}

/** Whether the message resembles the emergencies seen before (above the emergency head's threshold). */
export function resemblesEmergency(normalized: string): boolean {
  return resemblance(normalized).some((head) => head.name === "emergency" && head.p > head.threshold);
}
