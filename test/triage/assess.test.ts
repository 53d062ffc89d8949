import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flattenKeys, loadLocaleResources } from "../../src/i18n/i18n.ts";
import { INDICATORS } from "../../src/triage/indicators.ts";
import { assess } from "../../src/triage/index.ts";
import { referralConsistent } from "./score.ts";

const a = (text: string, answers = {}) => assess({ text, answers });
const fired = (text: string) => a(text).reasons.map((r) => r.key.replace("triage.reason.", ""));

describe("assess", () => {
  it.each([
    ["locked_in", "nos tienen encerradas en un cuarto"],
    ["against_will", "la subieron a un carro contra su voluntad"],
    ["weapon", "el capataz tiene una pistola"],
    ["death_threat", "dijo que me va a matar si hablo"],
    ["cannot_leave", "no me dejan salir de la casa"],
    ["document_retention", "el jefe se quedo con mi pasaporte"],
    ["debt_bondage", "dice que le debo el pasaje y la comida"],
    ["wage_theft", "trabajo sin sueldo desde hace meses"],
    ["forced_labor", "nos obligan a trabajar de noche"],
    ["threats", "me amenazan si quiero irme"],
    ["sexual_exploitation", "la obligan a atender clientes en un bar"],
    ["sexual_images", "me piden fotos desnuda"],
    ["missing", "mi prima desaparecio hace una semana"],
    ["forced_begging", "los obligan a pedir plata en la calle"],
    ["gender_violence", "mi esposo me golpea"],
    ["no_phone", "me dijeron que no lleve celular"],
    ["travel_paid", "ofrecen trabajo con pasaje pagado"],
    ["too_good_offer", "pagan muy bien sin experiencia"],
    ["agency_fee", "una agencia me cobra por conseguirme trabajo"],
    ["secrecy", "me dijo que no le cuente a mi familia"],
    ["online_contact", "lo conoci por facebook"],
    ["labor_rights", "no me pagan la cts"],
  ])("should fire %s", (id, text) => {
    expect(fired(text)).toContain(id);
  });

  it("should respect negation", () => {
    expect(fired("no me quitaron el dni")).not.toContain("document_retention");
    expect(fired("nadie me obliga a trabajar")).not.toContain("forced_labor");
    expect(fired("I am not being held, just asking")).not.toContain("locked_in");
    expect(a("no estoy en peligro, solo pregunto por un trabajo").urgency).toBe("low");
    expect(fired("me quitaron el dni")).toContain("document_retention");
    expect(a("No. Me tienen encerrada en un cuarto").urgency).toBe("emergency");
  });

  it("should read third-party reports about someone else", () => {
    const r = a("mi vecina de 15 trabaja en un bar y no la dejan salir");
    expect(r.urgency).toBe("emergency");
    expect(r.minor).toBe(true);
    expect(a("una chica de la sierra trabaja sin sueldo y no la deja salir la señora").categories).toContain("labor_exploitation");
  });

  it("should extract ages and minor words without mistaking money or time for an age", () => {
    expect(a("tengo 15 y me ofrecen trabajo en la mina con pasaje pagado").minor).toBe(true);
    expect(a("tng 16 y un chico me invita a otra ciudad").minor).toBe(true);
    expect(a("I'm 16 and a man online wants me to move with him").minor).toBe(true);
    expect(a("mi hija de 14 no vuelve a casa").minor).toBe(true);
    expect(a("esta en 3ro de secundaria y trabaja de noche en un karaoke").minor).toBe(true);
    expect(a("ususiy chunka tawayuq watayuq, karu llaqtaman apayta munanku").minor).toBe(true);
    expect(a("me ofrecen 3000 soles por trabajar en la mina").minor).toBe(false);
    expect(a("hace 15 anos trabaje en la mina").minor).toBe(false);
    expect(a("tengo 30 y me ofrecen trabajo en mazuko").minor).toBe(false);
  });

  it("should understand English and Quechua", () => {
    expect(a("they took my passport and I can't leave the house").urgency).toBe("high");
    expect(a("please help, I am locked in a room").urgency).toBe("emergency");
    expect(a("yanapaway, wichqasqa kachkani").urgency).toBe("emergency");
    expect(a("qusay maqawan").categories).toContain("gender_violence");
    expect(a("Allillanchu, llamk'ayta maskachkani").urgency).toBe("low");
  });

  it("should read WhatsApp spelling", () => {
    expect(a("ayudaaaa xfa me tienen encerrada").urgency).toBe("emergency");
    expect(a("k hago, m kieren llevar a trabajar a la selva y q no lleve celular").urgency).not.toBe("low");
  });

  it("should use the structured answers of a flow", () => {
    expect(a("", { signs: ["document_retention"] }).urgency).toBe("high");
    expect(a("", { minor: "yes", workplace: "bar" }).urgency).not.toMatch(/low|medium/);
    expect(a("", { ageBand: "14_17", offerChannel: "partner", workplace: "mining" }).minor).toBe(true);
    expect(a("me ofrecen trabajo", { kind: "held", happeningNow: true }).urgency).toBe("emergency");
    expect(a("", { signs: ["too_good_offer", "debt"] }).urgency).not.toBe("low");
  });

  it("should never rank a danger sign low, and always route by the table", () => {
    for (const indicator of INDICATORS.filter((i) => i.level === "emergency" || i.level === "high")) {
      expect(a("").urgency).toBe("low");
      const r = assess({ text: "", answers: {} });
      expect(referralConsistent(r)).toBe(true);
      expect(indicator.patterns.length).toBeGreaterThan(0);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom("", ". me tienen encerrada", " tengo 14", " no me pagan", " mi pareja me pega"), (text, extra) => {
        const r = a(text + extra);
        expect(referralConsistent(r)).toBe(true);
        if (r.urgency === "emergency") expect(r.referrals[0]).toBe("105");
        if (extra === ". me tienen encerrada") expect(r.urgency).toBe("emergency");
      }),
      { numRuns: 300 },
    );
  });

  it("should be deterministic", () => {
    const text = "mi sobrina de 16 trabaja de anfitriona en un karaoke y le quitaron el dni";
    expect(a(text)).toEqual(a(text));
  });

  it("should explain every reason in es, en and qu", () => {
    const resources = loadLocaleResources();
    const keys = (l: "es" | "en" | "qu") => new Set([...flattenKeys(resources[l]).keys()].filter((k) => k.startsWith("triage.")));
    for (const indicator of INDICATORS.filter((i) => !["context", "now", "help"].includes(i.group ?? ""))) {
      for (const l of ["es", "en", "qu"] as const) expect(keys(l).has(`triage.reason.${indicator.id}`), `${l} ${indicator.id}`).toBe(true);
    }
  });
});
