import { describe, expect, it } from "vitest";
import { createActionRunner } from "../../src/app/actions/action-runner.ts";
import { addFollowUp } from "../../src/app/actions/add-follow-up.ts";
import { assessRisk } from "../../src/app/actions/assess-risk.ts";
import { lookupCase } from "../../src/app/actions/lookup-case.ts";
import { submitReport } from "../../src/app/actions/submit-report.ts";
import { KeyedMutex } from "../../src/app/conversation-lock.ts";
import {
  type HandleInboundDeps,
  handleInboundMessage,
} from "../../src/app/conversations/handle-inbound-message.ts";
import { createIdentity } from "../../src/app/identity.ts";
import { CodeLookupThrottle } from "../../src/app/reports/code-lookup-throttle.ts";
import { AppError } from "../../src/core/app-error.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { InboundContent, OutboundMessage } from "../../src/core/messages.ts";
import { loadFlowSet } from "../../src/flows/load-flows.ts";
import { createTranslator } from "../../src/i18n/i18n.ts";
import { MemoryStore } from "../../src/storage/memory-store.ts";
import { replyButtonId } from "../../src/flows/engine/fingerprint.ts";
import type { RiskAssessor } from "../../src/app/actions/assess-risk.ts";
import { failureReply } from "../../src/app/conversations/handle-inbound-message.ts";
import { emptyDirectory, fakeAssessor } from "../helpers/fake-domain.ts";

/** Triage that sees danger only in the structured answers: happening now, with a minor. */
const answersAssessor: RiskAssessor = {
  assess: (input) => {
    const emergency = input.answers?.happeningNow === true && input.answers.minor === "yes";
    return { ...fakeAssessor.assess(input), urgency: emergency ? "emergency" : "medium" };
  },
};

function setup(assessor: RiskAssessor = fakeAssessor) {
  const store = new MemoryStore();
  const identity = createIdentity(Buffer.alloc(32, 7));
  const translator = createTranslator();
  const actions = createActionRunner({
    assess_risk: assessRisk(assessor),
    resolve_place: async () => ({ found: false, label: "Mazuko" }),
    find_services: async () => ({ found: false, placeName: "", lines: [] }),
    submit_report: submitReport({ assessor, directory: emptyDirectory, identity }),
    lookup_case: lookupCase(new CodeLookupThrottle(), identity),
    add_follow_up: addFollowUp(identity),
  });
  const deps: HandleInboundDeps = {
    store,
    flows: loadFlowSet(),
    translator,
    identity,
    clock: fixedClock("2026-01-05T10:00:00Z"),
    locks: new KeyedMutex(),
    actions,
    settings: { waitTimeoutMs: 3_600_000, defaultLocale: "es", outboxChannels: new Set(["telegram"]) },
  };
  let n = 0;
  let last: OutboundMessage[] = [];
  const send = async (content: InboundContent, chatRef = "chat-1", messageId = `m${++n}`) => {
    const result = await handleInboundMessage(deps, { channel: "telegram", chatRef, messageId, content });
    last = result.messages;
    return result;
  };
  const press = (label: string, chatRef = "chat-1") => {
    const button = last.flatMap((m) => m.buttons ?? []).find((b) => b.label === label);
    if (!button) throw new Error(`no button ${label} in ${JSON.stringify(last)}`);
    return send({ kind: "choice", id: button.id }, chatRef);
  };
  return { store, deps, send, press, last: () => last };
}

async function walkToReview(t: ReturnType<typeof setup>) {
  await t.send({ kind: "text", text: "hola" });
  await t.press("Español");
  await t.press("Reportar algo");
  await t.press("Oferta sospechosa");
  await t.send({ kind: "text", text: "ofrecen trabajo en Mazuko con pasaje pagado" });
  await t.send({ kind: "text", text: "Mazuko" });
  await t.press("Esta semana");
  await t.press("No sé");
  await t.press("Saltar");
}

describe("handleInboundMessage", () => {
  it("should create one report from one message even when it is delivered twice", async () => {
    const t = setup();
    await walkToReview(t);
    const first = await t.send({ kind: "text", text: "1" }, "chat-1", "send-msg");
    const again = await t.send({ kind: "text", text: "1" }, "chat-1", "send-msg");
    expect(t.store.state.reports.size).toBe(1);
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.messages).toEqual(first.messages);
    const code = codeIn(first.messages);
    // the report keeps only the code's keyed hash and its tail
    const stored = [...t.store.state.reports.values()][0]!;
    expect(stored.codeHash).toBe(t.deps.identity.caseCodeHash(code));
    expect(JSON.stringify(stored)).not.toContain(code);
    // one set of replies in the outbox, not two
    expect(
      [...t.store.state.outbox.values()].filter(
        (o) => o.sourceKey.length > 0 && o.message.text.includes(code),
      ),
    ).toHaveLength(1);
  });

  it("should never store the raw chat id, and link the report only by pseudonym", async () => {
    const t = setup();
    await walkToReview(t);
    await t.send({ kind: "text", text: "Enviar" });
    const report = [...t.store.state.reports.values()][0]!;
    expect(JSON.stringify(report)).not.toContain("chat-1");
    expect(report.reporterLink).toBe(t.deps.identity.conversationId("telegram", "chat-1"));
    expect([...t.store.state.conversations.keys()]).not.toContain("chat-1");
    expect(report.body).toMatchObject({
      kind: "job_offer",
      description: "ofrecen trabajo en Mazuko con pasaje pagado",
    });
  });

  it("should say an emergency at once, before asking anything else", async () => {
    const t = setup();
    await t.send({ kind: "text", text: "hola" });
    await t.press("Español");
    await t.press("Reportar algo");
    await t.press("Retienen a alguien");
    const result = await t.send({ kind: "text", text: "la tienen encerrada en un bar" });
    expect(result.messages[0]!.text).toContain("105");
    expect(result.messages[0]!.buttons?.map((b) => b.label)).toEqual(["Seguir el reporte", "Ahora no"]);
  });

  it("should wipe the conversation on 'borrar' and keep the report unlinked", async () => {
    const t = setup();
    await walkToReview(t);
    await t.send({ kind: "text", text: "Enviar" });
    const exit = await t.send({ kind: "text", text: "borrar" });
    expect(exit.messages[0]!.text).toContain("Eliminar");
    expect(t.store.state.conversations.size).toBe(0);
    expect(t.store.state.addresses.size).toBe(0);
    expect([...t.store.state.reports.values()][0]!.reporterLink).toBeUndefined();
  });

  it("should let the reporter follow up with the code from a new chat, with wrong codes answered neutrally", async () => {
    const t = setup();
    await walkToReview(t);
    const code = codeIn((await t.send({ kind: "text", text: "Enviar" })).messages);
    const report = [...t.store.state.reports.values()][0]!;
    await t.send({ kind: "text", text: "hola" }, "chat-2");
    await t.press("Español", "chat-2");
    await t.press("Seguir mi caso", "chat-2");
    const wrong = await t.send({ kind: "text", text: "ZZZZ-ZZZZ-ZZZZ-ZZZZ" }, "chat-2");
    expect(wrong.messages[0]!.text).toContain("No encontramos");
    await t.send({ kind: "text", text: "menu" }, "chat-2");
    await t.press("Seguir mi caso", "chat-2");
    const found = await t.send(
      { kind: "text", text: code.toLowerCase().replace(/-/g, " ") },
      "chat-2",
    );
    expect(found.messages[0]!.text).toContain("recibido");
    await t.press("Agregar info", "chat-2");
    await t.send({ kind: "text", text: "el local se llama La Estrella" }, "chat-2");
    const followUps = [...t.store.state.followUps.values()];
    expect(followUps).toMatchObject([
      { kind: "reporter", body: "el local se llama La Estrella", reportId: report.id },
    ]);
    expect(t.store.state.reports.get(report.id)!.reporterLink).toBe(
      t.deps.identity.conversationId("telegram", "chat-2"),
    );
  });

  it("should retry a busy database and give up with a clear error", async () => {
    const t = setup();
    let failures = 2;
    const original = t.store.transaction.bind(t.store);
    t.store.transaction = (fn) =>
      failures-- > 0 ? Promise.reject(new AppError("STORAGE_UNAVAILABLE", "busy")) : original(fn);
    const ok = await t.send({ kind: "text", text: "hola" });
    expect(ok.messages.length).toBeGreaterThan(0);
    t.store.transaction = () => Promise.reject(new AppError("STORAGE_UNAVAILABLE", "down"));
    await expect(t.send({ kind: "text", text: "hola" })).rejects.toMatchObject({
      code: "STORAGE_UNAVAILABLE",
    });
  });

  it("should process one conversation's messages in order even when they arrive together", async () => {
    const t = setup();
    await t.send({ kind: "text", text: "hola" });
    const results = await Promise.all([
      t.send({ kind: "text", text: "1" }),
      t.send({ kind: "text", text: "2" }),
    ]);
    expect(results[0]!.messages.map((m) => m.text).join(" ")).toContain("¿Qué quieres hacer?");
    expect(results[1]!.messages[0]!.text).toContain("reporte anónimo");
  });

  it("should hand a turn's replies over claimed only while none of the conversation's earlier replies wait to go out", async () => {
    const t = setup();
    const claim = { owner: "me", now: new Date("2026-01-05T10:00:00Z"), until: new Date("2026-01-05T10:01:00Z") };
    t.deps.outboxClaim = () => claim;
    const first = await t.send({ kind: "text", text: "hola" });
    expect(first.handover?.entries.map((e) => [e.seq, e.claimedBy])).toEqual(first.messages.map((_m, seq) => [seq, "me"]));
    expect(first.handover?.address).toBe("chat-1");
    // the first replies are still pending: the next ones queue behind them, for the outbox to claim in order
    const second = await t.send({ kind: "text", text: "1" });
    expect(second.handover).toBeUndefined();
    const pending = await t.store.outbox.pendingFor(first.conversationId);
    const handed = new Set(first.handover?.entries.map((e) => e.id));
    expect(pending.filter((e) => handed.has(e.id)).map((e) => e.claimedBy)).toEqual(first.messages.map(() => "me"));
    expect(pending.filter((e) => !handed.has(e.id)).map((e) => e.claimedBy)).toEqual(second.messages.map(() => undefined));
    await t.store.outbox.markSentMany((await t.store.outbox.pendingFor(first.conversationId)).map((e) => e.id), claim.now);
    expect((await t.press("Reportar algo")).handover?.entries.length).toBeGreaterThan(0);
  });

  it("should say an emergency at once when a later answer shows it, before the next question", async () => {
    const t = setup(answersAssessor);
    await t.send({ kind: "text", text: "hola" });
    await t.press("Español");
    await t.press("Reportar algo");
    await t.press("Persona desaparecida");
    await t.send({ kind: "text", text: "mi prima se fue con un señor" });
    await t.send({ kind: "text", text: "Mazuko" });
    const when = await t.press("Está pasando ahora");
    expect(when.messages.map((m) => m.text).join(" ")).not.toContain("emergencia");
    const minor = await t.press("Sí");
    expect(minor.messages[0]!.text).toContain("105");
    expect(minor.messages[0]!.buttons?.map((b) => b.label)).toEqual(["Seguir el reporte", "Ahora no"]);
    await t.press("Seguir el reporte");
    await t.press("Saltar");
    const receipt = await t.send({ kind: "text", text: "Enviar" });
    expect(receipt.messages[0]!.text).toContain("Es urgente");
    const report = [...t.store.state.reports.values()][0]!;
    expect(report.urgency).toBe("emergency");
    expect(report.body).toMatchObject({ kind: "missing", when: "now", minor: "yes" });
  });

  it("should keep every answer of the step-by-step questions in the report, the photo as a reference", async () => {
    const t = setup();
    await t.send({ kind: "text", text: "hola" });
    await t.press("Español");
    await t.press("Reportar algo");
    await t.press("Oferta sospechosa");
    await t.send({ kind: "text", text: "buscan chicas para atender en un bar" });
    await t.press("Saltar");
    await t.press("Hoy");
    await t.press("No sé");
    await t.press("Paso a paso");
    for (const answer of ["16", "2", "Bar El Farol", "ABC-123", "@trabajos.ya", "999111222"]) await t.send({ kind: "text", text: answer });
    const review = await t.send({ kind: "media", mediaType: "photo", ref: "tg-photo-123" });
    expect(review.messages.at(-1)!.buttons?.map((b) => b.label)).toEqual(["Enviar", "Cambiar algo", "Cancelar"]);
    await t.press("Enviar");
    const report = [...t.store.state.reports.values()][0]!;
    expect(report.body).toMatchObject({
      ageBand: "14_17",
      age: 16,
      count: 2,
      venue: "Bar El Farol",
      plate: "ABC-123",
      account: "@trabajos.ya",
      phone: "999111222",
      media: { mediaType: "photo", ref: "tg-photo-123" },
    });
  });

  it("should add a reply to the team only to the report linked to this very conversation", async () => {
    const t = setup();
    await walkToReview(t);
    await t.send({ kind: "text", text: "Enviar" });
    const report = [...t.store.state.reports.values()][0]!;
    // another chat forging the button gets the neutral failure, and the case gets nothing
    await t.send({ kind: "text", text: "hola" }, "chat-2");
    await t.send({ kind: "choice", id: replyButtonId(report.id) }, "chat-2");
    const forged = await t.send({ kind: "text", text: "hola equipo" }, "chat-2");
    expect(forged.messages[0]!.text).toContain("No pudimos unir");
    expect(t.store.state.followUps.size).toBe(0);
    // the reporter's own chat answers without the code
    const opened = await t.send({ kind: "choice", id: replyButtonId(report.id) });
    expect(opened.messages[0]!.text).toContain("Escribe tu respuesta");
    const sent = await t.send({ kind: "text", text: "la agencia se llama Sol" });
    expect(sent.messages[0]!.text).toContain("llegó al equipo");
    expect([...t.store.state.followUps.values()]).toMatchObject([{ kind: "reporter", reportId: report.id, body: "la agencia se llama Sol" }]);
  });

  it("should give the failure reply in the conversation's language", async () => {
    const t = setup();
    await t.send({ kind: "text", text: "hi" });
    await t.press("English");
    t.store.transaction = () => Promise.reject(new AppError("STORAGE_UNAVAILABLE", "down"));
    const error = await t.send({ kind: "text", text: "2" }).catch((e: unknown) => e);
    const reply = failureReply(error, "es", t.deps.translator);
    expect(reply.locale).toBe("en");
    expect(reply.text).toContain("try again");
    expect(reply.text).toContain("105");
    // a conversation we know nothing about gets the channel's default language
    expect(failureReply(new AppError("INTERNAL", "x"), "es", t.deps.translator).text).toContain("Inténtalo de nuevo");
  });
});

/** The receipt code shown in the bot's replies. */
function codeIn(messages: { text: string }[]): string {
  const match = /[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}/.exec(messages.map((m) => m.text).join("\n"));
  if (!match) throw new Error("no case code in the replies");
  return match[0];
}
