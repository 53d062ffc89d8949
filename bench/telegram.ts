/**
 * Telegram, in one run: the full pipeline (the real service, `src/main.ts`: update → engine → triage → stored
 * session/report → reply through the outbox) and a bare grammY echo bot, each in its own process, polling
 * the same fake Bot API (in this process, with the load generator), 200 concurrent chats.
 *
 * - Throughput: every chat sends its next message as soon as the whole reply to the previous one arrived
 *   (a closed loop that saturates the bot): msgs/s of both and their ratio.
 * - Latency: 200 new chats at a person's pace (the next message 0.5–1.5 s after the reply): from the update
 *   being available to the last message of its reply (how many messages each step gets is learnt first). Latency in the saturated loop is reported too,
 *   but there it only restates throughput (200 chats in flight / msgs per s, Little's law).
 * - RSS of the service process after the run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { FakeTelegramBotApi } from "../test/fakes/telegram-bot-api.ts";

const SCRIPT = ["hola", "1", "6", "1", "menu", "6", "2", "menu", "4", "saltar"];
const CHATS = 200;

interface Load {
  msgsPerS: number;
  p50: number;
  p99: number;
  /** Bot API calls the bot made per message sent to it, by method */
  callsPerMessage: Record<string, number>;
}

/** Messages sent to each chat, as they arrive at the fake. */
function track(api: FakeTelegramBotApi) {
  const counts = new Map<number, number>();
  const waiters = new Map<number, { count: number; resolve: () => void }>();
  api.listeners.push((call) => {
    if (call.method !== "sendMessage") return;
    const chat = Number(call.params.chat_id);
    const n = (counts.get(chat) ?? 0) + 1;
    counts.set(chat, n);
    const w = waiters.get(chat);
    if (w && n >= w.count) {
      waiters.delete(chat);
      w.resolve();
    }
  });
  return {
    count: (chat: number) => counts.get(chat) ?? 0,
    /** resolves when the chat has received `count` messages in all */
    until: (chat: number, count: number) =>
      (counts.get(chat) ?? 0) >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(chat, { count, resolve })),
  };
}

/** How many messages answer each step of the script (one chat, one step at a time, waiting for quiet). */
async function calibrate(api: FakeTelegramBotApi, chat: number, steps: string[]): Promise<number[]> {
  const tracker = track(api);
  const replies: number[] = [];
  for (const text of steps) {
    const before = tracker.count(chat);
    api.pushText(chat, text);
    await tracker.until(chat, before + 1);
    for (let seen = -1; seen !== tracker.count(chat); ) {
      seen = tracker.count(chat);
      await new Promise((r) => setTimeout(r, 150));
    }
    replies.push(tracker.count(chat) - before);
  }
  return replies;
}

async function drive(api: FakeTelegramBotApi, firstChat: number, steps: string[], replies: number[], paceMs: number): Promise<Load> {
  const tracker = track(api);
  const latencies: number[] = [];
  const calls: Record<string, number> = {};
  const count = (call: { method: string }) => void (calls[call.method] = (calls[call.method] ?? 0) + 1);
  api.listeners.push(count);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CHATS }, async (_, c) => {
      const chat = firstChat + c;
      let expected = 0;
      for (const [i, text] of steps.entries()) {
        if (paceMs > 0) await new Promise((r) => setTimeout(r, paceMs * (0.5 + Math.random())));
        expected += replies[i]!;
        const t0 = performance.now();
        api.pushText(chat, text);
        await tracker.until(chat, expected); // the whole reply, not just its first message
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  api.listeners.splice(api.listeners.indexOf(count), 1);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]!.toFixed(1));
  const callsPerMessage = Object.fromEntries(Object.entries(calls).map(([method, n]) => [method, Number((n / latencies.length).toFixed(2))]));
  return { msgsPerS: Math.round(latencies.length / seconds), p50: at(0.5), p99: at(0.99), callsPerMessage };
}

function spawnBot(script: string, env: Record<string, string>): ChildProcess {
  // BENCH_NODE_ARGS: extra node flags for the bots (e.g. --cpu-prof), for looking into where the time goes
  const extra = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  return spawn(process.execPath, [...extra, "--import", "tsx", script], {
    env: { ...process.env, LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function stopBot(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return Number.NaN;
  }
}

function rssMb(pid: number): number {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

export async function runTelegramBench(options: { quick: boolean }) {
  const perChat = options.quick ? 5 : 15;
  const steps = Array.from({ length: perChat }, (_, i) => SCRIPT[i % SCRIPT.length]!);

  const echoApi = new FakeTelegramBotApi();
  await echoApi.start();
  const echo = spawnBot("bench/echo-bot.ts", { TELEGRAM_API_ROOT: `http://127.0.0.1:${echoApi.port}` });
  await calibrate(echoApi, 8_999_999, ["warm-up"]);
  const echoCpu = cpuMs(echo.pid!);
  const e = await drive(echoApi, 9_000_000, steps, steps.map(() => 1), 0);
  const echoCpuPerMsg = (cpuMs(echo.pid!) - echoCpu) / (CHATS * perChat);
  await stopBot(echo);
  await echoApi.stop();

  const api = new FakeTelegramBotApi();
  await api.start();
  const dataDir = mkdtempSync(join(tmpdir(), "trata-bench-tg-"));
  const service = spawnBot("src/main.ts", {
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${join(dataDir, "db.sqlite")}`,
    PORT: "0",
    WEBCHAT_ENABLED: "false",
    TELEGRAM_BOT_TOKEN: "1:BENCH",
    TELEGRAM_API_ROOT: `http://127.0.0.1:${api.port}`,
  });
  try {
    const replies = await calibrate(api, 8_999_999, steps);
    const serviceCpu = cpuMs(service.pid!);
    const saturated = await drive(api, 9_000_000, steps, replies, 0);
    const serviceCpuPerMsg = (cpuMs(service.pid!) - serviceCpu) / (CHATS * perChat);
    // quick: the first 3 steps at a person's pace are enough for the latency percentiles (600 messages)
    const pacedSteps = options.quick ? 3 : steps.length;
    const paced = await drive(api, 9_100_000, steps.slice(0, pacedSteps), replies, 1_000);
    const rss = rssMb(service.pid!);
    return {
      pipeline_msgs_per_s: saturated.msgsPerS,
      echo_msgs_per_s: e.msgsPerS,
      ratio: Number((saturated.msgsPerS / e.msgsPerS).toFixed(2)),
      p50_ms: paced.p50,
      p99_ms: paced.p99,
      rss_mb: rss,
      telegram_paced_msgs_per_s: paced.msgsPerS,
      telegram_saturated_p50_ms: saturated.p50,
      telegram_saturated_p99_ms: saturated.p99,
      echo_saturated_p50_ms: e.p50,
      echo_saturated_p99_ms: e.p99,
      pipeline_cpu_ms_per_msg: Number(serviceCpuPerMsg.toFixed(2)),
      echo_cpu_ms_per_msg: Number(echoCpuPerMsg.toFixed(2)),
      telegram_replies_per_message: Number((replies.reduce((a, b) => a + b, 0) / replies.length).toFixed(2)),
      telegram_api_calls_per_message: saturated.callsPerMessage,
      telegram_paced_api_calls_per_message: paced.callsPerMessage,
      echo_api_calls_per_message: e.callsPerMessage,
    };
  } finally {
    await stopBot(service);
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runTelegramBench({ quick: process.argv.includes("--quick") }).then((r) => console.log(JSON.stringify(r)));
}
