import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHttpApp } from "../../../src/api/http-server.ts";
import { createTelegramChannel, type TelegramChannel, WEBHOOK_PATH } from "../../../src/bots/telegram/telegram-channel.ts";
import { composeService, type Service } from "../../../src/compose.ts";
import { parseConfig } from "../../../src/config/config.ts";
import { silentLogger } from "../../../src/core/logger.ts";
import type { PrismaStore } from "../../../src/storage/prisma-store.ts";
import { FakeTelegramBotApi } from "../../fakes/telegram-bot-api.ts";

type Keyboard = { inline_keyboard?: { text: string; callback_data: string }[][]; keyboard?: { text: string; request_location?: boolean }[][] };

describe("Telegram channel against a fake Bot API", () => {
  let api: FakeTelegramBotApi;
  let service: Service;
  let channel: TelegramChannel;
  let dataDir: string;

  async function boot(env: Record<string, string> = {}) {
    const config = parseConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${join(dataDir, "db.sqlite")}`,
      TELEGRAM_BOT_TOKEN: "123:TEST",
      TELEGRAM_API_ROOT: `http://127.0.0.1:${api.port}`,
      ...env,
    });
    service = await composeService(config, { logger: silentLogger, floodGate: { burst: 1000, refillMs: 1, maxQueued: 1000 } });
    channel = createTelegramChannel(service, config);
    return config;
  }

  beforeEach(async () => {
    api = new FakeTelegramBotApi();
    await api.start();
    dataDir = mkdtempSync(join(tmpdir(), "trata-bot-tg-"));
  });
  afterEach(async () => {
    await channel?.stop();
    await service?.close();
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const messagesTo = (chat: number) => api.sent("sendMessage", chat);
  const lastKeyboard = (chat: number): Keyboard => (messagesTo(chat).filter((m) => m.reply_markup).at(-1)?.reply_markup ?? {}) as Keyboard;
  const press = (chat: number, label: string) => {
    const button = (lastKeyboard(chat).inline_keyboard ?? []).flat().find((b) => b.text === label);
    if (!button) throw new Error(`no button ${label}: ${JSON.stringify(lastKeyboard(chat))}`);
    return api.pushCallback(chat, button.callback_data);
  };
  /** Acts, then waits until the bot has answered and gone quiet (a reply can be several messages). */
  async function step(chat: number, act: () => number | void) {
    const before = messagesTo(chat).length;
    act();
    await api.waitFor(() => messagesTo(chat).length > before);
    for (let seen = -1; seen !== messagesTo(chat).length; ) {
      seen = messagesTo(chat).length;
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  it("should run /start → language → a report with a location share → case code, in polling mode", async () => {
    await boot();
    await channel.start();
    const commandSets = api.sent("setMyCommands");
    expect(commandSets.map((c) => c.language_code ?? "default")).toEqual(["default", "en"]);
    for (const set of commandSets) {
      expect((set.commands as { command: string }[]).map((c) => c.command)).toEqual(["start", "menu", "ayuda", "borrar"]);
    }
    expect((commandSets[0]!.commands as { description: string }[])[2]!.description).toContain("Ayuda");
    expect((commandSets[1]!.commands as { description: string }[])[2]!.description).toContain("Help");
    expect(api.calls.some((c) => c.method === "deleteWebhook")).toBe(true);
    const chat = 5551001;
    await step(chat, () => api.pushText(chat, "/start"));
    await step(chat, () => press(chat, "Español"));
    await step(chat, () => press(chat, "Reportar algo"));
    await step(chat, () => press(chat, "Oferta sospechosa"));
    await step(chat, () => api.pushText(chat, "Ofrecen trabajo en la mina con pasaje pagado"));
    expect(lastKeyboard(chat).keyboard?.[0]?.[0]).toMatchObject({ request_location: true });
    await step(chat, () => api.pushLocation(chat, -12.593, -69.189));
    await step(chat, () => press(chat, "Esta semana"));
    await step(chat, () => press(chat, "No"));
    await step(chat, () => press(chat, "Saltar"));
    expect(String(messagesTo(chat).at(-1)!.text)).toContain("Tambopata");
    let sendId = 0;
    await step(chat, () => (sendId = press(chat, "Enviar")));
    const texts = messagesTo(chat).map((m) => String(m.text)).join("\n");
    const code = /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/.exec(texts)?.[0];
    expect(code).toBeDefined();
    expect(texts).toContain("1818");
    const presses = api.calls.filter((c) => c.method === "answerCallbackQuery").length;
    expect(presses).toBeGreaterThanOrEqual(7);
    expect(api.sent("editMessageReplyMarkup").length).toBeGreaterThanOrEqual(7);

    // Telegram delivers the "Enviar" press again (it never saw the confirmation): no second report, no second reply
    const before = messagesTo(chat).length;
    api.redeliver(sendId);
    await api.waitFor(() => api.calls.filter((c) => c.method === "answerCallbackQuery").length > presses);
    await new Promise((r) => setTimeout(r, 400));
    expect(messagesTo(chat).length).toBe(before);
    expect(messagesTo(chat).filter((m) => String(m.text).includes(code!))).toHaveLength(1);
    expect(await (service.store as PrismaStore).db.report.count()).toBe(1);
  });

  it("should answer a stale keyboard with the current step, and a redelivered update only once", async () => {
    await boot();
    await channel.start();
    const chat = 5551002;
    await step(chat, () => api.pushText(chat, "hola"));
    const languageKeyboard = lastKeyboard(chat);
    await step(chat, () => press(chat, "Español"));
    const staleId = languageKeyboard.inline_keyboard![0]![0]!.callback_data;
    await step(chat, () => api.pushCallback(chat, staleId));
    expect(String(messagesTo(chat).at(-1)!.text)).toMatch(/paso anterior|¿Qué quieres hacer\?/);

    const before = messagesTo(chat).length;
    const updateId = api.pushText(chat, "6");
    await api.waitFor(() => messagesTo(chat).length > before);
    await new Promise((r) => setTimeout(r, 200));
    const afterFirst = messagesTo(chat).length;
    const fetches = api.calls.filter((c) => c.method === "getUpdates").length;
    api.redeliver(updateId); // the same update again (Telegram never saw it confirmed)
    await api.waitFor(() => api.calls.filter((c) => c.method === "getUpdates").length > fetches + 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(messagesTo(chat).length).toBe(afterFirst);
  });

  it("should wait out a 429 and deliver, and keep a failed send for later", async () => {
    await boot();
    await channel.start();
    const chat = 5551003;
    api.failNext("sendMessage", 1, 429, 1);
    api.pushText(chat, "hola");
    await api.waitFor(() => messagesTo(chat).length >= 3); // the refused attempt + the two replies
    expect(api.calls.filter((c) => c.method === "sendMessage").length).toBe(3);
    api.failNext("sendMessage", 10, 500);
    api.pushText(chat, "1");
    await new Promise((r) => setTimeout(r, 800));
    const pending = await service.store.outbox.pendingFor(service.identity.conversationId("telegram", String(chat)));
    expect(pending.length).toBeGreaterThan(0);
  });

  it("should keep polling through 409 conflicts (another instance polling) and answer afterwards", async () => {
    await boot();
    await channel.start();
    api.failNext("getUpdates", 3, 409);
    const chat = 5551006;
    await step(chat, () => api.pushText(chat, "hola"));
    expect(messagesTo(chat).length).toBeGreaterThan(0);
    expect(channel.state().telegram.running).toBe(true);
  });

  it("should answer /ayuda with the emergency numbers and wipe the conversation on /borrar", async () => {
    await boot();
    await channel.start();
    const chat = 5551007;
    await step(chat, () => api.pushText(chat, "/start"));
    await step(chat, () => press(chat, "Español"));
    await step(chat, () => api.pushText(chat, "/ayuda"));
    expect(messagesTo(chat).slice(-3).map((m) => String(m.text)).join("\n")).toMatch(/105/);
    const db = (service.store as PrismaStore).db;
    expect(await db.conversation.count()).toBe(1);
    await step(chat, () => api.pushText(chat, "/borrar")); // the goodbye still arrives: the address went with the wipe
    expect(String(messagesTo(chat).at(-1)!.text)).toContain("borramos esta conversación");
    expect(await db.conversation.count()).toBe(0);
    expect(await db.chatAddress.count()).toBe(0);
    expect(await db.outboxMessage.count()).toBe(0); // sent unstored
    expect(await db.processedInbound.count()).toBe(0);

    // «borrar» right behind another message: that message's replies first, the goodbye last
    await step(chat, () => {
      api.pushText(chat, "hola");
      api.pushText(chat, "/borrar");
    });
    expect(String(messagesTo(chat).at(-1)!.text)).toContain("borramos esta conversación");
    expect(await db.conversation.count()).toBe(0);
    expect(await db.outboxMessage.count()).toBe(0);
  });

  it("should split a long text below Telegram's limit and keep only a photo's file_id", async () => {
    await boot();
    await channel.start();
    const chat = 5551008;
    await step(chat, () => api.pushText(chat, "hola"));
    const conversationId = service.identity.conversationId("telegram", String(chat));
    const paragraph = "Línea 1818 opción 1, CEM, 105. ".repeat(40);
    const long = Array.from({ length: 8 }, () => paragraph).join("\n");
    expect(long.length).toBeGreaterThan(8192);
    await service.store.outbox.enqueue([{ id: "long-1", conversationId, channel: "telegram", message: { text: long }, sourceKey: "test-long", seq: 0, createdAt: new Date() }]);
    const before = messagesTo(chat).length;
    await service.outbox.flushConversation(conversationId);
    const parts = messagesTo(chat).slice(before).map((m) => String(m.text));
    expect(parts.length).toBe(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join("\n")).toBe(long);

    await step(chat, () => api.pushPhoto(chat, "AgACAgQAAxkBAAIBFILE-ID"));
    const stored = JSON.stringify(await (service.store as PrismaStore).db.processedInbound.findMany());
    expect(stored).not.toContain("FILE-ID"); // encrypted like everything the person sent
  });

  it("should answer every button press, in groups and without a message too", async () => {
    await boot();
    await channel.start();
    const group = -100300;
    api.push({ callback_query: { id: "cb-group", from: { id: 5551009, is_bot: false, first_name: "x" }, chat_instance: "y", data: "x.y", message: { message_id: 3, date: 0, chat: { id: group, type: "supergroup" }, text: "…" } } });
    api.push({ callback_query: { id: "cb-inline", from: { id: 5551009, is_bot: false, first_name: "x" }, chat_instance: "y", data: "x.y", inline_message_id: "im1" } });
    await api.waitFor(() => api.sent("answerCallbackQuery").length >= 2);
    expect(api.sent("answerCallbackQuery").map((c) => c.callback_query_id).sort()).toEqual(["cb-group", "cb-inline"]);
    await api.waitFor(() => messagesTo(group).length > 0);
    expect(String(messagesTo(group)[0]!.text)).toContain("chats privados");
  });

  it("should reply to groups only with a note and politely ignore edits", async () => {
    await boot();
    await channel.start();
    await step(-100200, () => api.pushText(-100200, "hola", "group"));
    expect(String(messagesTo(-100200)[0]!.text)).toContain("chats privados");
    await step(5551004, () => api.pushEdited(5551004, "cambio"));
    expect(String(messagesTo(5551004)[0]!.text)).toContain("editaste");
    expect(await (service.store as PrismaStore).db.conversation.count()).toBe(0);
  });

  it("should accept webhook updates with the right secret only", async () => {
    const config = await boot({ TELEGRAM_MODE: "webhook", TELEGRAM_WEBHOOK_SECRET: "s3cret-token-0123456789", TELEGRAM_WEBHOOK_URL: "https://bot.example.org" });
    await channel.start();
    expect(api.webhookUrl).toBe(`https://bot.example.org${WEBHOOK_PATH}`);
    expect(api.webhookSecret).toBe(config.TELEGRAM_WEBHOOK_SECRET);
    const app = createHttpApp({ logger: silentLogger, ping: async () => true, routers: [], ownBodyRouters: [channel.router!] });
    const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5551005, type: "private" }, from: { id: 5551005, is_bot: false, first_name: "x" }, text: "hola" } };
    const wrong = await request(app).post(WEBHOOK_PATH).set("X-Telegram-Bot-Api-Secret-Token", "wrong").send(update);
    expect(wrong.status).toBe(401);
    const missing = await request(app).post(WEBHOOK_PATH).send(update);
    expect(missing.status).toBe(401);
    expect(messagesTo(5551005)).toHaveLength(0);
    const ok = await request(app).post(WEBHOOK_PATH).set("X-Telegram-Bot-Api-Secret-Token", config.TELEGRAM_WEBHOOK_SECRET!).send(update);
    expect(ok.status).toBe(200);
    await api.waitFor(() => messagesTo(5551005).length > 0);

    // a real update can be far larger than the web chat's JSON limit (a 4,096-character text plus the message it answers)
    const text = "ñ".repeat(4096); // 4,096 characters, 8 kB of UTF-8
    const big = { update_id: 2, message: { ...update.message, message_id: 2, text, reply_to_message: { message_id: 1, date: 0, chat: update.message.chat, text } } };
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(16_384);
    const answered = messagesTo(5551005).length;
    const large = await request(app).post(WEBHOOK_PATH).set("X-Telegram-Bot-Api-Secret-Token", config.TELEGRAM_WEBHOOK_SECRET!).send(big);
    expect(large.status).toBe(200);
    await api.waitFor(() => messagesTo(5551005).length > answered); // its reply, sent after the update was answered
    await new Promise((r) => setTimeout(r, 200));

    // the database is gone: answer 5xx so Telegram delivers the update again, and send no apology
    await service.store.close();
    const sentBefore = messagesTo(5551005).length;
    const later = { ...update, update_id: 3, message: { ...update.message, message_id: 3 } };
    const unavailable = await request(app).post(WEBHOOK_PATH).set("X-Telegram-Bot-Api-Secret-Token", config.TELEGRAM_WEBHOOK_SECRET!).send(later);
    expect(unavailable.status).toBeGreaterThanOrEqual(500);
    expect(messagesTo(5551005).length).toBe(sentBefore);
  });
});
