import { describe, expect, it } from "vitest";
import { assess } from "../../src/triage/index.ts";
import { BOUNDS, loadGold, score } from "./score.ts";

/**
 * The acceptance bounds on every labelled set. The public dev set is the issue's; the others are held-out
 * style sets written apart from it (other people, places, spellings; es/en/qu), see test/fixtures/README.md.
 */
describe.each([
  ["public dev set", "test/fixtures/triage-dev.jsonl"],
  ["first own held-out set", "test/fixtures/triage-holdout-own.jsonl"],
  ["auditor's independent set", "test/fixtures/triage-holdout-audit.jsonl"],
  ["held-out set 2 (130 cases, 55% es, 25% en, 20% qu)", "test/fixtures/triage-holdout-2.jsonl"],
  ["held-out set 3 (long, messy messages; structured answers)", "test/fixtures/triage-holdout-3.jsonl"],
  ["held-out set 4 (written after the engine, as a fresh check)", "test/fixtures/triage-holdout-4.jsonl"],
  ["held-out set 5 (the dev set's style, written blind)", "test/fixtures/triage-holdout-5.jsonl"],
  ["blind set 1 (100 cases by someone who never saw the engine)", "test/fixtures/triage-holdout-blind1.jsonl"],
  ["held-out set 6 (90 cases, mostly en and qu, new situations)", "test/fixtures/triage-holdout-6.jsonl"],
  ["held-out set 7 (75 cases, the dev set's style, after set 6's fixes)", "test/fixtures/triage-holdout-7.jsonl"],
  ["blind set 2 (80 cases in the dev set's style by someone who never saw the engine)", "test/fixtures/triage-holdout-blind2.jsonl"],
  ["blind set 3 (100 cases, chat style, indirect emergencies)", "test/fixtures/triage-holdout-blind3.jsonl"],
  ["blind set 4 (80 cases, situations the dev set does not show)", "test/fixtures/triage-holdout-blind4.jsonl"],
  ["blind set 5 (90 cases, every risk indicator in several forms)", "test/fixtures/triage-holdout-blind5.jsonl"],
  ["blind set 6 (100 cases, persona by persona)", "test/fixtures/triage-holdout-blind6.jsonl"],
  ["blind set 7 (100 cases, indicators in indirect words, benign look-alikes)", "test/fixtures/triage-holdout-blind7.jsonl"],
  ["blind set 8 (120 cases imitating the dev set, three per dev case)", "test/fixtures/triage-holdout-blind8.jsonl"],
  ["blind set 9 (120 cases, a month of messages in seven regions)", "test/fixtures/triage-holdout-blind9.jsonl"],
  ["blind set 10 (100 cases, a caseworker's messages in seven regions)", "test/fixtures/triage-holdout-blind10.jsonl"],
  ["blind set 11 (100 cases, a pilot in seven other regions; scored first with the safety net)", "test/fixtures/triage-holdout-blind11.jsonl"],
  ["blind set 12 (100 cases, a youth helpline's messages)", "test/fixtures/triage-holdout-blind12.jsonl"],
  ["blind set 13 (100 cases, a school counsellor's and a radio host's messages)", "test/fixtures/triage-holdout-blind13.jsonl"],
  ["blind set 14 (80 cases, what a nurse and a terminal cleaner were told)", "test/fixtures/triage-holdout-blind14.jsonl"],
  ["blind set 15 (100 cases, a second batch in the dev set's own style)", "test/fixtures/triage-holdout-blind15.jsonl"],
  ["blind set 16 (100 cases, teenagers typing on a cheap phone, and their families)", "test/fixtures/triage-holdout-blind16.jsonl"],
  ["blind set 17 (100 cases, two of the same kind for each dev case, plus cases across a label line)", "test/fixtures/triage-holdout-blind17.jsonl"],
  ["blind set 18 (100 cases, what witnesses saw, emergencies without the obvious words)", "test/fixtures/triage-holdout-blind18.jsonl"],
  ["blind set 19 (100 cases, very short, dev-style and long messages with the decisive fact buried)", "test/fixtures/triage-holdout-blind19.jsonl"],
  ["blind set 20 (100 cases, fifty things a triage engine must get right, two wordings each)", "test/fixtures/triage-holdout-blind20.jsonl"],
  ["blind set 21 (100 cases, regional Peruvian slang, migrants and tourists)", "test/fixtures/triage-holdout-blind21.jsonl"],
  ["blind set 22 (100 cases, REFERENCE.md indicator by indicator, each also not urgent and urgent now)", "test/fixtures/triage-holdout-blind22.jsonl"],
  ["blind set 23 (100 cases, the emergency boundary: 40 emergencies and 60 look-alikes)", "test/fixtures/triage-holdout-blind23.jsonl"],
  ["blind set 24 (100 cases, the high tier and its neighbours, in the dev set's urgency mix)", "test/fixtures/triage-holdout-blind24.jsonl"],
  ["blind set 25 (100 cases, the closest imitation of the dev set: its mix, lengths and writers)", "test/fixtures/triage-holdout-blind25.jsonl"],
  ["blind set 26 (100 cases, emergencies and high cases told with no keyword, and their look-alikes)", "test/fixtures/triage-holdout-blind26.jsonl"],
  ["blind set 27 (100 cases, a second imitation of the dev set, emergencies worded each once)", "test/fixtures/triage-holdout-blind27.jsonl"],
  ["blind set 28 (100 cases, doors, keys, phones, debts and vehicles told without the obvious words)", "test/fixtures/triage-holdout-blind28.jsonl"],
  ["blind set 29 (100 cases, a third imitation of the dev set, more English and Quechua)", "test/fixtures/triage-holdout-blind29.jsonl"],
  ["blind set 30 (100 cases, children whose age is often only implied, and their look-alikes)", "test/fixtures/triage-holdout-blind30.jsonl"],
])("triage quality on the %s", (_name, path) => {
  const gold = loadGold(path);
  const m = score(gold, (g) => assess({ text: g.text, ...(g.lang ? { lang: g.lang } : {}), ...(g.answers ? { answers: g.answers } : {}) }));

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
