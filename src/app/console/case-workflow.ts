import type { ReportStatus } from "../ports.ts";

/**
 * The case workflow: `new → in_review → referred → closed`, plus `duplicate` / `not_actionable`. An emergency
 * may be referred straight from `new`; a referral that bounces goes back to review; anything closed can be
 * reopened for review (retention counts from the last closing).
 */
export const TRANSITIONS: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  new: ["in_review", "referred", "duplicate", "not_actionable"],
  in_review: ["referred", "closed", "duplicate", "not_actionable"],
  referred: ["closed", "in_review"],
  closed: ["in_review"],
  duplicate: ["in_review"],
  not_actionable: ["in_review"],
};

export const STATUSES: readonly ReportStatus[] = ["new", "in_review", "referred", "closed", "duplicate", "not_actionable"];
/** statuses still needing work: the queue shows these by default */
export const OPEN_STATUSES: readonly ReportStatus[] = ["new", "in_review", "referred"];
export const CLOSING_STATUSES: ReadonlySet<ReportStatus> = new Set(["closed", "duplicate", "not_actionable"]);

/** Where a case can be referred (the ficha de derivación names one). */
export const REFERRAL_DESTINATIONS = [
  "PNP",
  "LINEA_1818",
  "FISTRAP",
  "UDAVIT",
  "CEM",
  "UPE",
  "DEMUNA",
  "SUNAFIL",
  "DEFENSORIA",
  "MIGRACIONES",
  "LINEA_100",
  "OTHER",
] as const;
export type ReferralDestination = (typeof REFERRAL_DESTINATIONS)[number];

/** How a case ended: codes, not free text (the outcome column is not encrypted; details go in a note). */
export const OUTCOMES = [
  "victim_assisted",
  "authority_acting",
  "investigation_opened",
  "no_further_action",
  "reporter_unreachable",
  "other",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function canTransition(from: ReportStatus, to: ReportStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
