/**
 * `npm run bench [-- --quick] [-- --json] [-- <section>...]`: measures, in one run on this machine, the numbers
 * the issues ask for and prints a table (or one JSON object with --json); results also go to
 * bench/results.json. Sections: triage, nearest, sessions, webchat, postgres, telegram, kill9.
 * Benchmarks report ratios and rates measured together; nothing here is a pass/fail test.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseConfig } from "../src/config/config.ts";
import { loadSecrets } from "../src/config/secrets.ts";
import { FieldCipher } from "../src/core/crypto.ts";
import { loadDirectory } from "../src/directory/load-directory.ts";
import { migrate } from "../src/storage/migrate.ts";
import { openDatabase } from "../src/storage/open-database.ts";
import { assess } from "../src/triage/index.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const asJson = args.includes("--json");
const only = args.filter((a) => !a.startsWith("--"));
const wants = (section: string) => only.length === 0 || only.includes(section);
const results: Record<string, unknown> = {};
const say = (line: string) => {
  if (!asJson) console.log(line);
};

const SAMPLE_TEXTS = [
  "me ofrecen trabajo en mazuko para señoritas, 3000 soles, pasaje pagado",
  "tengo 15 y estoy trabajando en un bar en la pampa, no me dejan salir",
  "mi jefe no me paga las gratificaciones",
  "hola",
  "they offered me a job as a waitress in the jungle with free travel",
  "mi vecina de 14 años tiene un enamorado de 30 que quiere llevarla a la mina",
  "el dueño de la chacra se quedo con el dni de todos los trabajadores",
  "Allillanchu. Llamk'ayta maskachkani",
];

function benchTriage(): void {
  const n = 10_000;
  for (let i = 0; i < 500; i++) assess({ text: SAMPLE_TEXTS[i % SAMPLE_TEXTS.length]! }); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) assess({ text: `${SAMPLE_TEXTS[i % SAMPLE_TEXTS.length]} ${i}` });
  const ms = performance.now() - t0;
  results.triage_msgs_per_s = Math.round((n / ms) * 1000);
  results.triage_10k_ms = Math.round(ms);
  say(`triage: 10,000 messages in ${ms.toFixed(0)} ms → ${results.triage_msgs_per_s} msgs/s (goal: under 1 s)`);
}

function benchNearest(): void {
  const directory = loadDirectory();
  const n = quick ? 2_000 : 20_000;
  const points = Array.from({ length: n }, () => ({ latitude: -18 + Math.random() * 18, longitude: -81 + Math.random() * 12 }));
  const t0 = performance.now();
  for (const p of points) directory.nearest(directory.resolvePlace(p), ["emergency"], { limit: 5 });
  const perLookupMs = (performance.now() - t0) / n;
  results.nearest_ms_per_lookup = Number(perLookupMs.toFixed(4));
  say(`nearest: resolve + nearest over all districts: ${perLookupMs.toFixed(3)} ms per lookup (goal: under 1 ms)`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

interface RunningServer {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/** a load run from one address: the web chat's abuse limits would (rightly) slow it down */
const LOAD_LIMITS = {
  WEBCHAT_REQUESTS_PER_MINUTE: "1000000",
  WEBCHAT_NEW_CONVERSATIONS_PER_CLIENT: "1000000",
  WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE: "1000000",
  WEBCHAT_REPORTS_PER_HOUR: "1000000",
};

async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, LOG_LEVEL: "error", ...LOAD_LIMITS, ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** Drives `chats` concurrent web chat conversations round-robin over the servers; returns msgs/s and latencies. */
async function driveWebchat(bases: string[], chats: number, messagesPerChat: number) {
  const latencies: number[] = [];
  const script = ["hola", "1", "6", "1", "menu", "6", "2", "menu"];
  const run = async (c: number) => {
    const chat = `bench-${randomBytes(6).toString("hex")}-${c}`;
    const base = bases[c % bases.length]!;
    for (let i = 0; i < messagesPerChat; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/webchat/${chat}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: script[i % script.length], messageId: `m${i}` }),
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: chats }, (_, c) => run(c)));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    msgsPerS: Math.round(latencies.length / seconds),
    p50: Number(latencies[Math.floor(latencies.length * 0.5)]!.toFixed(1)),
    p99: Number(latencies[Math.floor(latencies.length * 0.99)]!.toFixed(1)),
  };
}

async function benchWebchat(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "trata-bench-"));
  const server = await startServer({ DATA_DIR: dir, DATABASE_URL: `file:${join(dir, "db.sqlite")}` });
  try {
    const r = await driveWebchat([server.base], 200, quick ? 8 : 24);
    results.webchat_msgs_per_s = r.msgsPerS;
    results.webchat_p50_ms = r.p50;
    results.webchat_p99_ms = r.p99;
    results.webchat_rss_mb = rssMb(server.pid);
    say(`web chat (SQLite, 200 concurrent chats): ${r.msgsPerS} msgs/s, p50 ${r.p50} ms, p99 ${r.p99} ms, RSS ${results.webchat_rss_mb} MB`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** RSS of a running service with 100,000 stored sessions (sessions live in the database, not in memory). */
async function benchSessions(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "trata-bench-sessions-"));
  const url = `file:${join(dir, "db.sqlite")}`;
  const config = parseConfig({ DATA_DIR: dir, DATABASE_URL: url });
  const secrets = loadSecrets(config);
  const cipher = new FieldCipher(secrets.currentDataKeyId, secrets.dataKeys);
  await migrate(url);
  const { db } = await openDatabase(url);
  const count = quick ? 20_000 : 100_000;
  const session = { v: 1, flowId: "menu", revision: 1, nodeId: "main", status: "completed", locale: "es", vars: {} };
  const now = new Date();
  for (let i = 0; i < count; i += 2_000) {
    await db.conversation.createMany({
      data: Array.from({ length: 2_000 }, (_, j) => ({
        id: `bench-${i + j}`,
        channel: "telegram",
        locale: "es",
        state: cipher.encryptJson(session, "conversation.state"),
        version: 1,
        lastInboundAt: now,
      })),
    });
  }
  await db.$disconnect();
  const server = await startServer({ DATA_DIR: dir, DATABASE_URL: url });
  try {
    await driveWebchat([server.base], 50, 4);
    results.sessions_stored = count;
    results.rss_mb_with_sessions = rssMb(server.pid);
    say(`sessions: RSS with ${count.toLocaleString()} stored sessions: ${results.rss_mb_with_sessions} MB (goal ≤ 250 MB)`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Throughput of 1 vs 2 instances on one PostgreSQL (a private server on loopback). */
async function benchPostgres(): Promise<void> {
  const bin = ["15", "16", "17"].map((v) => `/usr/lib/postgresql/${v}/bin`).find((b) => existsSync(`${b}/initdb`));
  if (!bin) {
    say("postgres: skipped (Debian's postgresql is not installed)");
    return;
  }
  const { execFileSync } = await import("node:child_process");
  const dir = mkdtempSync(join(tmpdir(), "trata-bench-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  const run = (cmd: string, a: string) =>
    asRoot ? execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", `${bin}/${cmd} ${a}`]) : execFileSync("sh", ["-c", `${bin}/${cmd} ${a}`]);
  const port = await freePort();
  run("initdb", `-D ${dir}/data -A trust -U postgres --no-sync >/dev/null`);
  run("pg_ctl", `-D ${dir}/data -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200" -l ${dir}/log -w start >/dev/null`);
  const dataDir = mkdtempSync(join(tmpdir(), "trata-bench-pgdata-"));
  const env = { DATA_DIR: dataDir, DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/postgres` };
  try {
    const chats = 200;
    const perChat = quick ? 6 : 16;
    const one = await startServer(env);
    const r1 = await driveWebchat([one.base], chats, perChat);
    await one.stop();
    const a = await startServer(env);
    const b = await startServer(env);
    const r2 = await driveWebchat([a.base, b.base], chats, perChat);
    await Promise.all([a.stop(), b.stop()]);
    results.pg_one_instance_msgs_per_s = r1.msgsPerS;
    results.pg_two_instances_msgs_per_s = r2.msgsPerS;
    results.pg_scale_ratio = Number((r2.msgsPerS / r1.msgsPerS).toFixed(2));
    say(
      `postgres: 1 instance ${r1.msgsPerS} msgs/s, 2 instances ${r2.msgsPerS} msgs/s → ×${results.pg_scale_ratio} (goal ≥ 1.7; both instances, PostgreSQL and the load generator share 2 cores here)`,
    );
  } finally {
    run("pg_ctl", `-D ${dir}/data -m immediate -w stop >/dev/null`);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchTelegram(): Promise<void> {
  const path = "./telegram.ts";
  if (!existsSync(new URL(path, import.meta.url))) {
    say("telegram: skipped (bench/telegram.ts not present)");
    return;
  }
  const mod = (await import(path)) as {
    runTelegramBench(o: { quick: boolean }): Promise<Record<string, number>>;
  };
  const r = await mod.runTelegramBench({ quick });
  Object.assign(results, r);
  say(
    `telegram (200 concurrent chats, fake Bot API): pipeline ${r.pipeline_msgs_per_s} msgs/s vs bare grammY echo ${r.echo_msgs_per_s} msgs/s → ratio ${r.ratio} (goal ≥ 0.8); p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms (goal < 50 ms), RSS ${r.rss_mb} MB`,
  );
}

async function benchKillNine(): Promise<void> {
  const { runKillNine } = await import("../test/crash/kill-nine.ts");
  const r = await runKillNine({ submissions: quick ? 100 : 1_000, concurrency: 24, killEveryMs: 1_500 });
  results.kill9_submissions = r.submissions;
  results.kill9_kills = r.kills;
  results.kill9_lost = r.missingCodes.length;
  results.kill9_duplicates = r.duplicateCodes;
  say(`kill -9: ${r.submissions} submissions, ${r.kills} kills → ${r.missingCodes.length} lost, ${r.duplicateCodes} duplicated, ${r.unreadableSessions} unreadable sessions`);
}

async function main(): Promise<void> {
  const started = performance.now();
  if (wants("triage")) benchTriage();
  if (wants("nearest")) benchNearest();
  if (wants("telegram")) await benchTelegram();
  if (wants("webchat")) await benchWebchat();
  if (wants("sessions")) await benchSessions();
  if (wants("postgres")) await benchPostgres();
  if (wants("kill9") && !quick) await benchKillNine();
  // the keys the issue asks for, falling back to the web chat pipeline when Telegram was not measured
  results.pipeline_msgs_per_s ??= results.webchat_msgs_per_s;
  results.p50_ms ??= results.webchat_p50_ms;
  results.p99_ms ??= results.webchat_p99_ms;
  results.rss_mb ??= results.webchat_rss_mb;
  results.echo_msgs_per_s ??= null;
  results.ratio ??= null;
  results.duration_s = Number(((performance.now() - started) / 1000).toFixed(1));
  results.quick = quick;
  writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  if (asJson) process.stdout.write(`${JSON.stringify(results)}\n`);
  else say(`done in ${results.duration_s} s; results in bench/results.json`);
}

main().catch((error: unknown) => {
  console.error("bench failed:", error);
  process.exit(1);
});
