import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type FlowDefinition, type FlowSet, parseFlow } from "./schema.ts";

export const DEFINITIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "definitions");

/** Reads and validates every `*.json` definition in a folder. Throws naming the file on the first problem. */
export function loadFlowSet(dir: string = DEFINITIONS_DIR): FlowSet {
  const flows: Record<string, FlowDefinition> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch (error) {
      throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
    }
    const flow = parseFlow(raw);
    if (`${flow.id}.json` !== file) throw new Error(`${file}: flow id ${flow.id} must match the file name`);
    flows[flow.id] = flow;
  }
  const reply = flows.team_reply ? { reply: "team_reply" } : {};
  return { flows, entry: { welcome: "welcome", menu: "menu", language: "language", ...reply } };
}
