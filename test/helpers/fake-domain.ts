import type { RiskAssessor } from "../../src/app/actions/assess-risk.ts";
import type { Directory } from "../../src/directory/index.ts";

/** A triage stand-in for app tests: "encerrada" means emergency, anything else high. */
export const fakeAssessor: RiskAssessor = {
  assess: (input) => ({
    urgency: /encerrad/.test(input.text) ? "emergency" : "high",
    categories: ["deceptive_recruitment"],
    minor: input.answers?.minor === "yes",
    referrals: /encerrad/.test(input.text) ? ["105", "1818"] : ["1818"],
    reasons: [{ key: "triage.reason.test" }],
  }),
};

/** A directory that knows no places: everything falls back to the national lines. */
export const emptyDirectory = {
  resolvePlace: () => undefined,
  nearest: () => [],
  forReferral: () => [],
  nationalLines: () => [],
  services: [],
} as unknown as Directory;
