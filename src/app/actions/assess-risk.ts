import type { Json } from "../../flows/engine/types.ts";
import type { TriageAnswers, TriageInput, TriageResult } from "../../triage/index.ts";
import type { ActionHandler } from "./action-runner.ts";

export interface RiskAssessor {
  assess(input: TriageInput): TriageResult;
}

/**
 * `assess_risk`: triage of what the person said so far. Used by the report flow (free text → an emergency is
 * said at once) and the self-check (structured answers → which signs are present and why they matter).
 */
export function assessRisk(assessor: RiskAssessor): ActionHandler {
  return async (params, context) => {
    const result = assessor.assess({
      text: textOf(params),
      lang: langOf(context.locale()),
      answers: answersFromParams(params),
    });
    return triageJson(result);
  };
}

/** Answers in the person's own words that triage reads (a venue's name can say "discoteca"). */
export const TEXT_FIELDS = ["text", "description", "details", "venue"] as const;

export function textOf(params: Record<string, Json>): string {
  return TEXT_FIELDS.map((f) => params[f])
    .filter((v): v is string => typeof v === "string" && v.trim() !== "")
    .join("\n");
}

export function triageJson(result: TriageResult): Json {
  return {
    urgency: result.urgency,
    categories: result.categories,
    minor: result.minor,
    referrals: result.referrals,
    reasonLines: result.reasons.map(
      (r): Json => (r.params ? { key: r.key, params: r.params } : { key: r.key }),
    ),
  };
}

export function langOf(locale: string): "es" | "en" | "qu" {
  return locale === "en" || locale === "qu" ? locale : "es";
}

const YES = "yes";

const KINDS = ["job_offer", "held", "minor_venue", "missing", "other", "danger"] as const;
const WHENS = ["now", "today", "this_week", "earlier", "unknown"] as const;
const MINOR = ["yes", "no", "unsure"] as const;
const AGE_BANDS = ["under_14", "14_17", "18_24", "25_plus", "unknown"] as const;
const CHANNELS = ["social_media", "friend_relative", "partner", "agency", "other"] as const;
const WORKPLACES = ["bar", "mining", "domestic", "farm", "other"] as const;

/** Self-check answers that are a sign on their own; each names the triage sign it stands for. */
const YES_SIGNS: Record<string, string> = {
  payTooGood: "too_good_offer",
  // a fare paid in advance is its own sign: it can turn into a "debt" later, but it is not one yet
  travelAdvanced: "travel_paid",
  // asked to hand them over, not (yet) kept: triage weighs the two differently
  documentsAsked: "documents_asked",
  toldSecret: "isolation",
};

function oneOf<T extends string>(values: readonly T[], value: Json | undefined): T | undefined {
  return typeof value === "string" && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/**
 * Maps a flow's answers (self-check or report) to the triage engine's structured input, `TriageAnswers`:
 * kind, happeningNow, when, minor, ageBand, age, workplace, offerChannel, signs, foreign. Unknown values are
 * left out, never guessed.
 */
export function answersFromParams(params: Record<string, Json>): TriageAnswers {
  const answers: TriageAnswers = {};
  const signs = new Set<string>();
  for (const [param, sign] of Object.entries(YES_SIGNS)) if (params[param] === YES) signs.add(sign);
  if (params.hasContract === "no") signs.add("no_contract");
  if (Array.isArray(params.signs)) for (const s of params.signs) if (typeof s === "string") signs.add(s);
  if (signs.size) answers.signs = [...signs];

  const kind = oneOf(KINDS, params.kind);
  if (kind) answers.kind = kind;
  const when = oneOf(WHENS, params.when);
  if (when) {
    answers.when = when;
    answers.happeningNow = when === "now";
  }
  if (typeof params.happeningNow === "boolean") answers.happeningNow = params.happeningNow;
  const minor = oneOf(MINOR, params.minor);
  if (minor) answers.minor = minor;
  const ageBand = oneOf(AGE_BANDS, params.ageBand);
  if (ageBand) answers.ageBand = ageBand;
  if (typeof params.age === "number" && Number.isInteger(params.age) && params.age >= 0 && params.age <= 120) {
    answers.age = params.age;
  }
  const offerChannel = oneOf(CHANNELS, params.offerChannel);
  if (offerChannel) answers.offerChannel = offerChannel;
  const workplace = oneOf(WORKPLACES, params.workplace);
  if (workplace) answers.workplace = workplace;
  if (params.foreign === true || params.foreign === YES) answers.foreign = true;
  return answers;
}
