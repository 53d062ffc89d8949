import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const run = (input: string, args = ["--jsonl"]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli/triage.ts", ...args], { input, encoding: "utf8" });
const lines = (stdout: string) => stdout.trim().split("\n").map((l) => JSON.parse(l));

describe("npm run triage -- --jsonl", () => {
  it("should write one JSON line per input and nothing else on stdout", () => {
    const input = readFileSync("test/fixtures/triage-dev.jsonl", "utf8");
    const r = run(input);
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(40);
    expect(Object.keys(out[0])).toEqual(["id", "urgency", "categories", "minor", "referrals", "reasons"]);
    expect(out.find((l) => l.id === "d01").urgency).toBe("emergency");
  });

  it("should name malformed lines on stderr, still score the others, and exit 1", () => {
    const r = run('{"id":"a","text":"hola"}\nnot json\n\n{"id":"b"}\n{"id":"c","text":"me tienen encerrada"}\n{"id":"d","text":"x","answers":{"kind":"nope"}}\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/line 2:/);
    expect(r.stderr).toMatch(/line 4:/);
    expect(r.stderr).toMatch(/line 6:/);
    expect(lines(r.stdout).map((l) => l.id)).toEqual(["a", "c"]);
  });

  it("should accept any lang value, and ignore the ones it does not know", () => {
    const r = run(['{"id":"1","text":"me tienen encerrada","lang":null}', '{"id":"2","text":"hola","lang":"ES"}', '{"id":"3","text":"hola","lang":"ay"}', '{"id":4,"text":"I am locked in","lang":""}'].join("\n"));
    expect(r.status).toBe(0);
    expect(lines(r.stdout).map((l) => [l.id, l.urgency])).toEqual([["1", "emergency"], ["2", "low"], ["3", "low"], ["4", "emergency"]]);
  });

  it("should pass the structured answers of a flow on to the engine", () => {
    const r = run('{"id":"h","text":"","answers":{"kind":"held","when":"now"}}\n{"id":"e","text":"","answers":{"kind":"held","when":"earlier"}}\n');
    expect(r.status).toBe(0);
    expect(lines(r.stdout).map((l) => l.urgency)).toEqual(["emergency", "high"]);
  });
});
