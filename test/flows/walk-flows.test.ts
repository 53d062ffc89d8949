import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS, renderEvents } from "../../src/app/render-events.ts";
import { replyButtonId } from "../../src/flows/engine/fingerprint.ts";
import { resume, start } from "../../src/flows/engine/engine.ts";
import type { EngineEnv, EngineEvent, EngineInput, Json, Session, Sprint } from "../../src/flows/engine/types.ts";
import { readVar } from "../../src/flows/engine/variables.ts";
import { loadFlowSet } from "../../src/flows/load-flows.ts";
import type { AskNode, Condition, FlowNode } from "../../src/flows/schema.ts";
import { createTranslator, LOCALES } from "../../src/i18n/i18n.ts";

/**
 * Walks every flow through the pure engine: every choice, every skip, typed answers, and every outcome of
 * every action (fake results: each urgency, place found or not, case found, throttled, failures). Proves
 * there are no dead ends, that every node is entered, that every end names a human service, and that every
 * message the walk renders, in every language, fits in 400 characters.
 */
const flows = loadFlowSet();
const translator = createTranslator();
const visited = new Set<string>();
const env: EngineEnv = {
  now: new Date("2026-01-05T10:00:00Z"),
  waitTimeoutMs: 60 * 60_000,
  labelOf: (key, locale) => translator.t(locale, key),
  trace: (flowId, nodeId) => visited.add(`${flowId}.${nodeId}`),
};
const SERVICE = /\b(105|100|1818)\b|Chat 100|CEM|SUNAFIL|Línea/;

const ok = (value: Json): EngineInput => ({ kind: "action_result", ok: true, value });
const serviceLine = { key: "directory.service_line", params: { name: "Línea 100 (Ministerio de la Mujer)", contact: "100", hours: "24h" } };
const referralLines = ["105", "1818", "LINEA_100", "CHAT_100", "CEM", "FISCALIA", "SUNAFIL", "UPE", "DEMUNA"].map((c) => ({ key: `referral.${c}` }));
const URGENCIES = ["emergency", "high", "medium", "low"];

/** The outcomes each action can have, as the app would report them. */
function fakeResults(action: string): EngineInput[] {
  const failed: EngineInput = { kind: "action_result", ok: false, error: "fake failure" };
  switch (action) {
    case "assess_risk":
      return [...URGENCIES.map((urgency) => ok({ urgency, categories: [], minor: false, referrals: ["1818"], reasonLines: [] })), failed];
    case "resolve_place":
      return [ok({ found: true, label: "Inambari, Tambopata (Madre De Dios)" }), ok({ found: false, label: "no indicado" })];
    case "find_services":
      return [
        ok({ found: true, local: true, placeName: "Inambari, Tambopata (Madre De Dios)", lines: [serviceLine, serviceLine] }),
        ok({ found: true, local: false, placeName: "Inambari, Tambopata (Madre De Dios)", lines: [serviceLine] }),
        ok({ found: false, local: false, placeName: "xyzzy", lines: [serviceLine] }),
        failed,
      ];
    case "submit_report":
      return URGENCIES.map((urgency) => ok({ caseCode: "K7QM-3XDP-9RTA-WB2F", urgency, referralLines }));
    case "lookup_case":
      return [
        ok({ found: true, status: "in_review", messageLines: [{ key: "follow.message_line", params: { text: "¿Recuerdas el nombre del local?" } }] }),
        ok({ found: false }),
        ok({ found: false, throttled: true }),
      ];
    case "add_follow_up":
      return [ok({ added: true }), ok({ added: false }), failed];
    default:
      throw new Error(`no fake results for action ${action}`);
  }
}

/** Everything a person can answer to a question. */
function inputsFor(node: AskNode, buttons: string[]): EngineInput[] {
  const inputs: EngineInput[] = buttons.map((id) => ({ kind: "choice", id }));
  switch (node.input.kind) {
    case "choice":
      if (node.input.freeText) inputs.push({ kind: "text", text: "vi a dos chicas en un bar de la carretera" });
      if (node.input.choices.some((c) => c.range)) inputs.push({ kind: "text", text: "15 años" });
      break;
    case "text":
      inputs.push({ kind: "text", text: "un texto de prueba" });
      break;
    case "number":
      inputs.push({ kind: "text", text: "tres" });
      break;
    case "location":
      inputs.push({ kind: "location", latitude: -12.593, longitude: -69.189 }, { kind: "text", text: "Mazuko" });
      break;
    case "media":
      inputs.push({ kind: "media", mediaType: "photo", ref: "photo-ref-1" });
      break;
    case "code":
      inputs.push({ kind: "text", text: "K7QM-3XDP-9RTA-WB2F" });
      break;
  }
  return inputs;
}

/** Runs the actions a turn asked for, branching on each possible result. */
function settle(sprint: Sprint, events: EngineEvent[]): { session: Session; events: EngineEvent[] }[] {
  const s = sprint.session;
  if (s.status !== "waiting" || s.wait?.kind !== "action") return [{ session: s, events }];
  const request = [...sprint.events].reverse().find((e) => e.type === "action_requested");
  if (request?.type !== "action_requested") throw new Error(`${s.flowId}.${s.nodeId}: waits for an action nobody asked for`);
  return fakeResults(request.action).flatMap((result) => {
    const next = resume(flows, s, result, env);
    return settle(next, [...events, ...next.events]);
  });
}

function conditionVars(condition: Condition): string[] {
  if ("any" in condition) return condition.any.flatMap(conditionVars);
  if ("all" in condition) return condition.all.flatMap(conditionVars);
  if ("not" in condition) return conditionVars(condition.not);
  return [condition.var];
}
/** Only the answers that steer a flow tell two states apart; the rest only change what is said. */
const BRANCH_VARS = [
  ...new Set(
    Object.values(flows.flows).flatMap((f) =>
      Object.values(f.nodes).flatMap((n: FlowNode) => (n.type === "branch" ? n.cases.flatMap((c) => conditionVars(c.when)) : [])),
    ),
  ),
];
const stateKey = (s: Session) =>
  JSON.stringify([s.flowId, s.nodeId, s.status, s.returnTo, BRANCH_VARS.map((v) => readVar(s.vars, v) ?? null)]);

interface Walk {
  turns: number;
  ends: Map<string, string[]>;
  tooLong: string[];
  deadEnds: string[];
}

function walk(): Walk {
  const result: Walk = { turns: 0, ends: new Map(), tooLong: [], deadEnds: [] };
  const seen = new Set<string>();
  const first = start(flows, "es", { kind: "text", text: "hola" }, env);
  // the "Reply" button under a team message opens the reply flow from wherever the conversation is
  const reply = resume(flows, first.session, { kind: "choice", id: replyButtonId("3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b") }, env);
  // "idioma" opens the language flow from anywhere
  const language = resume(flows, first.session, { kind: "text", text: "idioma" }, env);
  const queue = [first, reply, language].flatMap((sprint) => settle(sprint, sprint.events));
  while (queue.length) {
    const { session, events } = queue.pop()!;
    result.turns++;
    for (const locale of LOCALES) {
      for (const m of renderEvents(events, locale, translator)) {
        if (m.text.length > MAX_MESSAGE_CHARS) result.tooLong.push(`${locale} ${session.flowId}.${session.nodeId}: ${m.text.length} chars: ${m.text.slice(0, 60)}…`);
      }
    }
    const node = flows.flows[session.flowId]!.nodes[session.nodeId]!;
    if (session.status === "completed") {
      if (node.type !== "end") {
        result.deadEnds.push(`${session.flowId}.${session.nodeId}: stopped on a ${node.type} node`);
        continue;
      }
      const own = events.filter((e) => e.type === "message_sent").slice(-node.messages.length);
      result.ends.set(`${session.flowId}.${session.nodeId}`, LOCALES.map((l) => renderEvents(own, l, translator).map((m) => m.text).join("\n")));
      continue;
    }
    if (session.status !== "waiting" || node.type !== "ask") {
      result.deadEnds.push(`${session.flowId}.${session.nodeId}: ${session.status} on a ${node.type} node`);
      continue;
    }
    const key = stateKey(session);
    if (seen.has(key)) continue;
    seen.add(key);
    const asked = [...events].reverse().find((e) => e.type === "message_sent" && e.expects);
    const buttons = asked?.type === "message_sent" ? (asked.buttons ?? []).map((b) => b.id) : [];
    const inputs = inputsFor(node, buttons);
    if (inputs.length === 0) result.deadEnds.push(`${session.flowId}.${session.nodeId}: a question nobody can answer`);
    for (const input of inputs) {
      const next = resume(flows, session, input, env);
      queue.push(...settle(next, next.events));
    }
  }
  return result;
}

describe("walking every flow", () => {
  const result = walk();

  it("should enter every node of every flow", () => {
    const all = Object.values(flows.flows).flatMap((f) => Object.keys(f.nodes).map((n) => `${f.id}.${n}`));
    expect(all.filter((n) => !visited.has(n))).toEqual([]);
    expect(result.turns).toBeGreaterThan(100);
  });

  it("should have no dead ends: every stop is an end node, every question can be answered", () => {
    expect(result.deadEnds).toEqual([]);
    const endNodes = Object.values(flows.flows).flatMap((f) =>
      Object.entries(f.nodes).filter(([, n]) => n.type === "end").map(([id]) => `${f.id}.${id}`),
    );
    expect([...result.ends.keys()].sort()).toEqual(endNodes.sort());
  });

  it("should name a human service in every end state, in every language", () => {
    const silent = [...result.ends].flatMap(([end, texts]) => texts.filter((t) => !SERVICE.test(t)).map((t) => `${end}: ${t}`));
    expect(silent).toEqual([]);
  });

  it("should keep every message it renders within 400 characters, in every language", () => {
    expect(result.tooLong).toEqual([]);
  });
});
