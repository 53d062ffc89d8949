import { describe, expect, it } from "vitest";
import { flattenKeys, loadLocaleResources } from "../../src/i18n/i18n.ts";
import { INDICATORS } from "../../src/triage/indicators.ts";
import { assess, type TriageAnswers } from "../../src/triage/index.ts";

const a = (text: string, answers: TriageAnswers = {}) => assess({ text, answers });
const reasons = (text: string, answers: TriageAnswers = {}) => a(text, answers).reasons.map((r) => r.key.replace("triage.reason.", ""));

describe("assess: negation", () => {
  it.each([
    ["no me quitaron el dni", "document_retention"],
    ["nadie me obliga a trabajar", "forced_labor"],
    ["I am not being held, just asking", "locked_in"],
    ["they didn't take my documents", "document_retention"],
    ["no me han quitado el pasaporte", "document_retention"],
    ["no me tienen encerrada", "locked_in"],
    ["sin amenazas de nadie", "threats"],
    ["no me quitaron el dni ni me encerraron", "locked_in"],
    ["mana pipas DNI-yta qichuwanchu", "document_retention"],
  ])("should cancel a phrase the negator governs: %j", (text, id) => {
    expect(reasons(text)).not.toContain(id);
  });

  it.each([
    ["ayuda no puedo mas me tienen encerrada", "locked_in"],
    ["no se, me tienen encerrada", "locked_in"],
    ["no sé que hacer, me quitaron el dni", "document_retention"],
    ["me dejaron sin comida y me tienen encerrada", "locked_in"],
    ["nobody knows i am locked in", "locked_in"],
    ["no tengo a nadie, el patron tiene mi dni", "document_retention"],
    ["no me quitaron el dni pero el dueño me encerro", "locked_in"],
    ["No. Me tienen encerrada en un cuarto", "locked_in"],
    ["no me pagan y no me dejan salir", "cannot_leave"],
    ["no me pagan ni me dejan salir", "cannot_leave"],
  ])("should keep a danger sign that a comma, y, pero or another word keeps out of the negation: %j", (text, id) => {
    expect(reasons(text)).toContain(id);
  });

  it("should never rank a denied danger sign low, unless the person says they are only asking", () => {
    expect(a("no me tienen encerrada").urgency).toBe("medium");
    expect(reasons("no me tienen encerrada")).toContain("denied_danger");
    expect(a("no me quitaron el dni ni nada, solo quiero saber si es normal").urgency).toBe("low");
    expect(a("no estoy en peligro, solo pregunto por una oferta de trabajo en la selva").urgency).toBe("low");
  });
});

describe("assess: third-party reports", () => {
  it.each([
    ["mi vecina de 15 trabaja en un bar y no la dejan salir", "emergency", true],
    ["tienen encerrada a mi prima en un cuarto", "emergency", false],
    ["a mi hermana la estan metiendo a un carro a la fuerza", "emergency", false],
    ["una chica de la sierra trabaja sin sueldo y no la deja salir la señora", "high", false],
    ["my friend says the owner took her passport", "high", false],
    ["mi sobrina de 16 trabaja de anfitriona en un karaoke", "high", true],
  ])("should read a report about someone else: %j", (text, urgency, minor) => {
    const r = a(text);
    expect(r.urgency).toBe(urgency);
    expect(r.minor).toBe(minor);
  });
});

describe("assess: categories", () => {
  it("should call a debt in a bar sexual exploitation, and in a field labour exploitation", () => {
    expect(a("mi amiga esta en un bar en mazuko y dice que debe el pasaje").categories).toContain("sexual_exploitation");
    expect(a("debo 2000 dolares y tengo que trabajar en un night club para pagar").categories).toContain("sexual_exploitation");
    expect(a("en la chacra nos cobran la comida y dicen que debemos mucho").categories).toContain("labor_exploitation");
  });

  it("should not call a boss's violence gender violence, and call a partner's violence so", () => {
    const boss = a("el jefe nos pega si no sacamos suficiente oro");
    expect(boss.categories).toContain("labor_exploitation");
    expect(boss.categories).not.toContain("gender_violence");
    expect(a("Patronniy maqawanku, mana pagawankuchu").categories).not.toContain("gender_violence");
    expect(a("mi papa me pega con la correa").categories).toEqual(["gender_violence"]);
    expect(a("qusay maqawan").categories).toContain("gender_violence");
    expect(a("mi pareja me encierra en la casa").categories).toContain("gender_violence");
  });

  it("should keep labour rights apart from exploitation and route them to SUNAFIL", () => {
    const r = a("trabajo en una tienda y me pagan menos del sueldo minimo, no tengo contrato");
    expect(r.categories).toEqual(["labor_rights"]);
    expect(r.referrals).toContain("SUNAFIL");
    expect(a("my boss doesn't pay overtime").categories).toEqual(["labor_rights"]);
  });

  it("should read minors being moved to a mine as labour exploitation", () => {
    expect(a("nos estan trasladando en un camion a otra mina, somos 10 chicos menores").categories).toContain("labor_exploitation");
  });
});

describe("assess: a minor in a bar or a mining camp", () => {
  it("should be an emergency when the minor is held, forced or there right now", () => {
    expect(a("kiero irme a mi casa xq aqui me hacen trabajar toda la noche en el bar, tng 15 años").urgency).toBe("emergency");
    expect(a("hay una niña de como 12 años en el bar de la esquina atendiendo a mineros ahorita").urgency).toBe("emergency");
    expect(a("I'm 16 and I work at a gold mine, the boss won't let me leave").urgency).toBe("emergency");
  });

  it("should be high, with sexual exploitation, when a minor only works in a bar", () => {
    const r = a("en la discoteca de la esquina trabajan menores de edad");
    expect(r.urgency).toBe("high");
    expect(r.categories).toContain("sexual_exploitation");
    expect(r.reasons.map((x) => x.key)).toContain("triage.reason.minor_in_venue");
  });
});

describe("assess: questions and news", () => {
  it.each([
    "quiero saber que es el trabajo forzoso",
    "que es el secuestro?",
    "how do I report child labour?",
    "es para un trabajo del colegio, que es la trata?",
    "tengo 15 minutos, que es la explotacion laboral?",
  ])("should keep an information question low and not call anyone a minor: %j", (text) => {
    const r = a(text);
    expect(r.urgency).toBe("low");
    expect(r.minor).toBe(false);
  });

  it("should rank a retold news story medium at most, but a case in it as it is", () => {
    expect(a("en las noticias dijeron que rescataron chicas secuestradas").urgency).toBe("medium");
    expect(a("vi en las noticias algo asi, a mi prima la tienen encerrada").urgency).toBe("emergency");
  });
});

describe("assess: languages and spelling", () => {
  it("should understand English", () => {
    expect(a("they took my passport and I can't leave the house").urgency).toBe("high");
    expect(a("please help, I am locked in a room").urgency).toBe("emergency");
    expect(a("they will kill me if I leave").urgency).toBe("emergency");
    expect(a("my employer kept my passport and hasn't paid me").urgency).toBe("high");
    expect(a("there are kids begging at the traffic lights and an adult collects their money").minor).toBe(true);
  });

  it("should understand Quechua, with or without apostrophes and evidentials", () => {
    expect(a("Yanapawaychik, wasipi wichq'asqa kachkani, manam lluqsichiwankuchu").urgency).toBe("emergency");
    expect(a("yanapaway, wichqasqa kachkani").urgency).toBe("emergency");
    expect(a("Ususiyta kunan apachkanku carropi Mazuko llaqtaman, chunka tawayuq watayuqmi").urgency).toBe("emergency");
    expect(a("Churiy La Rinconadaman llamk'aq rirqan, iskay killañam mana willakunchu").categories).toContain("missing_person");
    expect(a("Manuyuqmi kani patronman, manam ripuyta atinichu").urgency).toBe("high");
    expect(a("Allillanchu, llamk'ayta maskachkani").urgency).toBe("low");
  });

  it("should read WhatsApp spelling and common typos", () => {
    expect(a("ayudaaaa xfa me tienen encerrada").urgency).toBe("emergency");
    expect(a("aiuda m tienen encerada").urgency).toBe("emergency");
    expect(a("k hago, m kieren llevar a trabajar a la selva y q no lleve celular").urgency).not.toBe("low");
  });
});

describe("assess: structured answers of a flow", () => {
  it("should honour a report of someone held, by when it happens", () => {
    expect(a("", { kind: "held", when: "now" }).urgency).toBe("emergency");
    expect(a("", { kind: "held", when: "today", happeningNow: false }).urgency).toBe("emergency");
    expect(a("", { kind: "held" }).urgency).toBe("emergency");
    expect(a("", { kind: "held", when: "earlier" }).urgency).toBe("high");
    expect(a("me ofrecen trabajo", { kind: "held", happeningNow: true }).urgency).toBe("emergency");
  });

  it("should treat a minor in a bar or a mine as a minor, at least high, an emergency unless it was earlier", () => {
    const now = a("", { kind: "minor_venue" });
    expect(now).toMatchObject({ urgency: "emergency", minor: true });
    expect(now.categories).toContain("sexual_exploitation");
    expect(a("hay una chica en el bar", { kind: "minor_venue", when: "today" }).urgency).toBe("emergency");
    const earlier = a("", { kind: "minor_venue", when: "earlier", workplace: "mining" });
    expect(earlier).toMatchObject({ urgency: "high", minor: true });
    expect(earlier.categories).toContain("labor_exploitation");
  });

  it("should use signs, age and workplace", () => {
    expect(a("", { signs: ["document_retention"] }).urgency).toBe("high");
    expect(a("", { signs: ["locked_in"] }).urgency).toBe("emergency");
    expect(a("", { signs: ["not_a_sign"] }).urgency).toBe("low");
    expect(a("", { minor: "yes", workplace: "bar" }).urgency).not.toMatch(/low|medium/);
    expect(a("", { ageBand: "14_17", offerChannel: "partner", workplace: "mining" }).minor).toBe(true);
    expect(a("", { age: 15 }).minor).toBe(true);
    expect(a("", { signs: ["too_good_offer", "debt"] }).urgency).not.toBe("low");
    expect(a("", { signs: ["document_retention"], workplace: "domestic" }).categories).toContain("labor_exploitation");
    expect(a("", { kind: "missing", minor: "yes" })).toMatchObject({ urgency: "high", minor: true, categories: ["missing_person"] });
    expect(a("", { kind: "danger" }).referrals[0]).toBe("105");
  });

  it("should lean to minor when the age is unsure and there are risk signs, and trust a stated adult age over words", () => {
    expect(a("me quitaron el dni en la chacra", { minor: "unsure" }).minor).toBe(true);
    expect(a("hola", { minor: "unsure" }).minor).toBe(false);
    expect(a("la chiquilla trabaja en un bar", { ageBand: "18_24" }).minor).toBe(false);
    expect(a("tiene 15 y trabaja en un bar", { minor: "no" }).minor).toBe(true);
  });
});

describe("assess: explanations", () => {
  it("should be deterministic", () => {
    const text = "mi sobrina de 16 trabaja de anfitriona en un karaoke y le quitaron el dni";
    expect(a(text)).toEqual(a(text));
  });

  it("should give the age as a reason parameter", () => {
    expect(a("tengo 14 y me piden fotos").reasons[0]).toEqual({ key: "triage.reason.minor_age", params: { age: 14 } });
  });

  it("should explain every reason it can give in es, en and qu", () => {
    const resources = loadLocaleResources();
    const keys = (l: "es" | "en" | "qu") => new Set([...flattenKeys(resources[l]).keys()].filter((k) => k.startsWith("triage.")));
    const shown = INDICATORS.filter((i) => !["context", "now", "help"].includes(i.group ?? "")).map((i) => i.id);
    const derived = ["minor", "minor_age", "minor_in_venue", "denied_danger", "reported_danger", "abusive_conditions", "recruitment_offer", "minor_at_risk", "writer_in_danger_now", "past_and_safe"];
    for (const id of [...shown, ...derived]) {
      for (const l of ["es", "en", "qu"] as const) expect(keys(l).has(`triage.reason.${id}`), `${l} ${id}`).toBe(true);
    }
  });
});
