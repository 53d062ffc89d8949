/** Triage contract: pure, deterministic, explainable. */
export type Urgency = "emergency" | "high" | "medium" | "low";
export type Category =
  | "sexual_exploitation"
  | "labor_exploitation"
  | "deceptive_recruitment"
  | "missing_person"
  | "forced_begging"
  | "gender_violence"
  | "labor_rights";
export type ReferralCode =
  | "105"
  | "1818"
  | "LINEA_100"
  | "CHAT_100"
  | "CEM"
  | "FISCALIA"
  | "SUNAFIL"
  | "UPE"
  | "DEMUNA"
  | "DEFENSORIA"
  | "MIGRACIONES";

/** An i18n key naming why something was flagged, e.g. `triage.reason.document_retention`. */
export interface Reason {
  key: string;
  params?: Record<string, string | number>;
}

/** Structured answers a chat flow collected; all optional. */
export interface TriageAnswers {
  kind?: "job_offer" | "held" | "minor_venue" | "missing" | "other" | "danger";
  happeningNow?: boolean;
  when?: "now" | "today" | "this_week" | "earlier" | "unknown";
  minor?: "yes" | "no" | "unsure";
  ageBand?: "under_14" | "14_17" | "18_24" | "25_plus" | "unknown";
  age?: number;
  /** indicator ids ticked in a self-check, e.g. ["document_retention", "debt"] */
  signs?: string[];
  offerChannel?: "social_media" | "friend_relative" | "partner" | "agency" | "other";
  workplace?: "bar" | "mining" | "domestic" | "farm" | "other";
  foreign?: boolean;
}

export interface TriageInput {
  text: string;
  lang?: "es" | "en" | "qu";
  answers?: TriageAnswers;
}

export interface TriageResult {
  urgency: Urgency;
  categories: Category[];
  minor: boolean;
  referrals: ReferralCode[];
  reasons: Reason[];
}

export const URGENCY_ORDER: Urgency[] = ["low", "medium", "high", "emergency"];
export const TRAFFICKING_CATEGORIES: readonly Category[] = [
  "sexual_exploitation",
  "labor_exploitation",
  "deceptive_recruitment",
  "missing_person",
  "forced_begging",
];
