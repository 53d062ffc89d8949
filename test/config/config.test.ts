import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createHttpApp } from "../../src/api/http-server.ts";
import { ConfigError, parseConfig } from "../../src/config/config.ts";
import { loadSecrets } from "../../src/config/secrets.ts";
import { silentLogger } from "../../src/core/logger.ts";

describe("configuration", () => {
  it("should default to a safe laptop setup", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", DATABASE_URL: "file:./data/trata-bot.db", DEFAULT_LOCALE: "es", WHATSAPP_ENABLED: false });
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it("should name every invalid variable, never its value", () => {
    try {
      parseConfig({ PORT: "http", DATABASE_URL: "mysql://secret-password@x", DEFAULT_LOCALE: "fr" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/DATABASE_URL/);
      expect(message).toMatch(/DEFAULT_LOCALE/);
      expect(message).not.toContain("secret-password");
    }
    expect(() => parseConfig({ TELEGRAM_BOT_TOKEN: "1:x", TELEGRAM_MODE: "webhook" })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it("should exit 1 with a clear message when started with a bad variable", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { env: { ...process.env, PORT: "not-a-port" }, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Invalid configuration/);
    expect(r.stderr).toMatch(/PORT/);
  });

  it("should generate the secrets once, private to the owner, and reuse them", () => {
    const dir = mkdtempSync(join(tmpdir(), "trata-bot-secrets-"));
    try {
      const first = loadSecrets({ DATA_DIR: dir, PSEUDONYM_KEY: undefined, DATA_KEY: undefined });
      expect(first.generated).toBe(true);
      expect(statSync(join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
      const second = loadSecrets({ DATA_DIR: dir, PSEUDONYM_KEY: undefined, DATA_KEY: undefined });
      expect(second.generated).toBe(false);
      expect(second.pseudonymKey.equals(first.pseudonymKey)).toBe(true);
      expect(readFileSync(join(dir, "secrets.json"), "utf8")).toMatch(/pseudonymKey/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("/healthz", () => {
  it("should answer 503 when the database does not answer", async () => {
    const app = createHttpApp({ logger: silentLogger, ping: async () => false, routers: [] });
    const res = await request(app).get("/healthz");
    expect(res.status).toBe(503);
    expect(res.body.status).toBe("unavailable");
  });
});
