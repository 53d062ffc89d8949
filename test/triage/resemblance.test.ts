import { describe, expect, it } from "vitest";
import model from "../../src/triage/data/resemblance-model.json" with { type: "json" };
import { assess } from "../../src/triage/index.ts";
import { normalize } from "../../src/triage/normalize.ts";
import { knownFeatures, MODEL_INDEX, resemblance, resemblanceFeatures, resemblesEmergency } from "../../src/triage/resemblance.ts";
import { trainResemblance } from "../../src/triage/train-resemblance.ts";
import { fixturesDigest, loadLabelledFixtures } from "./labelled-fixtures.ts";

const raisedByResemblance = (text: string) => assess({ text }).reasons.some((r) => r.key === "triage.reason.resembles_urgent_reports");

describe("the resemblance safety net (resemblance.ts)", () => {
  it("should ship exactly the weights the trainer makes from the current fixtures (run npm run triage:train)", () => {
    const cases = loadLabelledFixtures();
    expect(model.trainedOn, "the fixtures changed since the model was trained").toBe(fixturesDigest(cases));
    expect(trainResemblance(cases, model.trainedOn)).toEqual(model);
  }, 60_000);

  it("should find at run time exactly the known features the trainer sees", () => {
    const seen = new Uint8Array(model.features.length);
    const position = new Map(model.features.map((f, i) => [f, i]));
    for (const { text } of loadLabelledFixtures()) {
      const n = normalize(text);
      const reference = resemblanceFeatures(n).flatMap((f) => position.get(f) ?? []).sort((a, b) => a - b);
      expect(knownFeatures(n, MODEL_INDEX, seen).sort((a, b) => a - b), text).toEqual(reference);
    }
  }, 60_000);

  it("should raise a risky message whose 'now' the rules' phrases miss, and say why", () => {
    for (const text of ["estoy en el cuarto del hotel, el señor dice que tengo que atender a sus amigos", "nos tienen trabajando en la chacra sin pago y el capataz nos grita, hoy vinieron con un perro"]) {
      const r = assess({ text });
      expect(r.urgency, text).toBe("emergency");
      expect(r.referrals[0], "105 first in an emergency").toBe("105");
      expect(raisedByResemblance(text), text).toBe(true);
    }
  });

  it("should leave greetings, information questions and plain labour complaints alone", () => {
    for (const text of ["hola", "que es la trata de personas?", "donde queda el cem de puno", "mi jefe no me paga la gratificacion", "where is the nearest CEM?"]) {
      expect(resemblesEmergency(normalize(text)), text).toBe(false);
      expect(raisedByResemblance(text), text).toBe(false);
    }
  });

  it("should never lower what the rules found, nor raise a message that says it only asks", () => {
    expect(assess({ text: "me tienen encerrada en un cuarto y me obligan a estar con hombres" }).urgency).toBe("emergency");
    expect(raisedByResemblance("solo quiero saber, estoy en el cuarto del hotel, el señor dice que tengo que atender a sus amigos")).toBe(false);
    // the model does not read negation: a denied sign is the rules' to judge
    expect(assess({ text: "no me tienen encerrada" }).urgency).toBe("medium");
  });

  it("should score an emergency-like message above a benign one on the emergency head", () => {
    const [danger] = resemblance(normalize("nos tienen encerradas y no nos dejan salir, ayuda"));
    const [benign] = resemblance(normalize("quisiera informacion sobre talleres de prevencion"));
    expect(danger!.name).toBe("emergency");
    expect(danger!.p).toBeGreaterThan(danger!.threshold);
    expect(benign!.p).toBeLessThan(benign!.threshold);
  });
});
