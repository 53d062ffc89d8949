import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "trata-bot-chat-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * Runs `npm run chat`'s entry point as a child process and types into it, one line per prompt. A line can be
 * a function: it runs when its prompt appears (e.g. to break the database) and returns what to type.
 */
function runChat(db: string, lines: (string | (() => string))[]): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/bots/webchat/terminal-chat.ts"], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: `file:${join(dataDir, db)}`,
        LOG_LEVEL: "fatal",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let sent = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // answer each prompt with the next line, then close stdin
      const prompts = out.split("\n> ").length - 1;
      while (sent < prompts && sent < lines.length) {
        const line = lines[sent++]!;
        child.stdin.write(`${typeof line === "function" ? line() : line}\n`);
      }
      if (sent === lines.length && prompts > lines.length) child.stdin.end();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ out, code }));
    setTimeout(() => child.kill("SIGKILL"), 40_000);
  });
}

describe("terminal chat (npm run chat)", () => {
  it("should greet, show numbered buttons and run the menu", async () => {
    const { out, code } = await runChat("learn.db", ["1", "6", "1"]);
    expect(code).toBe(0);
    expect(out).toContain("1) Español");
    expect(out).toContain("¿Qué quieres hacer?");
    expect(out).toContain("6) Aprender");
    expect(out).toContain("trata de personas es");
  });

  it("should run a whole report with typed numbers and answer with a case code", async () => {
    const { out, code } = await runChat("report.db", [
      "1", // Español
      "2", // Reportar algo
      "1", // Oferta sospechosa
      "ofrecen trabajo en una mina con pasaje pagado",
      "Mazuko",
      "3", // Esta semana
      "2", // No
      "2", // Saltar
      "1", // Enviar
    ]);
    expect(code).toBe(0);
    expect(out).toContain("Revisa tu reporte");
    expect(out).toMatch(/[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/);
  });

  it("should print the try-again reply with the emergency numbers when the database fails, and go on", async () => {
    const file = join(dataDir, "broken.db");
    const sql = (statement: string) => () => {
      const db = new Database(file);
      db.exec(statement);
      db.close();
      return "1";
    };
    const { out, code } = await runChat("broken.db", [
      sql('ALTER TABLE "Conversation" RENAME TO "ConversationGone"'),
      sql('ALTER TABLE "ConversationGone" RENAME TO "Conversation"'),
    ]);
    expect(code).toBe(0);
    expect(out).toContain("Tuvimos un problema y no pudimos guardar esto");
    expect(out).toContain("105");
    expect(out).not.toContain("chat failed");
    // the same answer, once the database is back, moves on
    expect(out.split("Tuvimos un problema")[1]).toContain("¿Qué quieres hacer?");
  });
});
