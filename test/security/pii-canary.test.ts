import { existsSync, readFileSync } from "node:fs";
import { Writable } from "node:stream";
import type { Express } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../src/api/http-server.ts";
import { createOperator } from "../../src/app/console/create-operator.ts";
import { webchatRouter } from "../../src/bots/webchat/webchat-router.ts";
import { createConsoleDeps } from "../../src/console/console-deps.ts";
import { consoleRouter } from "../../src/console/console-router.ts";
import { createLogger } from "../../src/logging.ts";
import { sqlitePath } from "../../src/storage/database-url.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";
import { csrfOf, logInAgent } from "../console/console-helpers.ts";
import { FakeTelegramBotApi } from "../fakes/telegram-bot-api.ts";
import { CANARY, findCanaries, TELEGRAM_CANARY } from "../helpers/canaries.ts";
import { allTables } from "../helpers/scan-tables.ts";
import { startTelegramHarness, type TelegramHarness } from "../helpers/telegram-harness.ts";
import { CODE_PATTERN, type Msg } from "../helpers/webchat-report.ts";

/** Columns sealed with the data key (each value must be `v1.…`); every other column is scanned as it is. */
const ENCRYPTED = new Set(["state", "address", "response", "body", "payload", "value", "totpSecret", "data"]);
const PASSWORD = "una frase de acceso bastante larga";

/**
 * Drives every flow through the web chat and through the fake Telegram server (whose user carries a username
 * and names) with canary strings, then the console's actions on the resulting cases (notes, messages to the
 * reporter, status, ficha, export). Then scans all log output, every column of every table that is not an
 * encrypted field, and the raw database and WAL files as they are on disk (no checkpoint first) for the
 * canaries and for the receipt codes.
 */
describe("PII canary (web chat, Telegram, console)", () => {
  let h: TelegramHarness;
  let app: Express;
  let logs = "";
  const codes = new Set<string>();

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    const api = new FakeTelegramBotApi();
    api.profile = { username: TELEGRAM_CANARY.username, first_name: TELEGRAM_CANARY.firstName, last_name: TELEGRAM_CANARY.lastName };
    h = await startTelegramHarness({ LOG_LEVEL: "trace" }, { logger: createLogger("trace", sink as never) }, api);
    const console = consoleRouter(h.service);
    app = createHttpApp({ logger: h.service.logger, ping: () => h.service.store.ping(), routers: [webchatRouter(h.service), console] });
  });
  afterAll(async () => {
    await h.cleanup();
  });

  async function webchat(id: string, steps: (string | { press: string } | { location: true })[]) {
    let last: Msg[] = [];
    let n = 0;
    for (const step of steps) {
      const body =
        typeof step === "string"
          ? { text: step }
          : "press" in step
            ? { choice: last.flatMap((m) => m.buttons ?? []).find((b) => b.label === step.press)?.id ?? "0000000.none" }
            : { location: { latitude: CANARY.latitude, longitude: CANARY.longitude } };
      const res = await request(app).post(`/api/webchat/${id}/messages`).send({ ...body, messageId: `${id}-${++n}` });
      last = res.body.messages ?? [];
      for (const m of last) if (m.text.includes("Tu código es")) codes.add(CODE_PATTERN.exec(m.text)![0]);
    }
  }

  it("should leave no canary and no receipt code in logs, in any non-encrypted column of any table, or in the raw database and WAL files", async () => {
    const say = `${CANARY.text} me llamo ${CANARY.name}, mi celular ${CANARY.phone}`;
    const chat = CANARY.chatId;
    await webchat(chat, ["hola", { press: "Español" }, { press: "Reportar algo" }, { press: "Oferta sospechosa" }, say, { location: true }, { press: "Hoy" }, { press: "No sé" }, say, { press: "Enviar" }]);
    await webchat(chat, ["menu", { press: "Estoy en peligro" }, { location: true }]);
    await webchat(chat, ["menu", { press: "Ayuda cerca de mí" }, { press: "Trata de personas" }, say]);
    await webchat(chat, ["menu", { press: "Revisar una oferta" }, say, "1", "1", "2", "1", "1", "1", "2"]);
    await webchat(chat, ["menu", { press: "Seguir mi caso" }, say, CANARY.phone]);
    await webchat(chat, ["menu", { press: "Aprender" }, say, "idioma", say]);

    // Telegram: the user's profile (username, names) and chat id are canaries too
    const tg = TELEGRAM_CANARY.chatId;
    const tgCode = await h.fileReport(tg, { description: say, location: { latitude: CANARY.latitude, longitude: CANARY.longitude } });
    codes.add(tgCode);
    await h.step(tg, () => h.api.pushText(tg, "menu"));
    await h.step(tg, () => h.press(tg, "Estoy en peligro"));
    await h.step(tg, () => h.api.pushLocation(tg, CANARY.latitude, CANARY.longitude));
    await h.step(tg, () => h.api.pushText(tg, "menu"));
    await h.step(tg, () => h.press(tg, "Seguir mi caso"));
    await h.step(tg, () => h.api.pushText(tg, tgCode));
    await h.step(tg, () => h.press(tg, "Agregar info"));
    await h.step(tg, () => h.api.pushText(tg, say));
    expect(codes.size).toBe(2);

    // the console's actions on both cases, by an operator and an admin
    const deps = createConsoleDeps(h.service);
    const opPassword = (await createOperator(deps, { email: "op@example.org", role: "operator", actor: "test" })).oneTimePassword;
    const adminPassword = (await createOperator(deps, { email: "admin@example.org", role: "admin", actor: "test" })).oneTimePassword;
    const op = await logInAgent(app, "op@example.org", opPassword, PASSWORD);
    const admin = await logInAgent(app, "admin@example.org", adminPassword, `${PASSWORD} 2`);
    const db = (h.service.store as PrismaStore).db;
    for (const { id } of await db.report.findMany({ select: { id: true } })) {
      const page = await op.agent.get(`/console/cases/${id}`);
      expect(page.status).toBe(200);
      const form = { _csrf: csrfOf(page.text) };
      expect((await op.agent.post(`/console/cases/${id}/notes`).type("form").send({ ...form, text: `Nota ${say}` })).status).toBe(303);
      expect((await op.agent.post(`/console/cases/${id}/messages`).type("form").send({ ...form, text: `Hola ${CANARY.name}, ¿sigue pasando?` })).status).toBe(303);
      expect((await op.agent.post(`/console/cases/${id}/assign`).type("form").send({ ...form, assignee: "me" })).status).toBe(303);
      expect((await op.agent.post(`/console/cases/${id}/status`).type("form").send({ ...form, from: "new", to: "in_review" })).status).toBe(303);
      expect((await op.agent.get(`/console/cases/${id}/ficha`)).status).toBe(200);
    }
    await h.service.outbox.flushDue();
    await h.api.waitFor(() => h.textsTo(tg).some((t) => t.includes("¿sigue pasando?")));
    expect((await request(app).get(`/api/webchat/${chat}/messages`)).body.messages.length).toBeGreaterThan(0);
    const csv = await admin.agent.post("/console/export").type("form").send({ _csrf: admin.csrf, status: "all", withFacts: "1" });
    expect(csv.text).toContain(CANARY.text); // the admin's export has the facts: that file is theirs to keep safe
    expect((await admin.agent.get("/console/audit")).status).toBe(200);
    expect((await op.agent.get("/console/stats")).status).toBe(200);

    const secrets = [...codes].flatMap((c) => [c, c.replace(/-/g, "")]);
    expect(findCanaries(logs, secrets), "logs").toEqual([]);
    const tables = await allTables(db);
    expect(tables).toEqual(expect.arrayContaining(["Conversation", "ChatAddress", "ProcessedInbound", "Report", "FollowUp", "OutboxMessage", "AuditLog", "Operator", "ConsoleSession", "ReportMedia", "ServiceLease", "WhatsAppAuth", "DirectoryService"]));
    for (const table of tables) {
      const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null) continue;
          if (ENCRYPTED.has(column)) {
            expect(String(value), `${table}.${column} must be sealed`).toMatch(/^v1\./);
            continue;
          }
          expect(findCanaries(String(value), secrets), `${table}.${column}`).toEqual([]);
        }
      }
    }
    // the files as they are: recent writes sit in the WAL until a checkpoint, so both are read, none forced
    const file = sqlitePath(h.service.config.DATABASE_URL);
    expect(existsSync(`${file}-wal`)).toBe(true);
    for (const path of [file, `${file}-wal`]) expect(findCanaries(readFileSync(path).toString("latin1"), secrets), path).toEqual([]);
    expect(await db.report.count()).toBe(2);
  });
});
