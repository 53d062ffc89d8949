import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTelegramChannel, type TelegramChannel } from "../../src/bots/telegram/telegram-channel.ts";
import { type ComposeOptions, composeService, type Service } from "../../src/compose.ts";
import { type Config, parseConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { FakeTelegramBotApi } from "../fakes/telegram-bot-api.ts";

type Keyboard = { inline_keyboard?: { text: string; callback_data: string }[][]; keyboard?: { text: string; request_location?: boolean }[][] };

export interface TelegramHarness {
  api: FakeTelegramBotApi;
  service: Service;
  channel: TelegramChannel;
  config: Config;
  dataDir: string;
  messagesTo(chat: number): Record<string, unknown>[];
  textsTo(chat: number): string[];
  /** presses an inline button of the last keyboard sent to the chat */
  press(chat: number, label: string): number;
  hasButton(chat: number, label: string): boolean;
  /** acts, then waits until the bot has answered and gone quiet */
  step(chat: number, act: () => number | void): Promise<void>;
  /** files a report from /start to the receipt; returns the receipt code */
  fileReport(chat: number, options: { kind?: string; description: string; location?: { latitude: number; longitude: number } }): Promise<string>;
  cleanup(): Promise<void>;
}

export const CODE_PATTERN = /[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}/;

/** The real service and Telegram channel (polling) against a fake Bot API server on loopback, on a temp SQLite. */
export async function startTelegramHarness(
  env: Record<string, string> = {},
  options: Partial<ComposeOptions> = {},
  api: FakeTelegramBotApi = new FakeTelegramBotApi(),
): Promise<TelegramHarness> {
  await api.start();
  const dataDir = mkdtempSync(join(tmpdir(), "trata-bot-tgh-"));
  const config = parseConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${join(dataDir, "db.sqlite")}`,
    TELEGRAM_BOT_TOKEN: "123:TEST",
    TELEGRAM_API_ROOT: `http://127.0.0.1:${api.port}`,
    ...env,
  });
  const service = await composeService(config, {
    logger: silentLogger,
    floodGate: { burst: 1000, refillMs: 1, maxQueued: 1000 },
    ...options,
  });
  const channel = createTelegramChannel(service, config);
  await channel.start();

  const messagesTo = (chat: number) => api.sent("sendMessage", chat);
  const lastKeyboard = (chat: number): Keyboard =>
    (messagesTo(chat).filter((m) => m.reply_markup).at(-1)?.reply_markup ?? {}) as Keyboard;
  const buttons = (chat: number) => (lastKeyboard(chat).inline_keyboard ?? []).flat();
  const press = (chat: number, label: string) => {
    const button = buttons(chat).find((b) => b.text === label);
    if (!button) throw new Error(`no button ${label}: ${JSON.stringify(lastKeyboard(chat))}`);
    return api.pushCallback(chat, button.callback_data);
  };
  const step = async (chat: number, act: () => number | void) => {
    const before = messagesTo(chat).length;
    act();
    await api.waitFor(() => messagesTo(chat).length > before);
    for (let seen = -1; seen !== messagesTo(chat).length; ) {
      seen = messagesTo(chat).length;
      await new Promise((r) => setTimeout(r, 120));
    }
  };
  const textsTo = (chat: number) => messagesTo(chat).map((m) => String(m.text));

  return {
    api,
    service,
    channel,
    config,
    dataDir,
    messagesTo,
    textsTo,
    press,
    hasButton: (chat, label) => buttons(chat).some((b) => b.text === label),
    step,
    async fileReport(chat, { kind = "Oferta sospechosa", description, location = { latitude: -12.593, longitude: -69.189 } }) {
      await step(chat, () => api.pushText(chat, "/start"));
      await step(chat, () => press(chat, "Español"));
      await step(chat, () => press(chat, "Reportar algo"));
      // an emergency is said at once (after the kind, or the description) and asks whether to go on
      const goOn = async () => {
        if (buttons(chat).some((b) => b.text === "Seguir el reporte")) await step(chat, () => press(chat, "Seguir el reporte"));
      };
      await step(chat, () => press(chat, kind));
      await goOn();
      await step(chat, () => api.pushText(chat, description));
      await goOn();
      await step(chat, () => api.pushLocation(chat, location.latitude, location.longitude));
      // the remaining questions, whatever their order: answer the safe default until the receipt comes
      for (let i = 0; i < 10 && !textsTo(chat).some((t) => CODE_PATTERN.test(t)); i++) {
        const label = ["Enviar", "Esta semana", "No", "Saltar"].find((l) => buttons(chat).some((b) => b.text === l));
        if (!label) throw new Error(`stuck at: ${textsTo(chat).at(-1)}`);
        await step(chat, () => press(chat, label));
      }
      const receipt = textsTo(chat).find((t) => CODE_PATTERN.test(t));
      if (!receipt) throw new Error("no receipt");
      return CODE_PATTERN.exec(receipt)![0];
    },
    async cleanup() {
      await channel.stop();
      await service.close();
      await api.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
