import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeTelegramBotApi } from "../../fakes/telegram-bot-api.ts";

/** The real service (src/main.ts) in child processes, polling a fake Bot API. */
describe("Telegram: stopping, restarting and overlapping instances", () => {
  let dataDir: string;
  let api: FakeTelegramBotApi;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "trata-bot-tg-restart-"));
    api = new FakeTelegramBotApi();
    await api.start();
  });
  afterEach(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    children.length = 0;
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = (): ChildProcess => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: `file:${join(dataDir, "db.sqlite")}`,
        PORT: "0",
        LOG_LEVEL: "error",
        TELEGRAM_BOT_TOKEN: "123:TEST",
        TELEGRAM_API_ROOT: `http://127.0.0.1:${api.port}`,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
    return child;
  };
  const exit = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));
  const texts = (chat: number) => api.sent("sendMessage", chat).map((m) => String(m.text));
  /** waits until the bot has said nothing new for a while */
  async function quiet(ms = 700) {
    for (let seen = -1; seen !== api.calls.length; ) {
      seen = api.calls.length;
      await new Promise((r) => setTimeout(r, ms));
    }
  }
  const database = () => new Database(join(dataDir, "db.sqlite"), { readonly: true });
  const count = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;

  it("should exit 0 and continue the conversation where it was", { timeout: 60_000 }, async () => {
    const chat = 7770001;
    let child = start();
    api.pushText(chat, "hola");
    await api.waitFor(() => texts(chat).length >= 2, 45_000); // a cold start on a busy machine can be slow
    api.pushText(chat, "1"); // Español → menu
    await api.waitFor(() => texts(chat).some((t) => t.includes("¿Qué quieres hacer?")), 20_000);
    api.pushText(chat, "2"); // report
    await api.waitFor(() => texts(chat).some((t) => t.includes("¿Qué pasó?")), 20_000);

    child.kill("SIGTERM");
    expect(await exit(child)).toBe(0);

    child = start();
    const before = texts(chat).length;
    api.pushText(chat, "1"); // "Oferta sospechosa": the report continues, no restart of the conversation
    await api.waitFor(() => texts(chat).length > before, 20_000);
    expect(texts(chat).at(-1)).toContain("Cuéntanos");
    child.kill("SIGTERM");
    expect(await exit(child)).toBe(0);
    // each update was handled once: no duplicate replies for the update confirmed before the restart
    expect(texts(chat).filter((t) => t.includes("¿Qué pasó?"))).toHaveLength(1);
  });

  it("should handle every update already fetched when stopped, each reply sent once", { timeout: 60_000 }, async () => {
    const chat = 7770002;
    let child = start();
    api.pushText(chat, "hola");
    await api.waitFor(() => texts(chat).length >= 2, 45_000); // a cold start on a busy machine can be slow
    // a burst for one chat: handled one after another, most still queued when SIGTERM arrives
    const burst = ["1", "ayuda", "menu", "ayuda", "menu", "ayuda", "menu", "ayuda"].map((t) => api.pushText(chat, t));
    await api.waitFor(() => burst.every((id) => api.delivered.has(id)), 20_000);
    child.kill("SIGTERM");
    expect(await exit(child)).toBe(0);

    const polls = () => api.calls.filter((c) => c.method === "getUpdates").length;
    const before = polls();
    child = start(); // replays whatever the first one could not finish
    await api.waitFor(() => polls() > before, 20_000);
    await quiet();
    child.kill("SIGTERM");
    expect(await exit(child)).toBe(0);

    const db = database();
    try {
      expect(count(db, `SELECT COUNT(*) AS n FROM "ProcessedInbound"`)).toBe(1 + burst.length);
      expect(count(db, `SELECT COUNT(*) AS n FROM "InboxUpdate"`)).toBe(0);
      expect(count(db, `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "status" <> 'sent'`)).toBe(0);
      // every stored reply went out exactly once
      expect(texts(chat)).toHaveLength(count(db, `SELECT COUNT(*) AS n FROM "OutboxMessage"`));
    } finally {
      db.close();
    }
  });

  it("should survive a new instance polling while the old one still does (409), then hand over", { timeout: 90_000 }, async () => {
    const chat = 7770003;
    const a = start();
    api.pushText(chat, "hola");
    await api.waitFor(() => texts(chat).length >= 2, 45_000); // a cold start on a busy machine can be slow
    const b = start(); // a deploy: the new process starts before the old one stops
    await api.waitFor(() => api.conflicts >= 2, 30_000);
    expect(a.exitCode).toBeNull(); // a 409 is not fatal
    a.kill("SIGTERM");
    expect(await exit(a)).toBe(0);

    const before = texts(chat).length;
    api.pushText(chat, "1");
    await api.waitFor(() => texts(chat).length > before, 20_000);
    await quiet();
    expect(b.exitCode).toBeNull();
    b.kill("SIGTERM");
    expect(await exit(b)).toBe(0);
    const db = database();
    try {
      expect(count(db, `SELECT COUNT(*) AS n FROM "ProcessedInbound"`)).toBe(2);
      expect(texts(chat)).toHaveLength(count(db, `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "status" = 'sent'`));
    } finally {
      db.close();
    }
  });
});
