import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const run = (input: string, args = ["--jsonl"]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli/triage.ts", ...args], { input, encoding: "utf8" });

describe("npm run triage -- --jsonl", () => {
  it("should write one JSON line per input and nothing else on stdout", () => {
    const input = readFileSync("test/fixtures/triage-dev.jsonl", "utf8");
    const r = run(input);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(40);
    expect(Object.keys(lines[0])).toEqual(["id", "urgency", "categories", "minor", "referrals", "reasons"]);
    expect(lines.find((l) => l.id === "d01").urgency).toBe("emergency");
  });

  it("should name malformed lines on stderr, still score the others, and exit 1", () => {
    const r = run('{"id":"a","text":"hola"}\nnot json\n\n{"id":"b"}\n{"id":"c","text":"me tienen encerrada"}\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/line 2:/);
    expect(r.stderr).toMatch(/line 4:/);
    expect(r.stdout.trim().split("\n").map((l) => JSON.parse(l).id)).toEqual(["a", "c"]);
  });
});
