/**
 * Telegram throughput: the full pipeline (update → engine → triage → stored report/session → reply through the
 * outbox) against a bare grammY echo bot, both on the same fake Bot API in the same run, 200 concurrent chats,
 * each chat sending its next message once the previous one was answered.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { run, sequentialize } from "@grammyjs/runner";
import { Bot } from "grammy";
import { createTelegramChannel } from "../src/bots/telegram/telegram-channel.ts";
import { composeService } from "../src/compose.ts";
import { parseConfig } from "../src/config/config.ts";
import { silentLogger } from "../src/core/logger.ts";
import { FakeTelegramBotApi } from "../test/fakes/telegram-bot-api.ts";

const SCRIPT = ["hola", "1", "6", "1", "menu", "6", "2", "menu", "4", "saltar"];

async function drive(api: FakeTelegramBotApi, chats: number, perChat: number) {
  const waiting = new Map<number, { resolve: () => void; at: number }>();
  const latencies: number[] = [];
  api.listeners.push((call) => {
    if (call.method !== "sendMessage") return;
    const chat = Number(call.params.chat_id);
    const w = waiting.get(chat);
    if (w) {
      waiting.delete(chat);
      latencies.push(performance.now() - w.at);
      w.resolve();
    }
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: chats }, async (_, c) => {
      const chat = 9_000_000 + c;
      for (let i = 0; i < perChat; i++) {
        const answered = new Promise<void>((resolve) => waiting.set(chat, { resolve, at: performance.now() }));
        api.pushText(chat, SCRIPT[i % SCRIPT.length]!);
        await answered;
        await new Promise((r) => setTimeout(r, 5)); // let the rest of a multi-message reply arrive
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  api.listeners.length = 0;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]!.toFixed(1));
  return { msgsPerS: Math.round((chats * perChat) / seconds), p50: at(0.5), p99: at(0.99) };
}

export async function runTelegramBench(options: { quick: boolean }) {
  const chats = 200;
  const perChat = options.quick ? 5 : 15;

  const echoApi = new FakeTelegramBotApi();
  await echoApi.start();
  const echo = new Bot("1:ECHO", { client: { apiRoot: `http://127.0.0.1:${echoApi.port}` } });
  echo.use(sequentialize((ctx) => String(ctx.chat?.id)));
  echo.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  await echo.init();
  const echoRunner = run(echo);
  const e = await drive(echoApi, chats, perChat);
  await echoRunner.stop();
  await echoApi.stop();

  const api = new FakeTelegramBotApi();
  await api.start();
  const dataDir = mkdtempSync(join(tmpdir(), "trata-bench-tg-"));
  const config = parseConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${join(dataDir, "db.sqlite")}`,
    TELEGRAM_BOT_TOKEN: "1:BENCH",
    TELEGRAM_API_ROOT: `http://127.0.0.1:${api.port}`,
  });
  const service = await composeService(config, { logger: silentLogger, floodGate: { burst: 1_000, refillMs: 1, maxQueued: 1_000 } });
  const channel = createTelegramChannel(service, config);
  await channel.start();
  const p = await drive(api, chats, perChat);
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  await channel.stop();
  await service.close();
  await api.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    pipeline_msgs_per_s: p.msgsPerS,
    echo_msgs_per_s: e.msgsPerS,
    ratio: Number((p.msgsPerS / e.msgsPerS).toFixed(2)),
    p50_ms: p.p50,
    p99_ms: p.p99,
    rss_mb: rssMb,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runTelegramBench({ quick: process.argv.includes("--quick") }).then((r) => console.log(JSON.stringify(r)));
}
