import { autoRetry } from "@grammyjs/auto-retry";
import { createConcurrentSink, createRunner, createSource, type RunnerHandle, sequentialize } from "@grammyjs/runner";
import { timingSafeEqual } from "node:crypto";
import { json, type RequestHandler, Router } from "express";
import { Bot, GrammyError, HttpError, webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import { failureReply } from "../../app/conversations/handle-inbound-message.ts";
import { DeliveryError } from "../../app/outbox/delivery-error.ts";
import type { MessageSender } from "../../app/outbox/outbox-dispatcher.ts";
import type { Service } from "../../compose.ts";
import type { Config } from "../../config/config.ts";
import { MAX_PHOTO_BYTES } from "../../app/media/accept-photo.ts";
import { isAppError } from "../../core/app-error.ts";
import { intakePhoto, readLimited } from "../photo-intake.ts";
import { mapUpdate } from "./map-update.ts";
import { renderTelegram } from "./render-telegram.ts";

export interface TelegramChannel {
  bot: Bot;
  /**
   * Express router for webhook mode, with its own JSON parser (mount it before the app's, see
   * createHttpApp's ownBodyRouters); undefined in polling mode
   */
  router: Router | undefined;
  start(): Promise<void>;
  /** stop fetching, finish in-flight updates and their replies */
  stop(): Promise<void>;
  /** for /healthz */
  state(): { telegram: { mode: string; running: boolean } };
}

export const WEBHOOK_PATH = "/telegram/webhook";

const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;
/** a shutdown waits this long for in-flight updates; what is left is replayed from the inbox at the next start */
const DRAIN_MS = 15_000;
const inboxKey = (updateId: number) => `telegram:${updateId}`;
/** how long handled updates wait to leave the inbox together (at a person's pace one write per update costs the most) */
const INBOX_REMOVAL_MS = 50;
/** the runner's AbortSignal (grammY's own shim type) */
type PollSignal = Parameters<Bot["api"]["getUpdates"]>[1] & { aborted: boolean };

/**
 * The Telegram adapter (grammY): maps updates to inbound messages, lets the service handle them (ordered per
 * chat, deduplicated by update id), and delivers replies through the outbox with this bot as the sender.
 *
 * Long polling keeps every fetched update in the database inbox until it is handled: Telegram forgets an
 * update as soon as the next getUpdates confirms it, so without this a crash (or a shutdown that cannot wait
 * any longer) would lose updates already fetched. At start the inbox is replayed; a replayed update that was
 * in fact handled is a duplicate and has no effect. A 409 (another instance polling, e.g. during a deploy)
 * is waited out and polling goes on.
 *
 * Logs carry the update type and timings only: never chat ids, usernames, names or text.
 */
export function createTelegramChannel(service: Service, config: Config): TelegramChannel {
  const log = service.logger.child({ channel: "telegram" });
  const bot = new Bot(config.TELEGRAM_BOT_TOKEN!, { client: { apiRoot: config.TELEGRAM_API_ROOT } });
  // 429s are waited out here (short); 5xx and network errors go back to the outbox, which retries with backoff
  // without holding up the chat's other updates.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 30, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));
  const webhookMode = config.TELEGRAM_MODE === "webhook";

  // Chats that were shown a location keyboard: the next plain message removes it.
  const replyKeyboards = new Set<string>();
  const sender: MessageSender = {
    async send(address, message) {
      const parts = renderTelegram(message, { removeReplyKeyboard: replyKeyboards.has(address), locationLabel: "📍 Ubicación · Location" });
      try {
        for (const part of parts) await bot.api.sendMessage(address, part.text, part.reply_markup ? { reply_markup: part.reply_markup } : {});
      } catch (error) {
        throw deliveryError(error);
      }
      if (message.requestLocation) replyKeyboards.add(address);
      else if (!message.buttons?.length) replyKeyboards.delete(address);
    },
  };
  service.outbox.register("telegram", sender);

  // Counted before `sequentialize`: updates waiting behind their chat's current one are in flight too.
  let inFlight = 0;
  const idle = new Set<() => void>();
  const flushes = new Set<Promise<unknown>>();
  bot.use(async (_ctx, next) => {
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      if (inFlight === 0) for (const resolve of idle) resolve();
    }
  });
  bot.use(sequentialize((ctx) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  bot.use(async (ctx) => {
    const started = Date.now();
    try {
      await handleUpdate(ctx.update);
    } finally {
      log.debug({ type: Object.keys(ctx.update).find((k) => k !== "update_id"), ms: Date.now() - started }, "update handled");
    }
  });
  bot.catch((error) => {
    log.error({ err: error.error instanceof Error ? { name: error.error.name, message: safeMessage(error.error) } : "unknown" }, "update failed");
  });

  async function handleUpdate(update: Update): Promise<void> {
    // Answer every press at once, wherever it comes from (the spinner stops).
    if (update.callback_query) await bot.api.answerCallbackQuery(update.callback_query.id).catch(() => undefined);
    const mapped = mapUpdate(update);
    if (mapped.kind === "ignore") return;
    if (mapped.kind === "group") {
      await sender.send(String(mapped.chatId), { text: service.translator.t(config.DEFAULT_LOCALE, "telegram.group_note") });
      return;
    }
    if (mapped.kind === "edited") {
      await sender.send(String(mapped.chatId), { text: service.translator.t(config.DEFAULT_LOCALE, "telegram.edited_note") });
      return;
    }
    // a photo is fetched here and stored without metadata; the answer carries media:<id>, not the file_id
    const inbound = await intakePhoto(service, mapped.inbound, downloadFile);
    if (mapped.pressedMessageId !== undefined) {
      // take the keyboard away so it can't be pressed twice
      await bot.api.editMessageReplyMarkup(inbound.chatRef, mapped.pressedMessageId, { reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
    }
    let result: Awaited<ReturnType<Service["handleInbound"]>>;
    try {
      result = await service.handleInbound(inbound);
    } catch (error) {
      log.error({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, "inbound failed");
      // Webhook: Telegram redelivers on a 5xx, so a database outage loses nothing and needs no apology.
      if (webhookMode && isAppError(error) && error.code === "STORAGE_UNAVAILABLE") throw error;
      // Never silence: whatever broke, the person is told how to get help now.
      await sender.send(inbound.chatRef, failureReply(error, config.DEFAULT_LOCALE, service.translator)).catch(() => undefined);
      return;
    }
    // The replies are stored (outbox): the update is done; sending goes on without holding up the chat's next
    // update (the outbox keeps each chat's replies in order).
    const flush = service.outbox
      .flushConversation(result.conversationId, result.handover)
      .catch((error: unknown) => log.warn({ err: safeMessage(error) }, "reply delivery deferred to the outbox sweep"));
    flushes.add(flush);
    void flush.finally(() => flushes.delete(flush));
  }

  /** getFile, then the file itself; undefined when Telegram says it is larger than we accept */
  async function downloadFile(fileId: string): Promise<Buffer | undefined> {
    const file = await bot.api.getFile(fileId);
    if (!file.file_path || (file.file_size ?? 0) > MAX_PHOTO_BYTES) return undefined;
    const url = `${config.TELEGRAM_API_ROOT}/file/bot${config.TELEGRAM_BOT_TOKEN}/${file.file_path}`;
    return readLimited(await fetch(url, { signal: AbortSignal.timeout(30_000) }));
  }

  const whenIdle = (ms: number) =>
    inFlight === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            idle.delete(done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, ms);
          idle.add(done);
        });

  let runner: RunnerHandle | undefined;
  let stopping = false;

  /**
   * getUpdates, storing what arrives in the inbox before the next call confirms it to Telegram. The updates
   * are handled while they are being stored (a crash before the store commits loses nothing: Telegram has
   * not been told yet); the next getUpdates waits for that commit.
   */
  function createPoller(replay: Update[]) {
    let offset = 0;
    let pending = replay;
    let storing: { items: { key: string; payload: string }[]; done: Promise<void> } | undefined;
    const store = (items: { key: string; payload: string }[]) => {
      const done = service.store.inbox.put("telegram", items);
      done.catch(() => undefined); // awaited (and retried) before the next getUpdates
      storing = { items, done };
    };
    return {
      async supply(batchSize: number, signal: PollSignal): Promise<Update[]> {
        if (pending.length) {
          const replayed = pending;
          pending = [];
          return replayed;
        }
        for (let backoffMs = 500; ; backoffMs = Math.min(backoffMs * 2, 30_000)) {
          try {
            if (storing) {
              const current = storing;
              await current.done.catch((error: unknown) => {
                store(current.items); // try again: these must be stored before Telegram forgets them
                throw error;
              });
              storing = undefined;
            }
            const updates = await bot.api.getUpdates(
              { offset, limit: Math.max(1, Math.min(batchSize, 100)), timeout: 30, allowed_updates: [...ALLOWED_UPDATES] },
              signal,
            );
            if (updates.length) {
              store(updates.map((u) => ({ key: inboxKey(u.update_id), payload: JSON.stringify(u) })));
              offset = updates.at(-1)!.update_id + 1;
            }
            return updates;
          } catch (error) {
            if (signal.aborted) throw error;
            // 409: another getUpdates (an overlapping deploy): give it the floor for a moment, then go on.
            // 5xx, network, a busy database: back off and try again; nothing was confirmed.
            const conflict = error instanceof GrammyError && error.error_code === 409;
            const retryAfter = error instanceof GrammyError ? (error.parameters.retry_after ?? 0) * 1000 : 0;
            log.warn({ err: safeMessage(error), conflict }, "getUpdates failed, retrying");
            await sleep(Math.max(backoffMs, retryAfter, conflict ? 1_000 : 0), signal);
          }
        }
      },
    };
  }

  // Handled updates leave the inbox together: one write for all those finished within INBOX_REMOVAL_MS. A crash
  // before it replays them at the next start, as duplicates that change nothing and send nothing.
  let handledKeys: string[] = [];
  let removal: Promise<void> | undefined;
  function handled(updateId: number): Promise<void> {
    handledKeys.push(inboxKey(updateId));
    removal ??= sleep(stopping ? 0 : INBOX_REMOVAL_MS).then(async () => {
      const keys = handledKeys;
      handledKeys = [];
      removal = undefined;
      await service.store.inbox.remove(keys).catch(() => undefined); // left over: replayed (as duplicates) at the next start
    });
    return removal;
  }

  async function startPolling(): Promise<void> {
    const stored = await service.store.inbox.list("telegram", 10_000);
    const replay = stored
      .map((item) => JSON.parse(item.payload) as Update)
      .sort((a, b) => a.update_id - b.update_id);
    if (replay.length) log.info({ updates: replay.length }, "replaying updates fetched before the last stop");
    const sink = createConcurrentSink<Update>(
      {
        async consume(update) {
          try {
            await bot.handleUpdate(update);
          } finally {
            await handled(update.update_id);
          }
        },
      },
      async (error) => {
        await Promise.resolve(bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0])).catch(() => undefined);
      },
    );
    runner = createRunner(createSource(createPoller(replay)), sink);
    runner.start();
    // The poller never gives up on its own; should anything else end the loop, log it and start again.
    const task = runner.task();
    void task?.catch((error: unknown) => {
      log.error({ err: safeMessage(error) }, "polling stopped unexpectedly; restarting");
      if (!stopping) setTimeout(() => void startPolling().catch(() => undefined), 5_000).unref();
    });
  }

  const router = webhookMode ? Router() : undefined;
  if (router) {
    const callback = webhookCallback(bot, "express", { secretToken: config.TELEGRAM_WEBHOOK_SECRET, onTimeout: "return", timeoutMilliseconds: 9_000 });
    const secret = Buffer.from(config.TELEGRAM_WEBHOOK_SECRET ?? "");
    // grammY checks the secret too; this refuses strangers before reading a large body
    const fromTelegram: RequestHandler = (req, res, next) => {
      const given = Buffer.from(req.get("X-Telegram-Bot-Api-Secret-Token") ?? "");
      if (given.length === secret.length && timingSafeEqual(given, secret)) next();
      else res.status(401).json({ error: { code: "UNAUTHORIZED", message: "wrong secret token" } });
    };
    // Telegram's updates can be large (a 4,096-character message quoting another, a long caption): 1 MB
    router.post(WEBHOOK_PATH, fromTelegram, json({ limit: "1mb" }), async (req, res) => {
      try {
        await callback(req, res);
      } catch (error) {
        // A 5xx makes Telegram deliver the update again later. Never pass grammY's error on: it carries the
        // update (text, chat id) and the generic error handler would log it.
        log.warn({ err: safeMessage((error as { error?: unknown }).error ?? error) }, "webhook update not handled; Telegram will redeliver it");
        if (!res.headersSent) res.status(503).json({ error: { code: "STORAGE_UNAVAILABLE", message: "try again later" } });
      }
    });
  }

  return {
    bot,
    router,
    async start() {
      await bot.init();
      await setCommands(bot).catch((error: unknown) => log.warn({ err: safeMessage(error) }, "setMyCommands failed"));
      if (webhookMode) {
        if (config.TELEGRAM_WEBHOOK_URL) {
          await bot.api.setWebhook(new URL(WEBHOOK_PATH, config.TELEGRAM_WEBHOOK_URL).toString(), {
            secret_token: config.TELEGRAM_WEBHOOK_SECRET,
            allowed_updates: [...ALLOWED_UPDATES],
          });
        }
        log.info({ mode: "webhook" }, "telegram started");
        return;
      }
      await bot.api.deleteWebhook();
      await startPolling();
      log.info({ mode: "polling" }, "telegram started");
    },
    async stop() {
      stopping = true;
      // 1. no new updates: the open getUpdates is aborted (what it would have fetched stays with Telegram)
      if (runner) await runner.stop();
      // 2. finish every update already fetched (queued behind its chat's current one included), bounded:
      //    whatever is left stays in the inbox and is replayed at the next start
      const deadline = Date.now() + DRAIN_MS;
      while ((inFlight > 0 || (runner?.size() ?? 0) > 0) && Date.now() < deadline) {
        await whenIdle(Math.min(250, deadline - Date.now()));
        if (runner?.size()) await sleep(10);
      }
      // 3. their replies (whatever does not go out now is sent by the outbox after the restart)
      await Promise.race([Promise.allSettled([...flushes]), sleep(Math.max(0, deadline - Date.now()))]);
      if (inFlight > 0) log.warn({ inFlight }, "stopped with updates still in flight; they are replayed at the next start");
    },
    state: () => ({ telegram: { mode: webhookMode ? "webhook" : "polling", running: webhookMode || (runner?.isRunning() ?? false) } }),
  };
}

function sleep(ms: number, signal?: { aborted: boolean; addEventListener(type: "abort", listener: () => void): void }): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The command menu in Spanish (everyone's default) and English (clients set to English). */
export const COMMANDS = {
  es: [
    { command: "start", description: "Empezar" },
    { command: "menu", description: "Menú principal" },
    { command: "ayuda", description: "Ayuda y números de emergencia" },
    { command: "borrar", description: "Borrar esta conversación" },
  ],
  en: [
    { command: "start", description: "Start" },
    { command: "menu", description: "Main menu" },
    { command: "ayuda", description: "Help and emergency numbers" },
    { command: "borrar", description: "Erase this conversation" },
  ],
};

async function setCommands(bot: Bot): Promise<void> {
  await bot.api.setMyCommands(COMMANDS.es);
  await bot.api.setMyCommands(COMMANDS.en, { language_code: "en" });
}

/** Bot API failures → retry policy: blocked/unknown chats are permanent, 429 carries retry_after. */
function deliveryError(error: unknown): DeliveryError {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) return new DeliveryError("rate limited", false, (error.parameters.retry_after ?? 1) * 1000);
    if (error.error_code === 403 || (error.error_code === 400 && /chat not found|user is deactivated/i.test(error.description))) {
      return new DeliveryError(`telegram ${error.error_code}`, true);
    }
    return new DeliveryError(`telegram ${error.error_code}`, error.error_code < 500 && error.error_code !== 409);
  }
  if (error instanceof HttpError) return new DeliveryError("network error", false);
  return new DeliveryError("send failed", false);
}

/** Error text without anything from the request (grammY's messages can echo payloads). */
function safeMessage(error: unknown): string {
  if (error instanceof GrammyError) return `${error.method}: ${error.error_code}`;
  if (error instanceof HttpError) return "network error";
  return error instanceof Error ? error.name : "error";
}
