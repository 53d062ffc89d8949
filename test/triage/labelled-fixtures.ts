import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type { LabelledText } from "../../src/triage/train-resemblance.ts";

const DIR = new URL("../fixtures/", import.meta.url);

/** Every labelled triage set in test/fixtures, in file-name order (what the resemblance model learns from). */
export function loadLabelledFixtures(): LabelledText[] {
  return readdirSync(DIR)
    .filter((f) => /^triage-.*\.jsonl$/.test(f))
    .sort()
    .flatMap((f) =>
      readFileSync(new URL(f, DIR), "utf8")
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => {
          const { text, urgency } = JSON.parse(l) as LabelledText;
          return { text, urgency };
        }),
    );
}

/** A hash of the texts and labels, stored in the model so a stale model is noticed. */
export function fixturesDigest(cases: LabelledText[]): string {
  const hash = createHash("sha256");
  for (const c of cases) hash.update(`${c.urgency}\t${c.text}\n`);
  return hash.digest("hex");
}
