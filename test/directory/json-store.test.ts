import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadDirectory } from "../../src/directory/load-directory.ts";
import { createJsonFileStore, storePathFromEnv } from "../../src/directory/load-json-store.ts";
import type { ServiceRecord } from "../../src/directory/types.ts";

const dirs: string[] = [];
const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), "directory-store-"));
  dirs.push(dir);
  return join(dir, "nested", "store.json");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const cem = (id: string, ubigeo: string, phones: string[] = ["900 000 001"]): ServiceRecord => ({
  id,
  kind: "CEM",
  name: `CEM ${id}`,
  phones,
  hours: "unknown",
  languages: ["es"],
  address: "Jr. Ficticio 1",
  ubigeo,
  serves: ["gender_violence", "sexual_violence", "trafficking", "child"],
  referralCodes: ["CEM"],
  source: "https://example.test/mimp.csv",
  verifiedOn: "2026-11-24",
  confirmed: true,
});

describe("createJsonFileStore", () => {
  it("should list nothing before the first import", async () => {
    expect(await createJsonFileStore(tempPath()).listServices()).toEqual([]);
  });

  it("should insert, then update by id, and keep a versioned file", async () => {
    const path = tempPath();
    const store = createJsonFileStore(path);
    expect(await store.upsertServices([cem("cem-a", "170102"), cem("cem-b", "150110")])).toEqual({
      inserted: 2,
      updated: 0,
    });
    expect(await store.upsertServices([cem("cem-a", "170102", ["900 000 009"]), cem("cem-c", "200706")])).toEqual({
      inserted: 1,
      updated: 1,
    });
    const listed = await store.listServices();
    expect(listed.map((s) => s.id)).toEqual(["cem-a", "cem-b", "cem-c"]);
    expect(listed[0]?.phones).toEqual(["900 000 009"]);
    expect(JSON.parse(readFileSync(path, "utf8")).v).toBe(1);
  });

  it("should refuse a file that is not a store", async () => {
    const path = tempPath();
    await createJsonFileStore(path).upsertServices([]);
    writeFileSync(path, JSON.stringify({ v: 1, services: [{ id: "x" }] }));
    await expect(createJsonFileStore(path).listServices()).rejects.toThrow(/not a directory store file/);
  });

  it("should take its path from DIRECTORY_STORE_PATH", () => {
    expect(storePathFromEnv({ DIRECTORY_STORE_PATH: "/tmp/x.json" })).toBe("/tmp/x.json");
    expect(storePathFromEnv({})).toMatch(/data\/directory-imported\.json$/);
  });
});

describe("loadDirectory with imported services", () => {
  it("should merge them in, replacing a shipped placeholder CEM of the same district", () => {
    const imported = cem("cem-200706-cem-mancora", "200706");
    const directory = loadDirectory([imported]);
    expect(directory.services.some((s) => s.id === "cem-mancora")).toBe(false);
    const mancora = directory.resolvePlace({ text: "mancora" });
    const match = directory.nearest(mancora, ["gender_violence"]).find((m) => m.service.kind === "CEM");
    expect(match).toMatchObject({ why: "local", service: { id: "cem-200706-cem-mancora", phones: ["900 000 001"] } });
  });

  it("should reject an invalid imported record, naming it", () => {
    expect(() => loadDirectory([{ ...cem("cem-x", "170102"), source: "" }])).toThrow(/cem-x/);
  });
});
