import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { failureReply } from "../../app/conversations/handle-inbound-message.ts";
import { composeService } from "../../compose.ts";
import { parseConfig } from "../../config/config.ts";
import type { InboundContent, OutboundMessage } from "../../core/messages.ts";
import { createLogger } from "../../logging.ts";

/**
 * `npm run chat`: the same service in a terminal. Buttons are shown as a numbered list; typing the number
 * presses the button. Type "salir" to erase the conversation, Ctrl+D to leave.
 */
async function main(): Promise<void> {
  const config = parseConfig({ LOG_LEVEL: "warn", ...process.env });
  const logger = createLogger(config.LOG_LEVEL, process.stderr as never);
  const service = await composeService(config, { logger });
  const chatRef = `terminal-${randomUUID()}`;
  let buttons: OutboundMessage["buttons"] = [];

  const print = (messages: OutboundMessage[]) => {
    for (const m of messages) {
      process.stdout.write(`\nbot> ${m.text.replace(/\n/g, "\n     ")}\n`);
      if (m.buttons?.length) {
        m.buttons.forEach((b, i) => {
          process.stdout.write(`     ${i + 1}) ${b.label}\n`);
        });
        buttons = m.buttons;
      }
      if (m.requestLocation)
        process.stdout.write("     (escribe el lugar, o «lat,lon» para una ubicación)\n");
    }
  };
  const send = async (content: InboundContent) => {
    try {
      const result = await service.handleInbound({
        channel: "terminal",
        chatRef,
        messageId: randomUUID(),
        content,
      });
      buttons = [];
      print(result.messages);
    } catch (error) {
      // Never silence: the person is told to try again, and where to call now; the chat goes on.
      logger.error({ err: error }, "terminal chat message failed");
      print([failureReply(error, config.DEFAULT_LOCALE, service.translator)]);
    }
  };

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  await send({ kind: "text", text: "hola" });
  process.stdout.write("\n> ");
  for await (const line of rl) {
    const text = line.trim();
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    const coords = /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(text);
    if (buttons?.[n - 1]) await send({ kind: "choice", id: buttons[n - 1]!.id });
    else if (coords)
      await send({ kind: "location", latitude: Number(coords[1]), longitude: Number(coords[2]) });
    else await send({ kind: "text", text: line });
    process.stdout.write("\n> ");
  }
  await service.close();
}

main().catch((error: unknown) => {
  console.error("chat failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
