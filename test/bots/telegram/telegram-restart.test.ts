import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeTelegramBotApi } from "../../fakes/telegram-bot-api.ts";

describe("Telegram: SIGTERM mid-conversation, then restart", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "trata-bot-tg-restart-"));
  const api = new FakeTelegramBotApi();
  afterAll(async () => {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = (): ChildProcess =>
    spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: `file:${join(dataDir, "db.sqlite")}`,
        PORT: "0",
        LOG_LEVEL: "warn",
        TELEGRAM_BOT_TOKEN: "123:TEST",
        TELEGRAM_API_ROOT: `http://127.0.0.1:${api.port}`,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
  const exit = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  it("should exit 0 and continue the conversation where it was", { timeout: 60_000 }, async () => {
    await api.start();
    const chat = 7770001;
    const texts = () => api.sent("sendMessage", chat).map((m) => String(m.text));
    let child = start();
    api.pushText(chat, "hola");
    await api.waitFor(() => texts().length >= 2, 20_000);
    api.pushText(chat, "1"); // Español → menu
    await api.waitFor(() => texts().some((t) => t.includes("¿Qué quieres hacer?")), 20_000);
    api.pushText(chat, "2"); // report
    await api.waitFor(() => texts().some((t) => t.includes("¿Qué pasó?")), 20_000);

    child.kill("SIGTERM");
    expect(await exit(child)).toBe(0);

    child = start();
    const before = texts().length;
    api.pushText(chat, "1"); // "Oferta sospechosa": the report continues, no restart of the conversation
    await api.waitFor(() => texts().length > before, 20_000);
    expect(texts().at(-1)).toContain("Cuéntanos");
    child.kill("SIGTERM");
    expect(await exit(child)).toBe(0);
    // each update was handled once: no duplicate replies for the update confirmed before the restart
    expect(texts().filter((t) => t.includes("¿Qué pasó?"))).toHaveLength(1);
  });
});
