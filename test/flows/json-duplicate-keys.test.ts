import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../../src");
const KEY = /"(?:[^"\\]|\\.)*"\s*:/g;

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? jsonFiles(join(dir, d.name)) : d.name.endsWith(".json") ? [join(dir, d.name)] : [],
  );
}

/**
 * JSON.parse keeps the last of two equal keys without a word, so a node or a text defined twice (e.g. by two
 * merged changes) would silently replace the other. Re-serializing keeps every distinct key: if the source has
 * more keys than its re-serialization, one was a duplicate.
 */
describe("flow definitions and locale files", () => {
  const files = [...jsonFiles(join(ROOT, "flows/definitions")), ...jsonFiles(join(ROOT, "i18n/locales"))];

  it("should be found", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))("%s should define no key twice", (_name, file) => {
    const text = readFileSync(file, "utf8");
    const keys = (text.match(KEY) ?? []).length;
    const distinct = (JSON.stringify(JSON.parse(text)).match(KEY) ?? []).length;
    expect(keys).toBe(distinct);
  });
});
