import * as lexicon from "./lexicon.ts";
import { type Category, type Reason, type Urgency, URGENCY_ORDER } from "./types.ts";

/**
 * Safety floors: structural rules that set the least urgency a message can get from what it describes, not
 * from single phrases. Each says which situation it recognises (an offer, a minor near adult money or the
 * night, captivity or force happening to the writer now, begging for someone else) and errs toward
 * over-triage by one level, never to "emergency" without a sign of danger now.
 */
export interface FloorFacts {
  has: (id: string) => boolean;
  /** normalized text */
  text: string;
  minor: boolean;
  /** the writer says they are only asking */
  infoOnly: boolean;
  /** a job or a workplace is named */
  workContext: boolean;
  /** restriction: cannot leave, locked in, kept somewhere, confined */
  held: boolean;
  /** the urgency and categories found so far */
  urgency: Urgency;
  categories: ReadonlySet<Category>;
}

export interface Floor {
  urgency: Urgency;
  categories: Category[];
  reason?: Reason;
}

const { GENERAL_QUESTION, HYPOTHETICAL_OFFER, VERIFIED_OFFER, CURRENT_JOB, SOMEONE_OFFERING } = lexicon;

/** Someone offers, recruits or pays for a trip or an advance: the act of an offer. */
const OFFER_ACTS = ["job_offer", "recruit_channel", "young_women_wanted", "recruiter_active", "travel_paid", "agency_fee", "upfront_fee", "sent_away_to_work", "study_lure"];
/** A job named with its pay or its kind: an offer only when it is not the writer's own job ("trabajo de mesera, me pagan 40"). */
const JOB_DESCRIBED = ["pay_rate", "modelling_offer"];
/** What an offer is about: the job, the pay, the place, the conditions (R3, R4, R19, R20). */
const OFFER_DETAILS = [
  "work_role",
  "pay_rate",
  "too_good_offer",
  "risky_place",
  "foreign",
  "lodging_included",
  "pay_at_end",
  "no_contract",
  "travel_paid",
  "documents_requested",
  "stranger_recruiter",
  "secrecy",
  "go_alone",
  "no_phone",
  "young_women_wanted",
  "nightlife_venue",
  "mining_site",
  "upfront_fee",
  "agency_fee",
  "modelling_offer",
  "outing_with_men",
  "imminent_departure",
  "recruit_channel",
];
/** Parts that are warnings in themselves: a job seeker who names one of them is describing an offer. */
const WARNING_DETAILS = ["pay_rate", "too_good_offer", "travel_paid", "upfront_fee", "agency_fee", "documents_requested", "secrecy", "no_phone", "young_women_wanted", "recruiter_active", "stranger_recruiter"];
/** An employer or agency named (papers asked for, or a meeting somewhere odd, are then part of an offer). */
const EMPLOYER = /\b(?:agencias?|agency|agencies|empresas?|company|companies|reclutador\w*|recruiters?|empleador\w*|employers?|contratista\w*)\b/;
/** A job or a business named without a word of work ("ayudarle en un negocio"). */
const JOB_WORDS = /\b(?:negocio|chamba|chambita|empleo|puesto|vacante|trabajito|entrevista|business|job|position|interview)\b/;
/** Wanting or looking for a job, not being offered one. */
const JOB_SEEKING = /\b(?:quiero|queremos|quisiera|busco|buscando|buscamos|necesito|necesitamos|i want|i am looking for|looking for|i need) (?:a |un |una )?(?:trabajar|trabajo|chamba|chambear|empleo|work|job|a job)\b|\bllamkayta maska\w*/;
/** A hotel or a lodging where a minor may be taken (R1), not a shelter. */
const LODGING = /\b(?:hotel\w*|hostal\w*|hostel\w*|hospedaje\w*|motel\w*|casa de citas|cuarto de alquiler|inns?|guest ?houses?)\b/;

/** Several girls or women (a group kept or moved by someone). */
const GROUP_OF_WOMEN = /\b(?:chicas|senoritas|jovencitas|mujeres|muchachas|chamas|girls|women|young women|sipaskuna\w*|warmikuna\w*)\b/;
/** A relative named: a child picked up by family is no sign. */
export const FAMILY = /\b(?:su|mi|sus|mis|her|his|my) (?:papa|mama|padre|madre|papas|padres|abuel[oa]s?|tio|tia|herman[oa]s?|dad|mom|mother|father|parents|grandma|grandpa|aunt|uncle|brother|sister)\b/;
const any = (has: FloorFacts["has"], ids: readonly string[]) => ids.some(has);
/** Control beyond the work itself: threats, weapons, debts, papers kept, sex, a venue (ILO indicators). */
const exploitationBeyondWork = (has: FloorFacts["has"]) =>
  any(has, ["threats", "weapon", "death_threat", "debt_bondage", "document_retention", "sexual_exploitation", "nightlife_venue", "physical_violence", "kept_somewhere", "locked_in", "wage_theft"]);

/**
 * R3/R4/R19/R20: a message that describes an offer (someone offering, recruiting, flyers, a message about work,
 * fares or advances paid, papers asked for or a meeting in a hotel by an employer) together with what it is about
 * is at least medium, deceptive recruitment; unless it asks about offers in general, the writer only looks for a
 * job, or says the offer was checked and is normal. A question about a concrete offer is about a situation.
 */
export function recruitmentFloor(f: FloorFacts): Floor | undefined {
  const { has, text } = f;
  const papersOrOddPlace = has("documents_requested") || has("stranger_recruiter");
  const act = any(has, OFFER_ACTS);
  if (!act && !any(has, JOB_DESCRIBED) && !papersOrOddPlace) return undefined;
  const sexual = has("outing_with_men") || has("serve_clients");
  // R9: a partner who pays the trip to "help him" in a night business
  const romanceAway = has("romance_recruitment") && has("travel_paid") && (has("night_time") || has("nightlife_venue") || sexual);
  const urgency: Urgency = romanceAway ? "high" : "medium";
  // already an offer at this level (the combination rules of assess.ts found it): nothing to add
  if (f.categories.has("deceptive_recruitment") && URGENCY_ORDER.indexOf(f.urgency) >= URGENCY_ORDER.indexOf(urgency) && (!sexual || f.categories.has("sexual_exploitation"))) return undefined;

  const aboutWork = has("job_offer") || has("work_activity") || has("workplace") || EMPLOYER.test(text) || JOB_WORDS.test(text);
  const offerAct = act || (any(has, JOB_DESCRIBED) && !CURRENT_JOB.test(text)) || (papersOrOddPlace && (aboutWork || has("work_role")));
  if (!offerAct) return undefined;
  const details = OFFER_DETAILS.filter(has);
  // a job, a business or an employer named counts as what the offer is about ("me ofrecieron un trabajo")
  if (details.length + (aboutWork ? 1 : 0) < 2) return undefined;
  if (f.infoOnly || VERIFIED_OFFER.test(text)) return undefined;
  const inGeneral = GENERAL_QUESTION.test(text) || HYPOTHETICAL_OFFER.test(text);
  if (inGeneral && details.length < 2 && !(details.length > 0 && SOMEONE_OFFERING.test(text))) return undefined;
  if (JOB_SEEKING.test(text) && !any(has, WARNING_DETAILS) && !SOMEONE_OFFERING.test(text)) return undefined;

  const categories: Category[] = ["deceptive_recruitment"];
  if (sexual) categories.push("sexual_exploitation");
  return { urgency, categories, reason: { key: "triage.reason.recruitment_offer" } };
}

/**
 * R1/R11/R12, "any minor + exploitation signal ⇒ high": a minor with adult money, a hotel, a bar, going out with
 * men, taken somewhere at night, travelling alone or kept secret is at least high.
 */
export function minorFloor(f: FloorFacts): Floor | undefined {
  const { has } = f;
  if (!f.minor) return undefined;
  const withMen = has("money_from_adult") || has("outing_with_men") || has("with_adult_men") || has("pays_for_person") || has("men_come_in");
  // taken somewhere at night, or picked up in a car by someone who is not family
  const takenAtNight = (has("night_time") && (has("taken_by_someone") || has("vehicle") || withMen)) || (has("taken_by_someone") && has("vehicle") && !FAMILY.test(f.text));
  const place = (has("lodging_venue") && LODGING.test(f.text)) || has("nightlife_venue");
  const away = has("go_alone") || has("secrecy") || has("sent_away_to_work");
  if (!withMen && !takenAtNight && !place && !away) return undefined;
  const categories: Category[] = [];
  // a hotel or a bar as a workplace is child labour unless men, money or the night are in it
  if (withMen || takenAtNight || (place && !f.workContext)) categories.push("sexual_exploitation");
  else if (place) categories.push("labor_exploitation");
  // taken by someone who is not family to a mine, the jungle or the border: a captación (R12)
  if (away || ((has("risky_place") || has("mining_site")) && (withMen || has("taken_by_someone") || has("stranger_recruiter")))) categories.push("deceptive_recruitment");
  return { urgency: "high", categories, reason: { key: "triage.reason.minor_at_risk" } };
}

/** R1: girls or women kept in a house and taken out, or made to work, at night by someone who is not family. */
export function womenTakenOutAtNight(f: FloorFacts): Floor | undefined {
  const { has, text } = f;
  const controlled = has("taken_by_someone") || has("cannot_leave") || has("kept_somewhere") || has("controlled_work");
  if (!(controlled && has("night_time") && GROUP_OF_WOMEN.test(text)) || FAMILY.test(text) || f.infoOnly) return undefined;
  return { urgency: "high", categories: ["sexual_exploitation"], reason: { key: "triage.reason.women_taken_out_at_night" } };
}

/** R15: people sent out to beg (the elderly, children, the disabled) while someone keeps the money. */
export function beggingFloor(f: FloorFacts): Floor | undefined {
  const { has } = f;
  if (!has("begging") && !has("forced_begging")) return undefined;
  // someone who drops them off and picks them up ("la dejan pidiendo y despues la recogen") controls the begging
  const controlled = has("wage_theft") || has("boss_agent") || has("forced_begging") || has("made_to") || has("physical_violence") || has("violence_now") || has("taken_by_someone");
  if (!controlled || (f.infoOnly && !has("forced_begging"))) {
    // children begging in the street, even with no one seen in control: a child-protection report (R15)
    return f.minor && has("begging") && !f.infoOnly ? { urgency: "medium", categories: ["forced_begging"] } : undefined;
  }
  return { urgency: "high", categories: ["forced_begging"] };
}

/**
 * R6/R8 happening now to the writer: confinement or disorientation with the writer there or held; restriction
 * with the writer there and a sign of exploitation; a coercion verb about moving or working with the writer there.
 */
export function writerInDangerNow(f: FloorFacts): Floor | undefined {
  const { has } = f;
  const there = has("speaker_present") || has("here_now");
  const confined = has("confined") || has("disoriented");
  if (!there && !confined) return undefined;
  const exploitation =
    [...f.categories].some((c) => c !== "labor_rights") ||
    any(has, ["threats", "weapon", "debt_bondage", "document_retention", "wage_theft", "forced_labor", "nightlife_venue", "lodging_venue", "mining_site", "risky_place", "vehicle", "foreign", "stranger_recruiter", "kept_somewhere", "locked_in"]);
  // held by something other than the confinement itself ("no nos dejan" alone is no place)
  const heldElsewhere = has("cannot_leave") || has("locked_in") || has("kept_somewhere");
  // moved by force, or made to work with another sign of control (a hard shift alone is a labour matter)
  const forced = has("forced_to_go") || (has("made_to") && (f.held || exploitationBeyondWork(has)));
  const now = (confined && (heldElsewhere || there)) || (there && f.held && exploitation) || (there && forced);
  return now ? { urgency: "emergency", categories: [], reason: { key: "triage.reason.writer_in_danger_now" } } : undefined;
}
