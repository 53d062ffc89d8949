import { autoRetry } from "@grammyjs/auto-retry";
import { type RunnerHandle, run, sequentialize } from "@grammyjs/runner";
import { Router } from "express";
import { Bot, GrammyError, HttpError, webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import { failureReply } from "../../app/conversations/handle-inbound-message.ts";
import { DeliveryError } from "../../app/outbox/delivery-error.ts";
import type { MessageSender } from "../../app/outbox/outbox-dispatcher.ts";
import type { Service } from "../../compose.ts";
import type { Config } from "../../config/config.ts";
import { MAX_PHOTO_BYTES } from "../../app/media/accept-photo.ts";
import { intakePhoto, readLimited } from "../photo-intake.ts";
import { mapUpdate } from "./map-update.ts";
import { renderTelegram } from "./render-telegram.ts";

export interface TelegramChannel {
  bot: Bot;
  /** Express router for webhook mode (mount before the 404 handler); undefined in polling mode */
  router: Router | undefined;
  start(): Promise<void>;
  /** stop fetching, finish in-flight updates */
  stop(): Promise<void>;
  /** for /healthz */
  state(): { telegram: { mode: string; running: boolean } };
}

export const WEBHOOK_PATH = "/telegram/webhook";

/**
 * The Telegram adapter (grammY): maps updates to inbound messages, lets the service handle them (ordered per
 * chat, deduplicated by update id), and delivers replies through the outbox with this bot as the sender.
 * Logs carry the update type and timings only: never chat ids, usernames, names or text.
 */
export function createTelegramChannel(service: Service, config: Config): TelegramChannel {
  const log = service.logger.child({ channel: "telegram" });
  const bot = new Bot(config.TELEGRAM_BOT_TOKEN!, { client: { apiRoot: config.TELEGRAM_API_ROOT } });
  // 429s are waited out here (short); 5xx and network errors go back to the outbox, which retries with backoff
  // without holding up the chat's other updates.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 30, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));

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

  let inFlight = 0;
  let drained: (() => void) | undefined;
  bot.use(sequentialize((ctx) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  bot.use(async (ctx) => {
    inFlight++;
    const started = Date.now();
    try {
      await handleUpdate(ctx.update);
    } finally {
      inFlight--;
      if (inFlight === 0) drained?.();
      log.debug({ type: Object.keys(ctx.update).find((k) => k !== "update_id"), ms: Date.now() - started }, "update handled");
    }
  });
  bot.catch((error) => {
    log.error({ err: error.error instanceof Error ? { name: error.error.name, message: safeMessage(error.error) } : "unknown" }, "update failed");
  });

  async function handleUpdate(update: Update): Promise<void> {
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
    if (mapped.callbackQueryId) {
      // Answer every press at once (the spinner stops) and take the keyboard away so it can't be pressed twice.
      await bot.api.answerCallbackQuery(mapped.callbackQueryId).catch(() => undefined);
      if (mapped.pressedMessageId !== undefined) {
        await bot.api.editMessageReplyMarkup(inbound.chatRef, mapped.pressedMessageId, { reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
      }
    }
    try {
      const result = await service.handleInbound(inbound);
      await service.outbox.flushConversation(result.conversationId);
    } catch (error) {
      log.error({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, "inbound failed");
      // Never silence: whatever broke, the person is told how to get help now.
      await sender.send(inbound.chatRef, failureReply(error, config.DEFAULT_LOCALE, service.translator)).catch(() => undefined);
    }
  }

  /** getFile, then the file itself; undefined when Telegram says it is larger than we accept */
  async function downloadFile(fileId: string): Promise<Buffer | undefined> {
    const file = await bot.api.getFile(fileId);
    if (!file.file_path || (file.file_size ?? 0) > MAX_PHOTO_BYTES) return undefined;
    const url = `${config.TELEGRAM_API_ROOT}/file/bot${config.TELEGRAM_BOT_TOKEN}/${file.file_path}`;
    return readLimited(await fetch(url, { signal: AbortSignal.timeout(30_000) }));
  }

  let runner: RunnerHandle | undefined;
  const webhookMode = config.TELEGRAM_MODE === "webhook";
  const router = webhookMode ? Router() : undefined;
  if (router) {
    router.post(WEBHOOK_PATH, webhookCallback(bot, "express", { secretToken: config.TELEGRAM_WEBHOOK_SECRET, onTimeout: "return", timeoutMilliseconds: 9_000 }));
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
            allowed_updates: ["message", "edited_message", "callback_query"],
          });
        }
        log.info({ mode: "webhook" }, "telegram started");
        return;
      }
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: { fetch: { allowed_updates: ["message", "edited_message", "callback_query"] }, silent: true },
      });
      log.info({ mode: "polling" }, "telegram started");
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
      // finish in-flight updates (bounded: a shutdown must not hang on a slow network)
      if (inFlight > 0) await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((r) => setTimeout(r, 15_000))]);
    },
    state: () => ({ telegram: { mode: webhookMode ? "webhook" : "polling", running: webhookMode || (runner?.isRunning() ?? false) } }),
  };
}

async function setCommands(bot: Bot): Promise<void> {
  const es = [
    { command: "start", description: "Empezar" },
    { command: "menu", description: "Menú principal" },
    { command: "ayuda", description: "Ayuda y números de emergencia" },
    { command: "borrar", description: "Borrar esta conversación" },
  ];
  const en = [
    { command: "start", description: "Start" },
    { command: "menu", description: "Main menu" },
    { command: "ayuda", description: "Help and emergency numbers" },
    { command: "borrar", description: "Erase this conversation" },
  ];
  await bot.api.setMyCommands(es);
  await bot.api.setMyCommands(en, { language_code: "en" });
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

