import { describe, expect, it } from "vitest";
import { remind, resume, start } from "../../../src/flows/engine/engine.ts";
import { MENU_BUTTON_ID, replyButtonId } from "../../../src/flows/engine/fingerprint.ts";
import type { EngineEnv, EngineEvent, EngineInput, Session } from "../../../src/flows/engine/types.ts";
import { type FlowSet, parseFlow } from "../../../src/flows/schema.ts";

const T0 = new Date("2026-01-05T10:00:00Z");
const LABELS: Record<string, string> = { "common.skip": "Saltar", "common.unsure": "No sé", "a.yes": "Sí", "a.no": "No" };
const env = (now: Date = T0): EngineEnv => ({ now, waitTimeoutMs: 60 * 60_000, labelOf: (key) => LABELS[key] ?? key });
const text = (t: string): EngineInput => ({ kind: "text", text: t });
const keys = (events: EngineEvent[]) => events.flatMap((e) => (e.type === "message_sent" ? [e.text.key] : [`<${e.type}>`]));
const buttons = (events: EngineEvent[]) => {
  const last = events.filter((e) => e.type === "message_sent" && e.buttons).at(-1);
  return last?.type === "message_sent" ? (last.buttons ?? []) : [];
};
const press = (s: Session, events: EngineEvent[], labelKey: string) => {
  const button = buttons(events).find((b) => b.label.key === labelKey);
  if (!button) throw new Error(`no button ${labelKey}`);
  return resume(flows, s, { kind: "choice", id: button.id }, env());
};

/** A small set exercising the content features: free text at a choice, ranges, lines, returnTo, skip labels. */
const flows: FlowSet = {
  entry: { welcome: "welcome", menu: "menu", language: "welcome", reply: "reply" },
  flows: {
    welcome: parseFlow({
      specVersion: 1, id: "welcome", revision: 1, start: "hello",
      nodes: { hello: { type: "say", messages: [{ key: "w.hello" }], next: "go" }, go: { type: "goto", flow: "menu" } },
    }),
    menu: parseFlow({
      specVersion: 1, id: "menu", revision: 1, start: "main",
      nodes: {
        main: { type: "ask", messages: [{ key: "m.prompt" }], input: { kind: "choice", choices: [{ id: "report", label: "m.report", next: "go" }] } },
        go: { type: "goto", flow: "report" },
      },
    }),
    reply: parseFlow({
      specVersion: 1, id: "reply", revision: 1, start: "write",
      nodes: {
        write: { type: "ask", messages: [{ key: "r.prompt", params: { to: "@replyTo" } }], input: { kind: "text" }, saveAs: "text", next: "done" },
        done: { type: "end", messages: [{ key: "r.done" }] },
      },
    }),
    report: parseFlow({
      specVersion: 1, id: "report", revision: 1, start: "what",
      nodes: {
        what: {
          type: "ask", messages: [{ key: "q.what" }],
          input: { kind: "choice", choices: [{ id: "offer", label: "a.offer" }, { id: "held", label: "a.held" }], freeText: { saveAs: "description", next: "age" } },
          saveAs: "kind", next: "describe",
        },
        describe: { type: "ask", messages: [{ key: "q.describe" }], input: { kind: "text" }, saveAs: "description", next: "age" },
        age: {
          type: "ask", messages: [{ key: "q.age" }],
          input: { kind: "choice", choices: [{ id: "child", label: "a.child", range: [0, 13] }, { id: "teen", label: "a.teen", range: [14, 17] }, { id: "adult", label: "a.adult", range: [18, 120] }] },
          optional: true, skipLabel: "common.unsure", saveAs: "band", saveNumberAs: "age", next: "review",
        },
        review: {
          type: "ask",
          messages: [{
            key: "q.review",
            lines: [
              { key: "l.kind", when: { var: "kind", truthy: true }, params: { kind: "@kind" } },
              { key: "l.description", params: { description: "@description" }, clip: { description: 12 } },
              { key: "l.age", when: { var: "age", truthy: true }, params: { age: "@age" } },
              { key: "l.not_teen", when: { not: { var: "band", eq: "teen" } } },
            ],
          }],
          input: { kind: "choice", choices: [
            { id: "send", label: "a.send", next: "sent" },
            { id: "edit_age", label: "a.edit_age", next: "age", returnTo: "check" },
          ] },
        },
        check: { type: "say", messages: [{ key: "s.checked" }], next: "review" },
        sent: { type: "end", messages: [{ key: "s.sent" }] },
      },
    }),
  },
};

/** The report's first question, reached through the menu. */
function atWhat(): Session {
  const first = start(flows, "es", text("hola"), env());
  return press(first.session, first.events, "m.report").session;
}

describe("engine content features", () => {
  it("should take a sentence typed at a choice as the answer in words, and skip the follow-up question", () => {
    const sprint = resume(flows, atWhat(), text("vi a dos chicas en un bar"), env());
    expect(sprint.session.nodeId).toBe("age");
    expect(sprint.session.vars).toMatchObject({ kind: null, description: "vi a dos chicas en un bar" });
    // a short word that fits no choice is still a miss, not an answer
    expect(keys(resume(flows, atWhat(), text("mmm"), env()).events)).toEqual(["<input_rejected>", "common.reask_choice"]);
  });

  it("should map a typed age to its band and keep the age, while a bare small number stays a menu number", () => {
    const atAge = resume(flows, atWhat(), text("1"), env());
    const withDescription = resume(flows, atAge.session, text("algo pasó"), env()).session;
    const cases: [string, string, number | null][] = [
      ["15", "teen", 15],
      ["quince", "teen", 15],
      ["chunka pichqayuq", "teen", 15],
      ["tengo 9 años", "child", 9],
      ["2", "teen", null],
      ["30", "adult", 30],
    ];
    for (const [answer, band, age] of cases) {
      const vars = resume(flows, withDescription, text(answer), env()).session.vars;
      expect({ band: vars.band, age: vars.age }, answer).toEqual({ band, age });
    }
    // the skip button carries its own label, and typing it skips
    expect(buttons(resume(flows, withDescription, text("zzz"), env()).events).map((b) => b.label.key)).toContain("common.unsure");
    expect(resume(flows, withDescription, text("No sé"), env()).session.vars.band).toBeNull();
  });

  it("should show only the lines whose condition holds, with long answers clipped", () => {
    let s = resume(flows, atWhat(), text("una descripción muy larga de lo que pasó"), env()).session;
    const review = resume(flows, s, text("15"), env());
    const message = review.events.find((e) => e.type === "message_sent" && e.text.key === "q.review");
    expect(message?.type === "message_sent" && message.items).toEqual([
      { key: "l.description", params: { description: "una descrip…" } },
      { key: "l.age", params: { age: 15 } },
    ]);
    s = review.session;
    expect(s.nodeId).toBe("review");
  });

  it("should come back to the review through another node after an edit", () => {
    const atAge = resume(flows, atWhat(), text("algo pasó en el bar del pueblo"), env());
    const review = resume(flows, atAge.session, text("15"), env());
    const edit = press(review.session, review.events, "a.edit_age");
    expect(edit.session.nodeId).toBe("age");
    const back = resume(flows, edit.session, text("20"), env());
    expect(keys(back.events)).toEqual(["s.checked", "q.review"]);
    expect(back.session.vars).toMatchObject({ band: "adult", age: 20 });
  });

  it("should answer a greeting typed mid-question with the same question, keeping the answers", () => {
    const s = resume(flows, resume(flows, atWhat(), text("1"), env()).session, text("algo pasó"), env()).session;
    const greeted = resume(flows, s, text("hola"), env());
    expect(keys(greeted.events)).toEqual(["common.resume", "q.age"]);
    expect(greeted.session.vars).toEqual(s.vars);
    expect(greeted.session.nodeId).toBe("age");
  });

  it("should offer a Menu button after three misses, pressable or typed as its number", () => {
    let s = atWhat();
    let events: EngineEvent[] = [];
    for (const bad of ["??", "🙂", "zz"]) ({ session: s, events } = resume(flows, s, text(bad), env()));
    expect(keys(events)).toEqual(["<input_rejected>", "common.too_many_misses", "q.what"]);
    expect(buttons(events).map((b) => b.id).at(-1)).toBe(MENU_BUTTON_ID);
    expect(resume(flows, s, { kind: "choice", id: MENU_BUTTON_ID }, env()).session.flowId).toBe("menu");
    // numbered menus: two choices, then "Menu" as 3
    expect(resume(flows, s, text("3"), env()).session.flowId).toBe("menu");
    expect(resume(flows, s, text("2"), env()).session.vars.kind).toBe("held");
  });

  it("should forget the answers on expiry, on going to the menu and at the end of a flow", () => {
    const s = resume(flows, atWhat(), text("vi algo raro en la plaza"), env()).session;
    expect(s.vars.description).toBe("vi algo raro en la plaza");
    const expired = resume(flows, s, text("15"), env(new Date(T0.getTime() + 61 * 60_000)));
    expect(keys(expired.events)).toEqual(["<session_reset>", "common.expired", "m.prompt"]);
    expect(expired.session.vars).toEqual({});
    expect(resume(flows, s, text("menu"), env()).session.vars).toEqual({});
    const review = resume(flows, s, text("15"), env());
    const sent = press(review.session, review.events, "a.send");
    expect(sent.session.status).toBe("completed");
    expect(sent.session.vars).toEqual({});
  });

  it("should open the reply flow from a Reply button, whatever was waiting, with the report id", () => {
    const s = atWhat();
    const reply = resume(flows, s, { kind: "choice", id: replyButtonId("rep-1") }, env());
    expect(reply.session.flowId).toBe("reply");
    expect(reply.session.vars).toEqual({ replyTo: "rep-1" });
    expect(reply.events[0]).toMatchObject({ text: { key: "r.prompt", params: { to: "rep-1" } } });
    // after expiry too: the note, then the reply
    const later = resume(flows, s, { kind: "choice", id: replyButtonId("rep-1") }, env(new Date(T0.getTime() + 2 * 60 * 60_000)));
    expect(keys(later.events)).toEqual(["<session_reset>", "common.expired", "r.prompt"]);
  });

  it("should greet in the language of the greeting", () => {
    const hi = start(flows, "es", text("hi"), env());
    expect(hi.session.locale).toBe("en");
    expect(hi.events[0]).toMatchObject({ type: "locale_changed", locale: "en" });
    expect(start(flows, "es", text("allillanchu"), env()).session.locale).toBe("qu");
    expect(start(flows, "en", text("menu"), env()).session.locale).toBe("en");
  });

  it("should still remind once on a question", () => {
    const reminded = remind(flows, atWhat(), env(new Date(T0.getTime() + 20 * 60_000)));
    expect(keys(reminded!.events)).toEqual(["common.reminder"]);
  });
});

describe("skipping optional questions", () => {
  it("should take «no», «nada» or «mana» as a skip, but not when a choice says it", () => {
    const atAge = resume(flows, resume(flows, atWhat(), text("1"), env()).session, text("algo pasó"), env()).session;
    for (const word of ["no", "Nada", "mana", "no sé", "I don't know"]) {
      const sprint = resume(flows, atAge, text(word), env());
      expect(sprint.session.nodeId, word).toBe("review");
      expect(sprint.session.vars.band, word).toBeNull();
    }
  });
});
