import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "trata-bot-chat-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `npm run chat`'s entry point as a child process and types into it. */
function runChat(lines: string[]): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/bots/webchat/terminal-chat.ts"], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: `file:${join(dataDir, "chat.db")}`,
        LOG_LEVEL: "warn",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let sent = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // answer each prompt with the next line, then close stdin
      const prompts = out.split("\n> ").length - 1;
      while (sent < prompts && sent < lines.length) child.stdin.write(`${lines[sent++]}\n`);
      if (sent === lines.length && prompts > lines.length) child.stdin.end();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ out, code }));
    setTimeout(() => child.kill("SIGKILL"), 25_000);
  });
}

describe("terminal chat (npm run chat)", () => {
  it("should greet, show numbered buttons and run the menu", async () => {
    const { out, code } = await runChat(["1", "6", "1"]);
    expect(code).toBe(0);
    expect(out).toContain("1) Español");
    expect(out).toContain("¿Qué quieres hacer?");
    expect(out).toContain("6) Aprender");
    expect(out).toContain("trata de personas es");
  });
});
