/** The actions flows can request; the static flow check verifies every definition against this list. */
export const ACTION_NAMES = [
  "assess_risk",
  "resolve_place",
  "find_services",
  "submit_report",
  "lookup_case",
  "add_follow_up",
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];
