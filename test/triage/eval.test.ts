import { describe, expect, it } from "vitest";
import { assess } from "../../src/triage/index.ts";
import { BOUNDS, loadGold, score } from "./score.ts";

describe.each([
  ["public dev set", "test/fixtures/triage-dev.jsonl"],
  ["own held-out-style set (other people, places, wordings; es/en/qu)", "test/fixtures/triage-holdout-own.jsonl"],
])("triage quality on the %s", (_name, path) => {
  const gold = loadGold(path);
  const m = score(gold, (g) => assess({ text: g.text, ...(g.lang ? { lang: g.lang } : {}) }));

  it("should meet the acceptance bounds", () => {
    expect(m.misses, "undertriaged cases").toEqual(m.undertriage_rate > BOUNDS.undertriage_rate ? [] : m.misses);
    expect(m.emergency_recall).toBeGreaterThanOrEqual(BOUNDS.emergency_recall);
    expect(m.undertriage_rate).toBeLessThanOrEqual(BOUNDS.undertriage_rate);
    expect(m.severe_overtriage_rate).toBeLessThanOrEqual(BOUNDS.severe_overtriage_rate);
    expect(m.minor_recall).toBeGreaterThanOrEqual(BOUNDS.minor_recall);
    expect(m.category_recall).toBeGreaterThanOrEqual(BOUNDS.category_recall);
    expect(m.referral_consistency).toBeGreaterThanOrEqual(BOUNDS.referral_consistency);
  });
});
