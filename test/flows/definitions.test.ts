import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTION_NAMES } from "../../src/app/actions/action-names.ts";
import { DEFINITIONS_DIR, loadFlowSet } from "../../src/flows/load-flows.ts";
import { parseFlow } from "../../src/flows/schema.ts";
import { checkFlowSet } from "../../src/flows/validate-flow.ts";
import { createTranslator } from "../../src/i18n/i18n.ts";

const translator = createTranslator();

describe("flow definitions", () => {
  it("should all parse and pass the static check (nodes, reachability, texts, actions)", () => {
    const set = loadFlowSet();
    expect(checkFlowSet(set, { hasKey: (k) => translator.has(k), actions: ACTION_NAMES })).toEqual([]);
  });

  it("should name each file after its flow id", () => {
    for (const file of readdirSync(DEFINITIONS_DIR).filter((f) => f.endsWith(".json"))) {
      const flow = parseFlow(JSON.parse(readFileSync(join(DEFINITIONS_DIR, file), "utf8")));
      expect(`${flow.id}.json`).toBe(file);
    }
  });

  it("should report broken definitions precisely", () => {
    const set = loadFlowSet();
    const broken = structuredClone(set);
    const report = broken.flows.report!;
    report.nodes.orphan = { type: "end", messages: [{ key: "no.such_key" }] };
    report.nodes.intro = { type: "say", messages: [], next: "nowhere" };
    report.nodes.assess_kind = { ...(report.nodes.assess_kind as object), action: "launch_rockets" } as never;
    const problems = checkFlowSet(broken, { hasKey: (k) => translator.has(k), actions: ACTION_NAMES });
    expect(problems).toContain("flow report node intro: unknown node nowhere");
    expect(problems).toContain("flow report node orphan: missing text no.such_key");
    expect(problems).toContain("flow report node assess_kind: unknown action launch_rockets");
    expect(problems).toContain("flow report: node orphan is unreachable");
  });

  it("should reject a definition that does not match the schema, naming the path", () => {
    expect(() =>
      parseFlow({ specVersion: 1, id: "x", revision: 1, start: "a", nodes: { a: { type: "say", next: 3 } } }),
    ).toThrow(/flow x: nodes\.a/);
    expect(() =>
      parseFlow({
        specVersion: 1,
        id: "x",
        revision: 1,
        start: "a",
        nodes: {
          a: {
            type: "ask",
            input: {
              kind: "choice",
              choices: [{ id: "this-id-is-way-too-long-for-telegram", label: "a.b" }],
            },
          },
        },
      }),
    ).toThrow(/choice id/);
  });
});
