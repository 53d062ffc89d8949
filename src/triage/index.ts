export { assess } from "./assess.ts";
export type { Category, Reason, ReferralCode, TriageAnswers, TriageInput, TriageResult, Urgency } from "./types.ts";
