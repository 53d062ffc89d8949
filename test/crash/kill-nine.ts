import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import { createIdentity } from "../../src/app/identity.ts";
import { parseCaseCode } from "../../src/core/case-code.ts";
import { parseConfig } from "../../src/config/config.ts";
import { cipherFrom, loadSecrets } from "../../src/config/secrets.ts";
import { loadFlowSet } from "../../src/flows/load-flows.ts";
import type { FlowSet } from "../../src/flows/schema.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { FIELD, PrismaStore } from "../../src/storage/prisma-store.ts";
import { FakeTelegramBotApi } from "../fakes/telegram-bot-api.ts";

export interface KillNineOptions {
  /** report submissions through the web chat */
  submissions: number;
  /** report submissions through Telegram (the fake Bot API, long polling) */
  telegramSubmissions?: number;
  /** web chat users at a time (Telegram users: half as many) */
  concurrency: number;
  /** SIGKILL the service every this many ms (randomized ±50%) */
  killEveryMs: number;
  log?: (line: string) => void;
}

export interface KillNineResult {
  submissions: number;
  telegramSubmissions: number;
  kills: number;
  /** case codes shown, web chat then Telegram */
  told: string[];
  reportsInDb: number;
  duplicateCodes: number;
  missingCodes: string[];
  unreadableSessions: number;
  /** sessions that decrypt but are not a session the engine can resume (wrong shape, unknown flow or node) */
  invalidSessions: number;
  retries: number;
  /** outbox rows (Telegram replies) never sent, and messages stored in the outbox that never reached the chat */
  unsentOutbox: number;
  lostMessages: number;
  /** messages that reached a chat twice (a kill between a send and its record repeats that one message) */
  repeatedMessages: number;
  /** the most repeats in one chat (at most one per kill) */
  maxRepeatsInOneChat: number;
  /** messages a chat received that are not in its outbox at all */
  unexpectedMessages: number;
  outboxMessages: number;
}

/** The report path typed as a person would (numbers for buttons). Keep in step with the flow definitions. */
export const REPORT_SCRIPT = ["hola", "1", "Reportar algo", "1", "me ofrecieron trabajo con pasaje pagado", "saltar", "2", "2", "saltar", "Enviar"];

const CODE = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** What a stored session must look like for the engine to resume it (src/flows/engine/types.ts). */
const ZSession = z.object({
  v: z.literal(1),
  flowId: z.string(),
  revision: z.number().int(),
  nodeId: z.string(),
  status: z.enum(["waiting", "completed"]),
  locale: z.enum(["es", "en", "qu"]),
  wait: z
    .object({
      kind: z.enum(["input", "action"]),
      fingerprint: z.string(),
      expiresAt: z.iso.datetime(),
      misses: z.number().int().min(0),
      reminded: z.boolean().optional(),
    })
    .optional(),
  vars: z.record(z.string(), z.unknown()),
  returnTo: z.string().optional(),
});

function isValidSession(flows: FlowSet, value: unknown): boolean {
  const parsed = ZSession.safeParse(value);
  if (!parsed.success) return false;
  const session = parsed.data;
  const flow = flows.flows[session.flowId];
  const node = flow?.nodes[session.nodeId];
  if (!flow || !node) return false;
  if (session.status !== "waiting") return true;
  if (!session.wait) return false;
  return session.wait.kind === "input" ? node.type === "ask" : node.type === "action";
}

/**
 * Runs the real service (`src/main.ts`) with the web chat and Telegram (long polling against a fake Bot API in
 * this process) and drives scripted report submissions through both while killing the process with SIGKILL
 * at random points and restarting it. A web chat client whose request failed retries it with the same
 * messageId, as the web chat page does; a Telegram user just waits for the answer (Telegram keeps the update
 * until it is confirmed). Then it checks the promises in the database and the fake's records: every case
 * code a user was shown exists exactly once, every session is one the engine can resume, and every outbox
 * message reached its chat (a repeat is allowed only for a kill between a send and its record).
 */
export async function runKillNine(options: KillNineOptions): Promise<KillNineResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "trata-bot-kill9-"));
  const port = await freePort();
  const telegramTotal = options.telegramSubmissions ?? 0;
  const api = new FakeTelegramBotApi();
  await api.start();
  const inbox = new Map<number, string[]>();
  api.listeners.push((call) => {
    if (call.method !== "sendMessage") return;
    const chat = Number(call.params.chat_id);
    inbox.set(chat, [...(inbox.get(chat) ?? []), String(call.params.text)]);
  });
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
    ...(telegramTotal > 0 ? { TELEGRAM_BOT_TOKEN: "4242:KILL9", TELEGRAM_API_ROOT: `http://127.0.0.1:${api.port}` } : {}),
    // claims of a killed process expire sooner than in production, so the test does not wait a minute
    OUTBOX_LEASE_SECONDS: "8",
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
      await sleep(50);
    }
  };
  await start();

  let running = true;
  const killer = (async () => {
    while (running) {
      await sleep(options.killEveryMs * (0.5 + Math.random()));
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
      await sleep(100);
    }
  };

  const told: string[] = [];
  const toldTelegram: string[] = [];
  let next = 0;
  const webWorker = async () => {
    while (next < options.submissions) {
      const n = next++;
      const chat = `kill9-chat-${n.toString().padStart(5, "0")}`;
      let last: { text: string }[] = [];
      for (const [i, text] of REPORT_SCRIPT.entries()) last = await send(chat, `m${i}`, text);
      const code = last.map((m) => CODE.exec(m.text)?.[0]).find(Boolean);
      if (code) told.push(code);
      else options.log?.(`no code for ${chat}: ${JSON.stringify(last).slice(0, 200)}`);
    }
  };
  let nextTelegram = 0;
  const telegramWorker = async () => {
    while (nextTelegram < telegramTotal) {
      const chat = 880_000_000 + nextTelegram++;
      const received = () => inbox.get(chat)?.length ?? 0;
      for (const text of REPORT_SCRIPT) {
        const before = received();
        api.pushText(chat, text);
        // the person reads an answer before typing on (a kill may delay it by a lease)
        await until(() => received() > before, 120_000, "a Telegram reply");
      }
      await until(() => (inbox.get(chat) ?? []).some((t) => CODE.test(t)), 120_000, "a Telegram receipt");
      toldTelegram.push(CODE.exec((inbox.get(chat) ?? []).find((t) => CODE.test(t))!)![0]);
    }
  };
  await Promise.all([
    ...Array.from({ length: options.concurrency }, webWorker),
    ...Array.from({ length: telegramTotal > 0 ? Math.max(1, Math.floor(options.concurrency / 2)) : 0 }, telegramWorker),
  ]);
  running = false;
  await killer;

  // Replies claimed by a killed process go out once their lease expires: wait until the outbox is empty.
  const readonly = new Database(join(dataDir, "db.sqlite"), { readonly: true, fileMustExist: true });
  const unsent = () =>
    (readonly.prepare(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "status" = 'pending' AND "channel" = 'telegram'`).get() as { n: number }).n;
  const waitedFrom = Date.now();
  while (unsent() > 0 && Date.now() - waitedFrom < 60_000) await sleep(250);
  readonly.close();
  child?.kill("SIGTERM");
  await new Promise((r) => child?.once("exit", r));
  await api.stop();

  const config = parseConfig(env);
  const secrets = loadSecrets(config);
  const cipher = cipherFrom(secrets);
  const identity = createIdentity(secrets.pseudonymKey);
  const flows = loadFlowSet();
  const { db, kind } = await openDatabase(config.DATABASE_URL);
  const store = new PrismaStore(db, cipher, () => "x", kind);
  try {
    const reports = await db.report.findMany({ select: { codeHash: true } });
    const codes = reports.map((r) => r.codeHash);
    const allTold = [...told, ...toldTelegram];
    const missingCodes = allTold.filter((c) => !codes.includes(identity.caseCodeHash(parseCaseCode(c) ?? c)));
    const conversations = await db.conversation.findMany({ select: { id: true } });
    let unreadableSessions = 0;
    let invalidSessions = 0;
    for (const { id } of conversations) {
      const session = (await store.conversations.load(id))?.session;
      if (!session) unreadableSessions++;
      else if (!isValidSession(flows, session)) invalidSessions++;
    }
    // every Telegram reply in the outbox reached its chat, in order; a repeat only right after a kill
    const outbox = await db.outboxMessage.findMany({ where: { channel: "telegram" }, orderBy: [{ createdAt: "asc" }, { seq: "asc" }] });
    let lostMessages = 0;
    let repeatedMessages = 0;
    let maxRepeatsInOneChat = 0;
    let unexpectedMessages = 0;
    for (let n = 0; n < telegramTotal; n++) {
      const chat = 880_000_000 + n;
      const conversationId = identity.conversationId("telegram", String(chat));
      const expected = outbox
        .filter((o) => o.conversationId === conversationId)
        .map((o) => cipher.decryptJson<{ text: string }>(o.payload, FIELD.outboxPayload).text);
      const delivered = [...(inbox.get(chat) ?? [])];
      for (const text of expected) {
        const at = delivered.indexOf(text);
        if (at < 0) lostMessages++;
        else delivered.splice(at, 1);
      }
      const repeats = delivered.filter((text) => expected.includes(text)).length;
      repeatedMessages += repeats;
      maxRepeatsInOneChat = Math.max(maxRepeatsInOneChat, repeats);
      unexpectedMessages += delivered.length - repeats;
    }
    return {
      submissions: options.submissions,
      telegramSubmissions: telegramTotal,
      kills,
      told: allTold,
      reportsInDb: codes.length,
      duplicateCodes: allTold.length - new Set(allTold).size,
      missingCodes,
      unreadableSessions,
      invalidSessions,
      retries,
      unsentOutbox: outbox.filter((o) => o.status !== "sent").length,
      lostMessages,
      repeatedMessages,
      maxRepeatsInOneChat,
      unexpectedMessages,
      outboxMessages: outbox.length,
    };
  } finally {
    await db.$disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
