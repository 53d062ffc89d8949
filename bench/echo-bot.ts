/**
 * The bare grammY echo bot the Telegram benchmark compares the pipeline with: the same runner and per-chat
 * ordering as the real adapter, and one reply per message. Run as its own process, like the service.
 */
import { run, sequentialize } from "@grammyjs/runner";
import { Bot } from "grammy";

const bot = new Bot("1:ECHO", { client: { apiRoot: process.env.TELEGRAM_API_ROOT! } });
bot.use(sequentialize((ctx) => String(ctx.chat?.id)));
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
await bot.init();
const runner = run(bot);
process.once("SIGTERM", () => void runner.stop().then(() => process.exit(0)));
