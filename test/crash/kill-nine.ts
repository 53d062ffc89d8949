import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCaseCode } from "../../src/core/case-code.ts";
import { parseConfig } from "../../src/config/config.ts";
import { createIdentity } from "../../src/app/identity.ts";
import { cipherFrom, loadSecrets } from "../../src/config/secrets.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { PrismaStore } from "../../src/storage/prisma-store.ts";

export interface KillNineOptions {
  submissions: number;
  concurrency: number;
  /** SIGKILL the service every this many ms (randomized ±50%) */
  killEveryMs: number;
  log?: (line: string) => void;
}

export interface KillNineResult {
  submissions: number;
  kills: number;
  told: string[];
  reportsInDb: number;
  duplicateCodes: number;
  missingCodes: string[];
  unreadableSessions: number;
  retries: number;
}

/** The report path typed as a person would (numbers for buttons). Keep in step with the flow definitions. */
export const REPORT_SCRIPT = ["hola", "1", "Reportar algo", "1", "me ofrecieron trabajo con pasaje pagado", "saltar", "2", "2", "saltar", "Enviar"];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

/**
 * Runs the real service (`src/main.ts`) and drives scripted report submissions through the web chat while
 * killing the process with SIGKILL at random points and restarting it. A client whose request failed retries
 * it with the same messageId, as the web chat page does. Then it opens the database and checks the promises:
 * every case code a user was shown exists exactly once, no session is unreadable.
 */
export async function runKillNine(options: KillNineOptions): Promise<KillNineResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "trata-bot-kill9-"));
  const port = await freePort();
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${join(dataDir, "db.sqlite")}`,
    PORT: String(port),
    LOG_LEVEL: "error",
    // a load run from one address: the web chat's abuse limits would (rightly) slow it down
    WEBCHAT_REQUESTS_PER_MINUTE: "1000000",
    WEBCHAT_NEW_CONVERSATIONS_PER_CLIENT: "1000000",
    WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE: "1000000",
    WEBCHAT_REPORTS_PER_HOUR: "1000000",
  };
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let kills = 0;
  let retries = 0;

  const start = async () => {
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await start();

  let running = true;
  const killer = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, options.killEveryMs * (0.5 + Math.random())));
      if (!running) break;
      child?.kill("SIGKILL");
      kills++;
      await new Promise((r) => child?.once("exit", r));
      await start();
    }
  })();

  const send = async (chat: string, messageId: string, text: string): Promise<{ text: string }[]> => {
    for (;;) {
      try {
        const res = await fetch(`${base}/api/webchat/${chat}/messages`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text, messageId }),
          signal: AbortSignal.timeout(10_000),
        });
        if (res.ok) return ((await res.json()) as { messages: { text: string }[] }).messages;
      } catch {
        /* killed mid-request */
      }
      retries++;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const told: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.submissions) {
      const n = next++;
      const chat = `kill9-chat-${n.toString().padStart(5, "0")}`;
      let last: { text: string }[] = [];
      for (const [i, text] of REPORT_SCRIPT.entries()) last = await send(chat, `m${i}`, text);
      const code = last.map((m) => /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(m.text)?.[0]).find(Boolean);
      if (code) told.push(code);
      else options.log?.(`no code for ${chat}: ${JSON.stringify(last).slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  running = false;
  await killer;
  child?.kill("SIGTERM");
  await new Promise((r) => child?.once("exit", r));

  const config = parseConfig(env);
  const secrets = loadSecrets(config);
  const { db } = await openDatabase(config.DATABASE_URL);
  const store = new PrismaStore(db, cipherFrom(secrets), () => "x");
  const identity = createIdentity(secrets.pseudonymKey);
  try {
    const reports = await db.report.findMany({ select: { codeHash: true } });
    const codes = reports.map((r) => r.codeHash);
    const missingCodes = told.filter((c) => !codes.includes(identity.caseCodeHash(parseCaseCode(c) ?? c)));
    const conversations = await db.conversation.findMany({ select: { id: true } });
    let unreadableSessions = 0;
    for (const { id } of conversations) if (!(await store.conversations.load(id))?.session) unreadableSessions++;
    return {
      submissions: options.submissions,
      kills,
      told,
      reportsInDb: codes.length,
      duplicateCodes: told.length - new Set(told).size,
      missingCodes,
      unreadableSessions,
      retries,
    };
  } finally {
    await db.$disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
