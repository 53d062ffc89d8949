import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const TSX = join(process.cwd(), "node_modules", ".bin", "tsx");
const dir = mkdtempSync(join(tmpdir(), "directory-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI on a JSON store (`store`) or, with `store` undefined, on a database in `dir`. */
function cli(args: string[], store: string | undefined, database = join(dir, "none.sqlite")) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${database}` };
  if (store) env.DIRECTORY_STORE_PATH = store;
  else delete env.DIRECTORY_STORE_PATH;
  const run = spawnSync(TSX, ["src/cli/directory.ts", ...args], { encoding: "utf8", env, timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run directory", () => {
  it("should import a clean file (exit 0), update rather than duplicate on a second run, and use the store", () => {
    const store = join(dir, "clean.json");
    const args = ["import", "test/directory/fixtures/cem-clean.csv", "--source", "https://example.test/mimp.csv"];
    const first = cli(args, store);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/imported 2 CEM record\(s\): 2 new, 0 updated/);
    expect(first.stdout).toMatch(/skipped \(other MIMP services\): 1/);
    const second = cli(args, store);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 new, 2 updated/);
    const saved = JSON.parse(readFileSync(store, "utf8"));
    expect(saved.services.map((s: { id: string }) => s.id)).toEqual([
      "cem-070101-cem-callao",
      "cem-150110-cem-comisaria-santa-luzmila",
    ]);
    expect(saved.services[0].source).toBe("https://example.test/mimp.csv");

    const nearest = cli(["nearest", "comas lima", "gender_violence"], store);
    expect(nearest.code).toBe(0);
    expect(nearest.stdout).toMatch(/"districtCode":"150110"/);
    expect(nearest.stdout).toMatch(/\[local [\d.]+ km\] CEM COMISARÍA SANTA LUZMILA: 01 4000001 \/ 900 000 001/);
  });

  it("should import the good rows, list bad rows with line numbers on stderr and exit 1", () => {
    const store = join(dir, "mixed.json");
    const run = cli(["import", "test/directory/fixtures/cem-mimp.csv", "--source", "https://example.test/m.csv"], store);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/imported 5 CEM record\(s\): 5 new/);
    expect(run.stdout).toMatch(/bad rows: 4/);
    expect(run.stderr).toMatch(/cem-mimp\.csv:9: error: Ubigeo 219999 is not a known INEI district/);
    expect(run.stderr).toMatch(/cem-mimp\.csv:13: error: duplicate of line 2/);
    expect(run.stderr).toMatch(/cem-mimp\.csv:4: warning: coordinates/);
    expect(JSON.parse(readFileSync(store, "utf8")).services).toHaveLength(5);
    expect(readFileSync(store, "utf8")).not.toMatch(/Quispe Mamani|Coodinador/);
  });

  it("should exit 1 on an unreadable file or a missing column, and 2 on bad usage", () => {
    const store = join(dir, "none.json");
    expect(cli(["import", "test/directory/fixtures/does-not-exist.csv"], store).code).toBe(1);
    const missing = cli(["import", "test/directory/fixtures/cem-missing-column.csv"], store);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/:1: error: missing required column\(s\): Teléfono, COORD_Y/);
    expect(cli(["import"], store).code).toBe(2);
  });

  it("should list and find the services imported into the database, as the service does", () => {
    const database = join(dir, "imported.sqlite");
    const before = cli(["nearest", "comas lima", "gender_violence"], undefined, database);
    expect(before.code).toBe(0);
    expect(before.stderr).toMatch(/no database at .*imported\.sqlite yet/);
    expect(before.stdout).not.toMatch(/SANTA LUZMILA/);

    const imported = cli(["import", "test/directory/fixtures/cem-clean.csv", "--source", "https://example.test/mimp.csv"], undefined, database);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/store: database \(SQLite .*imported\.sqlite\)/);
    expect(imported.stdout).not.toMatch(/directory-imported\.json/);

    const nearest = cli(["nearest", "comas lima", "gender_violence"], undefined, database);
    expect(nearest.code).toBe(0);
    expect(nearest.stderr).toMatch(/services from: shipped data \+ database/);
    expect(nearest.stdout).toMatch(/\[local [\d.]+ km\] CEM COMISARÍA SANTA LUZMILA/);
    const list = cli(["list"], undefined, database);
    expect(list.stdout).toMatch(/cem-150110-cem-comisaria-santa-luzmila\s+CEM .* official/);
    expect(list.stdout).toMatch(/! pnp-105 .* unconfirmed/);
  });
});
