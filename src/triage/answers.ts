import { BY_ID } from "./indicators.ts";
import { SIGN_ALIASES } from "./lexicon.ts";
import type { TriageAnswers } from "./types.ts";

/** What the structured answers of a flow say, in the engine's terms. */
export interface AnswerFacts {
  /** indicator ids the answers stand for */
  signs: Set<string>;
  /** true: said to be under 18; false: said to be an adult; undefined: not said */
  minor: boolean | undefined;
  /** the flow was told "I'm not sure" about the age */
  minorUnsure: boolean;
  age: number | undefined;
  /** the flow said it happened earlier, not now or today */
  earlier: boolean;
  /** someone is held (report kind "held"), not only that a sign was ticked */
  held: boolean;
  /** a minor in a bar, a nightclub or a mining camp (report kind "minor_venue") */
  minorVenue: boolean;
  danger: boolean;
}

const KIND_SIGNS: Record<NonNullable<TriageAnswers["kind"]>, string[]> = {
  held: ["cannot_leave"],
  missing: ["missing"],
  minor_venue: ["work_activity"],
  job_offer: ["job_offer"],
  danger: ["in_danger"],
  other: [],
};

const WORKPLACE_SIGNS: Record<NonNullable<TriageAnswers["workplace"]>, string[]> = {
  bar: ["nightlife_venue", "work_activity"],
  mining: ["mining_site", "risky_place", "workplace", "work_activity"],
  domestic: ["workplace", "work_activity"],
  farm: ["workplace", "work_activity"],
  other: ["work_activity"],
};

const CHANNEL_SIGNS: Record<NonNullable<TriageAnswers["offerChannel"]>, string[]> = {
  social_media: ["online_contact"],
  partner: ["romance_recruitment"],
  friend_relative: ["trusted_recruiter"],
  agency: ["job_offer"],
  other: [],
};

export function readAnswers(answers: TriageAnswers): AnswerFacts {
  const signs = new Set<string>();
  const add = (ids: string[] | undefined) => ids?.forEach((id) => signs.add(id));
  for (const sign of answers.signs ?? []) {
    const id = SIGN_ALIASES.get(sign) ?? sign;
    if (BY_ID.has(id)) signs.add(id);
  }
  if (answers.kind) add(KIND_SIGNS[answers.kind]);
  if (answers.workplace) add(WORKPLACE_SIGNS[answers.workplace]);
  if (answers.offerChannel) add(CHANNEL_SIGNS[answers.offerChannel]);
  if (answers.foreign) signs.add("foreign");
  // "when" is what the person chose; happeningNow alone only counts when "when" was not asked.
  const earlier = answers.when === "earlier" || (answers.when === undefined && answers.happeningNow === false);
  if (answers.when === "now" || answers.happeningNow === true) signs.add("happening_now");

  const saysMinor = answers.minor === "yes" || answers.ageBand === "under_14" || answers.ageBand === "14_17" || answers.kind === "minor_venue";
  const saysAdult = answers.minor === "no" || answers.ageBand === "18_24" || answers.ageBand === "25_plus";
  return {
    signs,
    minor: saysMinor ? true : saysAdult ? false : undefined,
    minorUnsure: answers.minor === "unsure" || answers.ageBand === "unknown",
    age: answers.age,
    earlier,
    held: answers.kind === "held",
    minorVenue: answers.kind === "minor_venue",
    danger: answers.kind === "danger",
  };
}
