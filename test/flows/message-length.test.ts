import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS, renderEvents } from "../../src/app/render-events.ts";
import type { EngineEvent, Params, TextRef } from "../../src/flows/engine/types.ts";
import { clipText } from "../../src/flows/engine/variables.ts";
import { loadFlowSet } from "../../src/flows/load-flows.ts";
import type { FlowMessage } from "../../src/flows/schema.ts";
import { createTranslator, flattenKeys, LOCALES, loadLocaleResources } from "../../src/i18n/i18n.ts";

const flows = loadFlowSet();
const translator = createTranslator();
const es = flattenKeys(loadLocaleResources().es);
const keysUnder = (prefix: string) => [...es.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));

/** Params that pick a nested text ($t(report.what.{{kind}})): every value they can take. */
const CHOICES: Record<string, string[]> = {
  kind: keysUnder("report.what.").filter((k) => !["prompt", "reask"].includes(k)),
  when: keysUnder("report.when.").filter((k) => k !== "prompt"),
  minor: ["yes", "no", "unsure"],
  band: keysUnder("report.age."),
  urgency: keysUnder("report.receipt.level."),
  status: keysUnder("follow.state."),
};
/** The longest an answer read back can be when no clip applies (places and codes are ours, not typed). */
const UNCLIPPED = 60;

function worstParams(params: Params | undefined, clip: Record<string, number> | undefined, round: number): Params | undefined {
  if (!params) return undefined;
  const out: Params = {};
  for (const name of Object.keys(params)) {
    const choices = CHOICES[name];
    out[name] = choices ? choices[round % choices.length]! : clipText("palabra ".repeat(60), clip?.[name] ?? UNCLIPPED);
  }
  return out;
}

function worstEvent(m: FlowMessage, round: number): EngineEvent {
  const text: TextRef = { key: m.key, params: worstParams(m.params, m.clip, round) };
  // every optional line at once, each with its longest answer
  const items = (m.lines ?? []).map((l): TextRef => ({ key: l.key, params: worstParams(l.params, l.clip, round) }));
  return { type: "message_sent", text, items, createdOn: "" };
}

describe("message length", () => {
  it("should fit every flow message in 400 characters, with all its optional lines and longest answers", () => {
    const tooLong: string[] = [];
    for (const flow of Object.values(flows.flows)) {
      for (const [id, node] of Object.entries(flow.nodes)) {
        if (!("messages" in node)) continue;
        for (const m of node.messages) {
          for (let round = 0; round < 6; round++) {
            for (const locale of LOCALES) {
              for (const out of renderEvents([worstEvent(m, round)], locale, translator)) {
                if (out.text.length > MAX_MESSAGE_CHARS) tooLong.push(`${locale} ${flow.id}.${id} ${m.key}: ${out.text.length}`);
              }
            }
          }
        }
      }
    }
    expect([...new Set(tooLong)]).toEqual([]);
  });

  it("should split a long list into several messages, keeping buttons on the last", () => {
    const items = Array.from({ length: 12 }, () => ({ key: "referral.UPE" }));
    const event: EngineEvent = {
      type: "message_sent",
      text: { key: "report.receipt.next_steps" },
      items,
      buttons: [{ id: "abcdefg.ok", label: { key: "common.yes" } }],
      createdOn: "",
    };
    const out = renderEvents([event], "es", translator);
    expect(out.length).toBeGreaterThan(1);
    for (const m of out) expect(m.text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(out.map((m) => m.text).join("\n").split("\n").filter((l) => l.startsWith("• "))).toHaveLength(12);
    expect(out.slice(0, -1).every((m) => !m.buttons)).toBe(true);
    expect(out.at(-1)!.buttons).toEqual([{ id: "abcdefg.ok", label: "Sí" }]);
  });

  it("should cap typed answers read back at their clip, ending in an ellipsis", () => {
    expect(clipText("a".repeat(200), 150)).toHaveLength(150);
    expect(clipText("a".repeat(200), 150).endsWith("…")).toBe(true);
    expect(clipText("corto", 150)).toBe("corto");
    expect(clipText("una frase con varias palabras que sigue", 24)).toBe("una frase con varias…");
  });
});
