import { extractAges, hasMinorWords } from "./age.ts";
import { type Indicator, INDICATORS } from "./indicators.ts";
import { normalize } from "./normalize.ts";
import {
  type Category,
  type Reason,
  type ReferralCode,
  TRAFFICKING_CATEGORIES,
  type TriageAnswers,
  type TriageInput,
  type TriageResult,
  type Urgency,
  URGENCY_ORDER,
} from "./types.ts";

interface CompiledIndicator extends Indicator {
  regexes: RegExp[];
}

// Compiled once: assessing a message allocates no regular expressions.
const COMPILED: CompiledIndicator[] = INDICATORS.map((indicator) => ({
  ...indicator,
  // one alternation per indicator: a message is scanned once per indicator
  regexes: [new RegExp(`(?<![a-z0-9'])(?:${indicator.patterns.join("|")})(?![a-z0-9'])`, "g")],
}));
const NEGATORS = new Set(["no", "nunca", "nadie", "ni", "tampoco", "jamas", "not", "never", "nobody", "mana", "sin"]);
const NEGATION_WINDOW = 3;

/** Signs a self-check can tick, mapped to the indicator they stand for. */
const SIGN_TO_INDICATOR: Record<string, string> = {
  document_retention: "document_retention",
  debt: "debt_bondage",
  isolation: "secrecy",
  secrecy: "secrecy",
  too_good_offer: "too_good_offer",
  no_contract: "no_contract",
  cannot_leave: "cannot_leave",
  threats: "threats",
  wage_theft: "wage_theft",
  travel_paid: "travel_paid",
};

/** Offer parts that show control over the person (documents, secrecy, isolation, a partner or godparent). */
const CONTROL_PARTS = new Set(["documents_requested", "secrecy", "romance_recruitment", "trusted_recruiter", "stranger_recruiter", "deceived"]);

/** Offer parts that are enough on their own to call an offer a possible captación. */
const STRONG_OFFER_PARTS = new Set([
  "travel_paid",
  "agency_fee",
  "young_women_wanted",
  "sent_away_to_work",
  "documents_requested",
  "secrecy",
  "deceived",
]);

const rank = (u: Urgency) => URGENCY_ORDER.indexOf(u);
const atLeast = (current: Urgency, floor: Urgency): Urgency => (rank(current) >= rank(floor) ? current : floor);

/** True when a negation ("no", "nunca", "nadie", "not", "mana"…) stands just before the match. */
function negated(text: string, index: number): boolean {
  const sentence = text.slice(0, index).split("|").at(-1) ?? "";
  const before = sentence.trim().split(" ").slice(-NEGATION_WINDOW);
  return before.some((word) => NEGATORS.has(word));
}

function firedIndicators(text: string): Set<string> {
  const fired = new Set<string>();
  for (const indicator of COMPILED) {
    for (const regex of indicator.regexes) {
      regex.lastIndex = 0;
      let match: RegExpExecArray | null;
      let hit = false;
      while ((match = regex.exec(text))) {
        if (indicator.negatable === false || !negated(text, match.index)) {
          hit = true;
          break;
        }
        if (match[0].length === 0) regex.lastIndex++;
      }
      if (hit) {
        fired.add(indicator.id);
        break;
      }
    }
  }
  return fired;
}

function addAnswers(fired: Set<string>, answers: TriageAnswers): void {
  for (const sign of answers.signs ?? []) {
    const id = SIGN_TO_INDICATOR[sign];
    if (id) fired.add(id);
  }
  if (answers.kind === "held") fired.add("cannot_leave");
  if (answers.kind === "missing") fired.add("missing");
  if (answers.kind === "minor_venue") fired.add("nightlife_venue");
  if (answers.kind === "job_offer") fired.add("job_offer");
  if (answers.kind === "danger") fired.add("in_danger");
  if (answers.happeningNow || answers.when === "now") fired.add("happening_now");
  if (answers.workplace === "bar") fired.add("nightlife_venue");
  if (answers.workplace === "mining") fired.add("risky_place");
  if (answers.workplace) fired.add("work_activity");
  if (answers.offerChannel === "social_media") fired.add("online_contact");
  if (answers.offerChannel === "partner") fired.add("romance_recruitment");
  if (answers.offerChannel === "agency" && fired.has("documents_requested")) fired.add("agency_fee");
  if (answers.foreign) fired.add("foreign");
}

function minorStatus(text: string, fired: Set<string>, answers: TriageAnswers): { minor: boolean; age?: number } {
  const ages = extractAges(text);
  if (answers.age !== undefined) ages.push(answers.age);
  const youngest = ages.length ? Math.min(...ages) : undefined;
  if (youngest !== undefined && youngest < 18) return { minor: true, age: youngest };
  if (answers.minor === "yes" || answers.ageBand === "under_14" || answers.ageBand === "14_17") return { minor: true };
  const wordSaysMinor = hasMinorWords(text) || COMPILED.some((i) => i.minor && fired.has(i.id));
  if (wordSaysMinor && !(youngest !== undefined && ages.every((a) => a >= 18))) return { minor: true };
  return { minor: false };
}

/**
 * Explainable, rule-based triage of a report or a self-check: urgency, categories, whether a minor is
 * involved, where to refer, and the reasons (i18n keys) — deterministic and fast. Errs toward over-triage:
 * a danger sign never yields "low", a minor with any exploitation sign is at least "high".
 */
export function assess(input: TriageInput): TriageResult {
  const text = normalize(input.text ?? "");
  const answers = input.answers ?? {};
  const fired = firedIndicators(text);
  addAnswers(fired, answers);
  const has = (id: string) => fired.has(id);
  const status = minorStatus(text, fired, answers);
  const { age } = status;
  // "chicos pidiendo limosna": young people begging or working in the street are treated as children
  const knownMinor = status.minor || (has("forced_begging") && /\b(?:chicos|chicas|chiquillos|muchachos)\b/.test(text));

  const offerParts = COMPILED.filter((i) => i.group === "offer" && has(i.id)).map((i) => i.id);
  const strongOffer = offerParts.some((p) => STRONG_OFFER_PARTS.has(p));
  const sexualImages = has("sexual_images");
  const recruitment =
    offerParts.length >= 2 ||
    (strongOffer && (has("job_offer") || has("work_activity") || offerParts.length > 0)) ||
    (offerParts.length >= 1 && (sexualImages || has("no_phone")));

  const categories = new Set<Category>();
  let urgency: Urgency = "low";
  for (const indicator of COMPILED) {
    if (!has(indicator.id) || indicator.level === "signal") continue;
    for (const c of indicator.categories) categories.add(c);
    urgency = atLeast(urgency, indicator.level);
  }
  if (recruitment) {
    categories.add("deceptive_recruitment");
    urgency = atLeast(urgency, "medium");
    // Several parts of a captación pattern together with a sign of control: treat as serious.
    if (offerParts.length >= 3 && offerParts.some((p) => CONTROL_PARTS.has(p))) urgency = atLeast(urgency, "high");
  }
  const workContext = has("workplace") || has("work_activity") || has("forced_labor") || has("wage_theft");
  if (has("document_retention")) {
    if (has("workplace")) categories.add("labor_exploitation");
    else if (offerParts.length > 0 || has("job_offer")) categories.add("deceptive_recruitment");
  }
  const coercion = ["cannot_leave", "threats", "weapon", "death_threat", "document_retention", "debt_bondage"].some(has);
  if (coercion && workContext && !has("nightlife_venue")) categories.add("labor_exploitation");

  // A minor in doubt, with other risk signs, is treated as a minor.
  const riskSigns = categories.size > 0 || offerParts.length > 0 || has("cannot_leave") || has("document_retention");
  const minor = knownMinor || (answers.minor === "unsure" && riskSigns);

  if (minor && has("nightlife_venue")) categories.add("sexual_exploitation");
  if (minor && has("asks_for_images")) {
    categories.add("sexual_exploitation");
    urgency = atLeast(urgency, "high");
  }
  if (has("nightlife_venue") && (has("cannot_leave") || has("locked_in") || has("being_forced"))) categories.add("sexual_exploitation");
  if (has("recruiter_active") && has("risky_place") && (has("young_women_wanted") || /\b(?:chicas|senoritas|jovencitas|mujeres)\b/.test(text))) {
    urgency = atLeast(urgency, "high");
  }
  const harshWork = ["workplace", "risky_place", "cannot_leave", "abusive_conditions", "night_time", "wage_theft"].some(has);
  if (minor && has("work_activity") && harshWork) {
    categories.add("labor_exploitation");
    urgency = atLeast(urgency, "high");
  }
  if (minor && (riskSigns || has("nightlife_venue"))) urgency = atLeast(urgency, "high");
  if (has("document_retention") || has("cannot_leave")) urgency = atLeast(urgency, "high");

  // Danger now: someone is held, moved, armed, hunted or a child is in a bar or camp right now.
  const held = has("cannot_leave") || has("locked_in");
  const exploited = categories.has("sexual_exploitation") || categories.has("labor_exploitation");
  const emergency =
    has("locked_in") ||
    has("against_will") ||
    has("weapon") ||
    has("death_threat") ||
    has("sexual_violence_now") ||
    (has("escaped") && has("being_hunted")) ||
    (has("being_hunted") && has("urgent_help")) ||
    (has("being_moved_now") && (has("urgent_help") || minor || has("threats") || has("being_forced") || has("unknown_destination") || has("happening_now"))) ||
    (has("being_forced") && (has("happening_now") || has("urgent_help"))) ||
    (held && minor && (has("nightlife_venue") || has("risky_place") || has("happening_now"))) ||
    (held && categories.has("sexual_exploitation")) ||
    (held && has("urgent_help")) ||
    (held && has("vehicle")) ||
    (held && has("happening_now") && (exploited || minor)) ||
    (has("in_danger") && (held || exploited)) ||
    (minor && has("nightlife_venue") && has("happening_now") && exploited) ||
    answers.kind === "danger";
  if (emergency) urgency = "emergency";
  if (has("in_danger") || has("being_hunted") || has("escaped")) urgency = atLeast(urgency, "high");

  if (categories.has("labor_rights") && [...categories].some((c) => c !== "labor_rights" && c !== "gender_violence")) {
    categories.delete("labor_rights");
  }

  return {
    urgency,
    categories: [...categories].sort(),
    minor,
    referrals: referralsFor(urgency, categories, minor, fired, text),
    reasons: reasonsFor(fired, minor, age),
  };
}

const CHILD_ROUTES: ReferralCode[] = ["LINEA_100", "UPE", "DEMUNA"];

/** The routing table of REFERENCE.md §1.0, in priority order (105 first in an emergency). */
function referralsFor(urgency: Urgency, categories: Set<Category>, minor: boolean, fired: Set<string>, text: string): ReferralCode[] {
  const out: ReferralCode[] = [];
  const add = (...codes: ReferralCode[]) => {
    for (const code of codes) if (!out.includes(code)) out.push(code);
  };
  if (urgency === "emergency") add("105");
  const trafficking = TRAFFICKING_CATEGORIES.some((c) => categories.has(c));
  if (trafficking) add("1818");
  if (categories.has("missing_person")) add("105");
  if (minor) add(...CHILD_ROUTES);
  if (categories.has("sexual_exploitation") || categories.has("gender_violence")) add("LINEA_100", "CEM");
  if (categories.has("labor_exploitation") || categories.has("labor_rights")) add("SUNAFIL");
  if (fired.has("online_contact") || fired.has("romance_recruitment") || fired.has("sexual_images")) add("CHAT_100");
  if (trafficking && (urgency === "high" || urgency === "emergency")) add("FISCALIA");
  if (fired.has("authority_ignored")) add("DEFENSORIA");
  if (fired.has("foreign")) add("MIGRACIONES");
  if (out.length === 0) {
    // Information only: a 24-hour human line, and where the question is about trata or a CEM, those.
    if (/\b(?:trata|trafficking|tratasqa)\b/.test(text)) add("1818");
    if (/\bcem\b/.test(text)) add("CEM");
    add("LINEA_100");
  }
  return out;
}

const LEVEL_ORDER = ["emergency", "high", "medium", "low", "signal"];

function reasonsFor(fired: Set<string>, minor: boolean, age: number | undefined): Reason[] {
  const reasons: Reason[] = [];
  const shown = COMPILED.filter((i) => fired.has(i.id) && i.group !== "context" && i.group !== "now" && i.group !== "help");
  shown.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
  if (minor) reasons.push(age !== undefined ? { key: "triage.reason.minor_age", params: { age } } : { key: "triage.reason.minor" });
  for (const indicator of shown) reasons.push({ key: `triage.reason.${indicator.id}` });
  return reasons;
}
