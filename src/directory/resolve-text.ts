import type { Geography } from "./geography.ts";
import { allowedTypos, editDistance, normalizeName } from "./normalize-text.ts";
import { PLACE_ALIASES } from "./place-aliases.ts";
import type { District, Place } from "./types.ts";

/** How a name points at a district; lower ranks win ties. */
const Via = {
  /** a hand-made alias (`place-aliases.ts`) */
  Alias: 0,
  /** the district's own name, or a department name pointing at the department capital district */
  Name: 1,
  /** a province name → its capital district (so "Huaylas" the district beats Huaylas province → Caraz) */
  ProvinceName: 2,
  /** the district's capital town (CSV `capital`) */
  CapitalTown: 3,
} as const;
type Via = (typeof Via)[keyof typeof Via];

interface Entry {
  districtCode: string;
  via: Via;
}

interface Candidate {
  district: District;
  /** typos in the name plus the qualifier */
  typos: number;
  /** 0: no qualifier, or it names the province; 1: it names only the department; 2: it is just "Perú" */
  qualifierRank: number;
  via: Via;
  /** 0 department capital, 1 province capital, 2 other: the bigger town wins a tie */
  capitalRank: number;
}

/**
 * Words people put before a place name or a qualifier ("vivo en", "distrito de", "región") that carry no
 * place. None of them starts a place name in the ubigeo data (checked by a test), so stripping is safe.
 */
const FILLER = new Set([
  "estoy",
  "vivo",
  "soy",
  "en",
  "desde",
  "cerca",
  "distrito",
  "dist",
  "provincia",
  "prov",
  "departamento",
  "dpto",
  "region",
]);
/** A qualifier that rules nothing out ("mazuko, Perú"). */
const COUNTRY = "peru";

const MAX_TEXT_LENGTH = 100;
const MAX_TOKENS = 8;
const COORDINATES_TEXT = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

function stripLeadingFiller(tokens: string[]): string[] {
  let start = 0;
  while (start < tokens.length && FILLER.has(tokens[start]!)) start++;
  return tokens.slice(start);
}

/**
 * Builds the typed-text resolver. Matching, in order, stopping at the first stage that finds something:
 * 1. the whole text, exactly (after normalizing accents, case, punctuation and "de"/"del", and dropping
 *    leading filler such as "vivo en", "distrito de");
 * 2. "name qualifier" or "qualifier name", exactly, where the qualifier is the province and/or department
 *    ("ayabaca piura", "la pampa corongo", "inambari tambopata madre de dios") or "Perú";
 * 3. and 4. the same two with typos allowed (`allowedTypos`: none up to 4 letters, 1 up to 8, then 2).
 * Names are district names, department names (→ the department capital district), aliases, province names
 * (→ the province capital district) and capital towns. Ties prefer, in order: fewer typos; a qualifier that
 * names the province over one that names only the department; alias > district or department name >
 * province name > capital town; department capital > province capital > other; a district with 20 times
 * the other's population. A tie that remains (e.g. "Santa Rosa", a district in several departments) gives
 * undefined: the caller asks for the province instead of us guessing.
 * "lat, lon" typed as text is treated as coordinates.
 */
export function createTextResolver(
  geography: Geography,
  resolveCoordinates: (latitude: number, longitude: number) => Place | undefined,
): (text: string) => Place | undefined {
  const index = new Map<string, Entry[]>();
  const add = (name: string, districtCode: string, via: Via) => {
    const key = normalizeName(name);
    if (key === "") return;
    const entries = index.get(key) ?? [];
    if (!entries.some((e) => e.districtCode === districtCode && e.via <= via)) {
      entries.push({ districtCode, via });
    }
    index.set(key, entries);
  };
  for (const d of geography.districts) {
    add(d.name, d.code, Via.Name);
    add(d.capital, d.code, Via.CapitalTown);
    // INEI convention (checked by a test): a province's capital district is DDPP01, a department's DD0101.
    if (d.code.endsWith("01")) add(d.province, d.code, Via.ProvinceName);
    if (d.code.endsWith("0101")) add(d.department, d.code, Via.Name);
  }
  for (const alias of PLACE_ALIASES) {
    for (const name of alias.names) add(name, alias.districtCode, Via.Alias);
  }
  // Keys by length, so a fuzzy lookup only compares names within `allowedTypos` letters of the query.
  const keysByLength = new Map<number, string[]>();
  for (const key of index.keys()) {
    const bucket = keysByLength.get(key.length) ?? [];
    bucket.push(key);
    keysByLength.set(key.length, bucket);
  }
  const areaNames = new Map<string, { province: string; department: string }>();
  for (const d of geography.districts) {
    areaNames.set(d.code, { province: normalizeName(d.province), department: normalizeName(d.department) });
  }

  const capitalRank = (code: string) => (code.endsWith("0101") ? 0 : code.endsWith("01") ? 1 : 2);

  function lookup(name: string, fuzzy: boolean): { entry: Entry; typos: number }[] {
    if (!fuzzy) return (index.get(name) ?? []).map((entry) => ({ entry, typos: 0 }));
    const max = allowedTypos(name.length);
    const found: { entry: Entry; typos: number }[] = [];
    if (max === 0) return found;
    for (let length = name.length - max; length <= name.length + max; length++) {
      for (const key of keysByLength.get(length) ?? []) {
        const typos = editDistance(name, key, max);
        if (typos <= max) for (const entry of index.get(key)!) found.push({ entry, typos });
      }
    }
    return found;
  }

  /**
   * How the qualifier fits the district's province/department: typos and rank (see `Candidate`), or
   * undefined when it does not fit.
   */
  function qualifierFit(
    qualifier: string,
    districtCode: string,
    fuzzy: boolean,
  ): { typos: number; rank: number } | undefined {
    if (qualifier === COUNTRY) return { typos: 0, rank: 2 };
    const area = areaNames.get(districtCode);
    if (!area) return undefined;
    const targets: [string, number][] = [
      [area.province, 0],
      [`${area.province} ${area.department}`, 0],
      [`${area.department} ${area.province}`, 0],
      [area.department, 1],
    ];
    const max = fuzzy ? allowedTypos(qualifier.length) : 0;
    let best: { typos: number; rank: number } | undefined;
    for (const [target, rank] of targets) {
      const typos = editDistance(qualifier, target, max);
      if (typos > max) continue;
      if (!best || typos < best.typos || (typos === best.typos && rank < best.rank)) best = { typos, rank };
    }
    return best;
  }

  function candidates(nameTokens: string[], qualifierTokens: string[], fuzzy: boolean): Candidate[] {
    const name = nameTokens.join(" ");
    const qualifier = stripLeadingFiller(qualifierTokens).join(" ");
    if (name === "" || (qualifierTokens.length > 0 && qualifier === "")) return [];
    const out: Candidate[] = [];
    for (const { entry, typos } of lookup(name, fuzzy)) {
      const district = geography.district(entry.districtCode);
      if (!district) continue;
      const fit =
        qualifierTokens.length > 0 ? qualifierFit(qualifier, district.code, fuzzy) : { typos: 0, rank: 0 };
      if (!fit) continue;
      out.push({
        district,
        typos: typos + fit.typos,
        qualifierRank: fit.rank,
        via: entry.via,
        capitalRank: capitalRank(district.code),
      });
    }
    return out;
  }

  return (text) => {
    if (typeof text !== "string" || text.length > MAX_TEXT_LENGTH) return undefined;
    const asCoordinates = COORDINATES_TEXT.exec(text);
    if (asCoordinates) return resolveCoordinates(Number(asCoordinates[1]), Number(asCoordinates[2]));
    const tokens = stripLeadingFiller(normalizeName(text).split(" ").filter(Boolean));
    if (tokens.length === 0 || tokens.length > MAX_TOKENS) return undefined;
    for (const fuzzy of [false, true]) {
      const whole = pick(candidates(tokens, [], fuzzy));
      if (whole === "ambiguous") return undefined;
      if (whole) return geography.toPlace(whole, "name");
      // The longest name part first: "san juan lurigancho lima" tries "san juan lurigancho" + "lima" first.
      for (let nameLength = tokens.length - 1; nameLength >= 1; nameLength--) {
        const split = [
          ...candidates(tokens.slice(0, nameLength), tokens.slice(nameLength), fuzzy),
          ...candidates(tokens.slice(-nameLength), tokens.slice(0, tokens.length - nameLength), fuzzy),
        ];
        const found = pick(split);
        if (found === "ambiguous") return undefined;
        if (found) return geography.toPlace(found, "name");
      }
    }
    return undefined;
  };
}

/**
 * When two districts share a name and tie on everything else, the one with at least this many times the
 * other's population is taken ("Comas" is the Lima district of ~500,000 people, not the Junín one of
 * ~6,000); closer sizes stay ambiguous.
 */
const DOMINANT_POPULATION_RATIO = 20;

/** The best candidate; "ambiguous" when two different districts tie on every criterion. */
function pick(candidates: Candidate[]): District | "ambiguous" | undefined {
  if (candidates.length === 0) return undefined;
  const best = new Map<string, Candidate>();
  for (const c of candidates) {
    const seen = best.get(c.district.code);
    if (!seen || compare(c, seen) < 0) best.set(c.district.code, c);
  }
  const sorted = [...best.values()].sort(compare);
  const [first, second] = sorted;
  if (second && compare(first!, second) === 0) {
    const tied = sorted.filter((c) => compare(c, first!) === 0);
    const bySize = tied.sort((a, b) => (b.district.population ?? 0) - (a.district.population ?? 0));
    const [largest, next] = bySize;
    const largestSize = largest!.district.population ?? 0;
    if (largestSize > 0 && largestSize >= DOMINANT_POPULATION_RATIO * (next!.district.population ?? 0)) {
      return largest!.district;
    }
    return "ambiguous";
  }
  return first!.district;
}

function compare(a: Candidate, b: Candidate): number {
  return (
    a.typos - b.typos || a.qualifierRank - b.qualifierRank || a.via - b.via || a.capitalRank - b.capitalRank
  );
}
