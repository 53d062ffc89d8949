import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assess } from "../../src/triage/index.ts";
import { matchIndicators } from "../../src/triage/match.ts";
import { normalize } from "../../src/triage/normalize.ts";
import { loadGold, referralConsistent } from "./score.ts";

const RANK = { low: 0, medium: 1, high: 2, emergency: 3 } as const;

/** Danger signs as people write them, with the urgency they must get at least. */
const DANGER: [string, keyof typeof RANK][] = [
  ["me tienen encerrada", "emergency"],
  ["la tienen encerrada en un cuarto", "emergency"],
  ["nos estan llevando en un camion y no sabemos a donde", "emergency"],
  ["el capataz tiene una pistola", "emergency"],
  ["dice que si me voy me mata", "emergency"],
  ["la subieron a un carro a la fuerza", "emergency"],
  ["tengo 15 y no me dejan salir del bar", "emergency"],
  ["I am locked in a room", "emergency"],
  ["they are taking her away in a van and she does not know where", "emergency"],
  ["wasipi wichqasqa kachkani", "emergency"],
  ["wañuchisqayki nin", "emergency"],
  ["no me dejan salir", "high"],
  ["el patron se quedo con mi dni", "high"],
  ["dicen que debo el pasaje y la comida", "high"],
  ["no me pagan hace meses", "high"],
  ["mi pareja me golpea", "high"],
  ["mi hija desaparecio", "high"],
  ["la obligan a atender clientes", "high"],
  ["they took my passport", "high"],
  ["DNI-yta qichuwanku", "high"],
  ["mana ripuyta atinichu", "high"],
];

/** Words with no risk in them (no frames such as "noticias" or "que es" that change a sentence's meaning). */
const BENIGN = [
  "hola", "buenas", "tardes", "mi", "amiga", "dice", "que", "en", "lima", "ayer", "pues", "la", "verdad", "no", "se", "gracias", "bueno",
  "hello", "my", "friend", "said", "today", "okay", "ok", "sorry", "allillanchu", "sulpayki", "ari", "😭", "🙏", "...", "??", "123", "jaja",
];
const SEPARATORS = [". ", ", ", " y ", " pero ", "\n", "! ", " and ", " but "];

const context = fc.array(fc.constantFrom(...BENIGN), { maxLength: 12 }).map((words) => words.join(" "));

describe("triage properties", () => {
  it("should never rank a danger sign below its level, whatever benign words come around it", () => {
    fc.assert(
      fc.property(fc.constantFrom(...DANGER), context, fc.constantFrom(...SEPARATORS), context, fc.constantFrom(...SEPARATORS), ([phrase, floor], before, sep1, after, sep2) => {
        const r = assess({ text: `${before}${sep1}${phrase}${sep2}${after}` });
        expect(RANK[r.urgency]).toBeGreaterThanOrEqual(RANK[floor]);
      }),
      { numRuns: 600 },
    );
  });

  it("should never rank a danger sign low, even in random text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.constantFrom(...DANGER), fc.string({ maxLength: 120 }), (before, [phrase], after) => {
        expect(assess({ text: `${before}. ${phrase}. ${after}` }).urgency).not.toBe("low");
      }),
      { numRuns: 300 },
    );
  });

  it("should always route by the table, with 105 first in an emergency", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom("", ". me tienen encerrada", " tengo 14", " no me pagan", " mi pareja me pega"), (text, extra) => {
        const r = assess({ text: text + extra });
        expect(referralConsistent(r)).toBe(true);
        if (r.urgency === "emergency") expect(r.referrals[0]).toBe("105");
      }),
      { numRuns: 300 },
    );
  });

  it("should find the same indicators with the first-word pre-check as without it", () => {
    const fixtures = ["triage-dev", "triage-holdout-own", "triage-holdout-audit", "triage-holdout-2", "triage-holdout-3", "triage-holdout-4", "triage-holdout-5", "triage-holdout-blind1", "triage-holdout-6", "triage-holdout-7"].flatMap((n) =>
      loadGold(`test/fixtures/${n}.jsonl`).map((g) => g.text),
    );
    const words = [...new Set(fixtures.flatMap((t) => normalize(t).split(" ")))];
    const same = (text: string) => {
      const n = normalize(text);
      const fast = matchIndicators(n);
      const full = matchIndicators(n, { prefilter: false });
      expect([...fast.fired].sort()).toEqual([...full.fired].sort());
      expect([...fast.denied].sort()).toEqual([...full.denied].sort());
      expect(fast.withoutTopics).toBe(full.withoutTopics);
    };
    for (const text of fixtures) same(text);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 25 }), (tokens) => same(tokens.join(" "))),
      { numRuns: 500 },
    );
  });
});
