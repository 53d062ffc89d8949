import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../src/api/http-server.ts";
import { webchatRouter } from "../../src/bots/webchat/webchat-router.ts";
import { createLogger } from "../../src/logging.ts";
import { sqlitePath } from "../../src/storage/database-url.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";
import { CANARY, findCanaries } from "../helpers/canaries.ts";
import { startTestService, type TestService } from "../helpers/test-service.ts";

type Msg = { text: string; buttons?: { id: string; label: string }[] };

/** Drives every flow through the web chat with canary strings, then scans logs, tables and the raw file. */
describe("PII canary (web chat)", () => {
  let t: TestService;
  let logs = "";
  let app: ReturnType<typeof createHttpApp>;
  const ENCRYPTED = new Set(["state", "address", "response", "body", "payload", "value", "totpSecret"]);

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    t = await startTestService({ LOG_LEVEL: "trace" }, { logger: createLogger("trace", sink as never) });
    app = createHttpApp({ logger: t.service.logger, ping: () => t.service.store.ping(), routers: [webchatRouter(t.service)] });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  async function converse(id: string, steps: (string | { press: string } | { location: true })[]) {
    let last: Msg[] = [];
    let n = 0;
    for (const step of steps) {
      const body =
        typeof step === "string"
          ? { text: step }
          : "press" in step
            ? { choice: last.flatMap((m) => m.buttons ?? []).find((b) => b.label === step.press)?.id ?? "0000000.none" }
            : { location: { latitude: CANARY.latitude, longitude: CANARY.longitude } };
      const res = await request(app).post(`/api/webchat/${id}/messages`).send({ ...body, messageId: `m${++n}` });
      last = res.body.messages ?? [];
    }
  }

  it("should leave no canary in logs, in any non-encrypted column, or in the raw database file", async () => {
    const chat = CANARY.chatId;
    const say = `${CANARY.text} me llamo ${CANARY.name}, mi celular ${CANARY.phone}`;
    await converse(chat, ["hola", { press: "Español" }, { press: "Reportar algo" }, { press: "Oferta sospechosa" }, say, { location: true }, { press: "Hoy" }, { press: "No sé" }, say, { press: "Enviar" }]);
    await converse(chat, ["menu", { press: "Estoy en peligro" }, { location: true }]);
    await converse(chat, ["menu", { press: "Ayuda cerca de mí" }, { press: "Trata de personas" }, say]);
    await converse(chat, ["menu", { press: "Revisar una oferta" }, say, "1", "1", "2", "1", "1", "1", "2"]);
    await converse(chat, ["menu", { press: "Seguir mi caso" }, say, CANARY.phone]);
    await converse(chat, ["menu", { press: "Aprender" }, say, "idioma", say]);

    expect(findCanaries(logs), "logs").toEqual([]);
    const db = (t.service.store as PrismaStore).db;
    const tables = ["Conversation", "ChatAddress", "ProcessedInbound", "Report", "FollowUp", "OutboxMessage", "AuditLog"];
    for (const table of tables) {
      const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (ENCRYPTED.has(column)) {
            expect(String(value), `${table}.${column} must be sealed`).toMatch(/^v1\./);
            continue;
          }
          expect(findCanaries(String(value)), `${table}.${column}`).toEqual([]);
        }
      }
    }
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    expect(findCanaries(readFileSync(sqlitePath(t.service.config.DATABASE_URL)).toString("latin1")), "raw file").toEqual([]);
    expect(await db.report.count()).toBe(1);
  });
});
