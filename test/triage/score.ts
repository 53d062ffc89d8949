import { readFileSync } from "node:fs";
import type { TriageAnswers, TriageResult } from "../../src/triage/index.ts";

/** A port of shared/eval/score-triage.py (same metrics, same referral-consistency rule). */
export interface Gold {
  id: string;
  text: string;
  lang?: "es" | "en" | "qu";
  /** structured answers of a flow, for the cases that have them */
  answers?: TriageAnswers;
  urgency: "emergency" | "high" | "medium" | "low";
  minor: boolean;
  categories: string[];
}

const RANK = { low: 0, medium: 1, high: 2, emergency: 3 } as const;
const TRAFFICKING = new Set(["sexual_exploitation", "labor_exploitation", "deceptive_recruitment", "missing_person", "forced_begging"]);
const CHILD_ROUTES = new Set(["UPE", "DEMUNA", "FISCALIA", "LINEA_100"]);

export function loadGold(path: string): Gold[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Gold);
}

export function referralConsistent(p: TriageResult): boolean {
  const refs = new Set<string>(p.referrals);
  let ok = true;
  if (p.urgency === "emergency") ok &&= refs.has("105");
  if (p.categories.some((c) => TRAFFICKING.has(c))) ok &&= refs.has("1818");
  if (p.minor) ok &&= [...refs].some((r) => CHILD_ROUTES.has(r));
  if (p.categories.includes("gender_violence")) ok &&= refs.has("LINEA_100") || refs.has("CEM");
  if (p.categories.includes("labor_rights")) ok &&= refs.has("SUNAFIL");
  return ok;
}

export function score(gold: Gold[], predict: (g: Gold) => TriageResult) {
  const rows = gold.map((g) => ({ g, p: predict(g) }));
  const share = (items: typeof rows, test: (r: (typeof rows)[number]) => boolean) =>
    items.filter(test).length / Math.max(1, items.length);
  const emergencies = rows.filter((r) => r.g.urgency === "emergency");
  const lowMedium = rows.filter((r) => RANK[r.g.urgency] <= 1);
  const minors = rows.filter((r) => r.g.minor);
  const withCategories = rows.filter((r) => r.g.categories.length > 0);
  return {
    emergency_recall: share(emergencies, (r) => r.p.urgency === "emergency"),
    undertriage_rate: share(rows, (r) => RANK[r.p.urgency] < RANK[r.g.urgency]),
    severe_overtriage_rate: share(lowMedium, (r) => r.p.urgency === "emergency"),
    minor_recall: share(minors, (r) => r.p.minor),
    category_recall: share(withCategories, (r) => r.g.categories.some((c) => (r.p.categories as string[]).includes(c))),
    referral_consistency: share(rows, (r) => referralConsistent(r.p)),
    misses: rows.filter((r) => RANK[r.p.urgency] < RANK[r.g.urgency]).map((r) => `${r.g.id}: ${r.p.urgency} < ${r.g.urgency}`),
  };
}

/** The acceptance bounds of the triage issue. */
export const BOUNDS = {
  emergency_recall: 0.95,
  undertriage_rate: 0.08,
  severe_overtriage_rate: 0.1,
  minor_recall: 0.9,
  category_recall: 0.85,
  referral_consistency: 0.98,
};
