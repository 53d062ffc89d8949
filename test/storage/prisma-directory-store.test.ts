import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeService } from "../../src/compose.ts";
import { parseConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { freshDatabaseUrl, providers } from "../helpers/temp-database.ts";

describe.each(providers())("npm run directory -- import, into the database (%s)", (kind) => {
  it("should load the CEM rows idempotently and the service should use them at start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trata-bot-dirimport-"));
    const database = await freshDatabaseUrl(kind);
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, DATABASE_URL: database.url };
    delete env.DIRECTORY_STORE_PATH;
    try {
      const run = () =>
        spawnSync(process.execPath, ["--import", "tsx", "src/cli/directory.ts", "import", "test/directory/fixtures/cem-clean.csv", "--source", "https://example.org/mimp.csv"], { env, encoding: "utf8" });
      const first = run();
      expect(first.status, first.stderr).toBe(0);
      const second = run();
      expect(second.status).toBe(0);
      const service = await composeService(parseConfig(env), { logger: silentLogger });
      try {
        const cems = service.directory.services.filter((s) => s.kind === "CEM" && s.source === "https://example.org/mimp.csv");
        expect(cems.length).toBeGreaterThan(0);
        expect(new Set(cems.map((c) => c.id)).size).toBe(cems.length);
      } finally {
        await service.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
