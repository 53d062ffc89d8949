import type { Server } from "node:http";
import { createHttpApp } from "./api/http-server.ts";
import { createTelegramChannel } from "./bots/telegram/telegram-channel.ts";
import { webchatRouter } from "./bots/webchat/webchat-router.ts";
import { composeService } from "./compose.ts";
import { startOperatorAlerts } from "./console/alerts/operator-alerts.ts";
import { consoleRouter } from "./console/console-router.ts";
import { ConfigError, parseConfig } from "./config/config.ts";
import { createLogger } from "./logging.ts";

/** Composition root: configuration → storage → service → HTTP (web chat, health) and the enabled channels. */
async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const service = await composeService(config, { logger });
  const telegram = config.TELEGRAM_BOT_TOKEN ? createTelegramChannel(service, config) : undefined;
  // Baileys is large: load it only when WhatsApp is on
  const whatsapp = config.WHATSAPP_ENABLED
    ? (await import("./bots/whatsapp/whatsapp-channel.ts")).createWhatsAppChannel(service, config)
    : undefined;

  const operatorConsole = consoleRouter(service, { whatsapp });
  if (config.OPERATOR_ALERT_TELEGRAM_CHAT_ID) {
    if (telegram) startOperatorAlerts(service, { chatId: config.OPERATOR_ALERT_TELEGRAM_CHAT_ID });
    else logger.warn({}, "OPERATOR_ALERT_TELEGRAM_CHAT_ID is set but Telegram is off (TELEGRAM_BOT_TOKEN): no operator alerts");
  }
  const routers = [...(config.WEBCHAT_ENABLED ? [webchatRouter(service)] : []), operatorConsole];
  const app = createHttpApp({
    logger,
    ping: () => service.store.ping(),
    healthDetails: [...(telegram ? [() => telegram.state()] : []), ...(whatsapp ? [() => whatsapp.state()] : [])],
    routers,
    ownBodyRouters: telegram?.router ? [telegram.router] : [],
    trustProxy: config.TRUST_PROXY,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once("error", reject);
  });
  const stopJobs = service.startBackgroundJobs();
  await telegram?.start();
  // connects in the background: an unreachable WhatsApp never stops the rest of the service
  await whatsapp?.start();
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  logger.info(
    { port, host: config.HOST },
    `trata-bot listening: web chat at http://${config.HOST}:${port}/chat`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // 1. take no new work: no new HTTP requests (webhook updates, web chat, console), no new polled updates
    const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections?.();
    operatorConsole.close();
    // 2. finish what is in flight, with the database still open: updates and their replies, then the HTTP
    //    requests still running (a webhook update is answered once handled), each bounded
    await Promise.all([telegram?.stop(), whatsapp?.stop()]);
    await Promise.race([httpClosed, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    server.closeAllConnections?.();
    // 3. then the background jobs and the database
    await stopJobs();
    await service.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("trata-bot failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
