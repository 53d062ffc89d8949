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
      text: typeof params.text === "string" ? params.text : "",
      lang: langOf(context.locale()),
      answers: selfCheckAnswers(params),
    });
    return triageJson(result);
  };
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

/** Maps the self-check's and report's answers to the triage engine's structured input. */
export function selfCheckAnswers(params: Record<string, Json>): TriageAnswers {
  const answers: TriageAnswers = {};
  const signs: string[] = [];
  if (params.payTooGood === YES) signs.push("too_good_offer");
  if (params.travelAdvanced === YES) signs.push("debt");
  if (params.hasContract === "no") signs.push("no_contract");
  if (params.documentsAsked === YES) signs.push("document_retention");
  if (params.toldSecret === YES) signs.push("isolation");
  if (signs.length) answers.signs = signs;
  const channel = params.offerChannel;
  if (
    channel === "social_media" ||
    channel === "friend_relative" ||
    channel === "partner" ||
    channel === "agency"
  ) {
    answers.offerChannel = channel;
  }
  const workplace = params.workplace;
  if (workplace === "bar" || workplace === "mining" || workplace === "domestic" || workplace === "farm") {
    answers.workplace = workplace;
  }
  const ageBand = params.ageBand;
  if (ageBand === "under_14" || ageBand === "14_17" || ageBand === "18_24" || ageBand === "25_plus") {
    answers.ageBand = ageBand;
  }
  const kind = params.kind;
  if (
    kind === "job_offer" ||
    kind === "held" ||
    kind === "minor_venue" ||
    kind === "missing" ||
    kind === "other"
  ) {
    answers.kind = kind;
  }
  const when = params.when;
  if (
    when === "now" ||
    when === "today" ||
    when === "this_week" ||
    when === "earlier" ||
    when === "unknown"
  ) {
    answers.when = when;
    answers.happeningNow = when === "now";
  }
  const minor = params.minor;
  if (minor === "yes" || minor === "no" || minor === "unsure") answers.minor = minor;
  return answers;
}
