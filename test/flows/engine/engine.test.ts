import { describe, expect, it } from "vitest";
import { remind, resume, start } from "../../../src/flows/engine/engine.ts";
import type { EngineEnv, EngineEvent, EngineInput, Session } from "../../../src/flows/engine/types.ts";
import { testFlowSet } from "../../helpers/test-flows.ts";

const flows = testFlowSet();
const T0 = new Date("2026-01-05T10:00:00Z");
const env = (now: Date = T0): EngineEnv => ({ now, waitTimeoutMs: 60 * 60_000 });
const text = (t: string): EngineInput => ({ kind: "text", text: t });
const keys = (events: EngineEvent[]) =>
  events.flatMap((e) => (e.type === "message_sent" ? [e.text.key] : [`<${e.type}>`]));
const lastButtons = (events: EngineEvent[]) => {
  const withButtons = events.filter((e) => e.type === "message_sent" && e.buttons);
  const last = withButtons.at(-1);
  return last?.type === "message_sent" ? (last.buttons ?? []) : [];
};

/** Walks to the menu through the welcome flow. */
function atMenu(): Session {
  const first = start(flows, "es", text("hola"), env());
  return resume(flows, first.session, { kind: "choice", id: lastButtons(first.events)[0]!.id }, env())
    .session;
}

describe("engine", () => {
  it("should greet a new conversation and wait on the language question", () => {
    const sprint = start(flows, "es", text("hola"), env());
    expect(keys(sprint.events)).toEqual(["welcome.hello", "welcome.lang"]);
    expect(sprint.session.status).toBe("waiting");
    expect(sprint.session.wait?.expiresAt).toBe("2026-01-05T11:00:00.000Z");
    expect(lastButtons(sprint.events).map((b) => b.label.key)).toEqual(["lang.es", "lang.qu"]);
  });

  it("should switch language from a button and continue to the menu", () => {
    const first = start(flows, "es", text("hola"), env());
    const qu = lastButtons(first.events)[1]!;
    const sprint = resume(flows, first.session, { kind: "choice", id: qu.id }, env());
    expect(sprint.session.locale).toBe("qu");
    expect(sprint.events[0]).toMatchObject({ type: "locale_changed", locale: "qu" });
    expect(sprint.session.flowId).toBe("menu");
  });

  it("should accept typed numbers, words, keycaps and aliases for choices", () => {
    for (const answer of ["1", "1.", "uno", "1️⃣", "reportar", "REPORT"]) {
      const sprint = resume(flows, atMenu(), text(answer), env());
      expect(sprint.session.flowId, answer).toBe("report");
    }
    expect(resume(flows, atMenu(), text("2"), env()).session.flowId).toBe("age");
  });

  it("should re-ask on answers that do not fit, and offer help after three misses", () => {
    let session = atMenu();
    const misses: string[][] = [];
    for (const bad of ["7", "🙂", "quiero algo"]) {
      const sprint = resume(flows, session, text(bad), env());
      misses.push(keys(sprint.events));
      session = sprint.session;
    }
    expect(misses[0]).toEqual(["<input_rejected>", "common.reask_choice"]);
    expect(misses[2]).toEqual(["<input_rejected>", "common.too_many_misses", "menu.prompt"]);
    expect(session.flowId).toBe("menu");
  });

  it("should re-ask when a sticker or photo comes where text is expected", () => {
    const inReport = resume(flows, atMenu(), text("1"), env()).session;
    const sprint = resume(flows, inReport, { kind: "unsupported", what: "sticker" }, env());
    expect(keys(sprint.events)).toEqual(["<input_rejected>", "common.reask_text"]);
    expect(resume(flows, inReport, text("   "), env()).session.wait?.misses).toBe(1);
  });

  it("should answer a stale button with the current step and leave the session as it was", () => {
    const menu = atMenu();
    const menuButton = lastButtons(resume(flows, menu, text("menu"), env()).events)[0]!;
    const inReport = resume(flows, menu, text("1"), env()).session;
    const stale = resume(flows, inReport, { kind: "choice", id: menuButton.id }, env());
    expect(keys(stale.events)).toEqual(["<stale_button_pressed>", "common.stale_button", "report.describe"]);
    expect(stale.session.nodeId).toBe("describe");
    expect(stale.session.vars).toEqual(inReport.vars);
    for (const junk of ["", "x", "zzzzzzz.report", "../../etc"]) {
      expect(resume(flows, inReport, { kind: "choice", id: junk }, env()).session.nodeId).toBe("describe");
    }
  });

  it("should run a report through an action, a branch and an end, resolving params", () => {
    let s = resume(flows, atMenu(), text("1"), env()).session;
    s = resume(flows, s, text("me quitaron el DNI"), env()).session;
    const where = resume(flows, s, { kind: "location", latitude: -12.5, longitude: -69.2 }, env());
    expect(where.session.vars.place).toEqual({ latitude: -12.5, longitude: -69.2 });
    expect(where.events[0]).toMatchObject({
      text: { key: "report.review", params: { description: "me quitaron el DNI" } },
    });
    const submit = resume(
      flows,
      where.session,
      { kind: "choice", id: lastButtons(where.events)[0]!.id },
      env(),
    );
    expect(submit.events.at(-1)).toMatchObject({ type: "action_requested", action: "submit_report" });
    expect((submit.events.at(-1) as { params: unknown }).params).toEqual({
      description: "me quitaron el DNI",
      place: { latitude: -12.5, longitude: -69.2 },
    });
    const value = { caseCode: "AAAA-BBBB-CCCC-DDDD", urgency: "emergency", lines: [{ key: "referral.105" }] };
    const done = resume(flows, submit.session, { kind: "action_result", ok: true, value }, env());
    expect(keys(done.events)).toEqual(["report.emergency", "report.receipt"]);
    expect(done.events[1]).toMatchObject({
      text: { params: { code: "AAAA-BBBB-CCCC-DDDD" } },
      items: [{ key: "referral.105" }],
    });
    expect(done.session.status).toBe("completed");
  });

  it("should take an action's error path when it fails", () => {
    let s = resume(flows, atMenu(), text("1"), env()).session;
    s = resume(flows, s, text("algo paso"), env()).session;
    const review = resume(flows, s, text("Saltar"), env());
    expect(review.session.vars.place).toBeNull();
    const submit = resume(flows, review.session, text("1"), env());
    const failed = resume(flows, submit.session, { kind: "action_result", ok: false, error: "x" }, env());
    expect(keys(failed.events)).toEqual(["report.failed"]);
  });

  it("should re-request an interrupted action instead of losing it", () => {
    let s = resume(flows, atMenu(), text("1"), env()).session;
    s = resume(flows, s, text("algo paso"), env()).session;
    s = resume(flows, s, text("saltar"), env()).session;
    const waiting = resume(flows, s, text("1"), env()).session;
    const again = resume(flows, waiting, text("sigo aqui"), env());
    expect(again.events.at(-1)).toMatchObject({ type: "action_requested", action: "submit_report" });
  });

  it("should come back to the review after editing", () => {
    let s = resume(flows, atMenu(), text("1"), env()).session;
    s = resume(flows, s, text("primer texto"), env()).session;
    s = resume(flows, s, text("saltar"), env()).session;
    const edit = resume(flows, s, text("2"), env());
    expect(edit.session.nodeId).toBe("describe");
    const back = resume(flows, edit.session, text("texto corregido"), env());
    expect(back.session.nodeId).toBe("review");
    expect(back.events[0]).toMatchObject({ text: { params: { description: "texto corregido" } } });
  });

  it("should read numbers typed as digits or words in three languages", () => {
    const age = resume(flows, atMenu(), text("2"), env()).session;
    const cases: [string, string][] = [
      ["15", "age.minor"],
      ["tengo 15 años", "age.minor"],
      ["quince", "age.minor"],
      ["fifteen", "age.minor"],
      ["chunka pichqayuq", "age.minor"],
      ["veinte", "age.adult"],
    ];
    for (const [answer, key] of cases)
      expect(keys(resume(flows, age, text(answer), env()).events), answer).toEqual([key]);
    expect(keys(resume(flows, age, text("200"), env()).events)).toEqual([
      "<input_rejected>",
      "common.reask_number",
    ]);
  });

  it("should handle global commands at any step", () => {
    const inReport = resume(flows, atMenu(), text("1"), env()).session;
    const help = resume(flows, inReport, text("AYUDA"), env());
    expect(keys(help.events)).toEqual(["common.help", "report.describe"]);
    expect(help.session.nodeId).toBe("describe");
    expect(resume(flows, inReport, text("menú"), env()).session.flowId).toBe("menu");
    const exit = resume(flows, inReport, text("borrar"), env());
    expect(keys(exit.events)).toEqual(["<conversation_wiped>", "common.exit_done"]);
    expect(exit.session.vars).toEqual({});
    expect(resume(flows, inReport, text("idioma"), env()).session.nodeId).toBe("lang");
    // a command word inside a sentence is an answer, not a command
    expect(resume(flows, inReport, text("necesito ayuda con mi hija"), env()).session.nodeId).toBe("where");
  });

  it("should start fresh with a note when the wait expired", () => {
    const inReport = resume(flows, atMenu(), text("1"), env()).session;
    const later = new Date(T0.getTime() + 61 * 60_000);
    const sprint = resume(flows, inReport, text("lo que paso"), env(later));
    expect(keys(sprint.events)).toEqual(["<session_reset>", "common.expired", "menu.prompt"]);
    expect(sprint.session.vars).toEqual({});
  });

  it("should remind once before expiry", () => {
    const inReport = resume(flows, atMenu(), text("1"), env()).session;
    const reminded = remind(flows, inReport, env(new Date(T0.getTime() + 20 * 60_000)));
    expect(keys(reminded!.events)).toEqual(["common.reminder"]);
    expect(remind(flows, reminded!.session, env())).toBeUndefined();
    expect(remind(flows, inReport, env(new Date(T0.getTime() + 2 * 60 * 60_000)))).toBeUndefined();
  });

  it("should reset corrupt or unknown sessions to the menu with an apology", () => {
    const broken = [
      { v: 2 },
      { v: 1, flowId: "gone", nodeId: "x", status: "waiting", vars: {}, locale: "es", revision: 1 },
      { ...atMenu(), nodeId: "nope" },
      { ...atMenu(), vars: null },
    ] as unknown as Session[];
    for (const session of broken) {
      const sprint = resume(flows, session, text("hola"), env());
      expect(keys(sprint.events)).toEqual(["<session_reset>", "common.session_reset", "menu.prompt"]);
    }
  });

  it("should continue a waiting question after a new revision when the node still exists", () => {
    const inReport = resume(flows, atMenu(), text("1"), env()).session;
    const updated = structuredClone(flows);
    updated.flows.report!.revision = 2;
    const sprint = resume(updated, inReport, text("algo paso"), env());
    expect(sprint.session.nodeId).toBe("where");
    expect(sprint.session.revision).toBe(2);
    delete updated.flows.report!.nodes.describe;
    const reset = resume(updated, inReport, text("algo paso"), env());
    expect(keys(reset.events)).toEqual(["<session_reset>", "common.session_reset", "menu.prompt"]);
  });

  it("should stop a looping definition at the step limit", () => {
    const looping = structuredClone(flows);
    looping.flows.age!.nodes.check = {
      type: "branch",
      cases: [{ when: { var: "age", gte: 0 }, next: "check" }],
      otherwise: "adult",
    };
    const age = resume(looping, atMenu(), text("2"), env()).session;
    const sprint = resume(looping, age, text("20"), { ...env(), maxStepsPerTurn: 50 });
    expect(keys(sprint.events)).toContain("<session_reset>");
    expect(sprint.session.status).toBe("completed");
  });

  it("should be deterministic and round-trip through JSON", () => {
    const run = () => {
      let s = atMenu();
      const out: unknown[] = [];
      for (const input of [text("1"), text("algo paso aqui"), text("saltar")]) {
        const sprint = resume(flows, JSON.parse(JSON.stringify(s)) as Session, input, env());
        out.push(sprint.events);
        s = sprint.session;
      }
      return { out, s };
    };
    expect(run()).toEqual(run());
    expect(JSON.parse(JSON.stringify(run().s))).toEqual(run().s);
  });

  it("should keep button ids within Telegram's 64-byte limit", () => {
    for (const flow of Object.values(flows.flows)) {
      for (const node of Object.values(flow.nodes)) {
        if (node.type !== "ask" || node.input.kind !== "choice") continue;
        for (const c of node.input.choices)
          expect(Buffer.byteLength(`abcdefg.${c.id}`)).toBeLessThanOrEqual(64);
      }
    }
  });
});
