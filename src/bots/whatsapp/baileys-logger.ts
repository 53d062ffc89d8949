import type { ILogger } from "@whiskeysockets/baileys/lib/Utils/logger.js";
import type { Logger } from "../../core/logger.ts";

/**
 * The logger handed to Baileys. Baileys logs whole objects (message keys, jids, push names, stanzas) at every
 * level, so nothing it passes is forwarded: only warnings and errors, as a fixed event with the error's class
 * name, and its message text with anything that looks like a jid or a phone number masked.
 */
export function baileysLogger(logger: Logger): ILogger {
  const forward = (level: "warn" | "error") => (obj: unknown, msg?: string) => {
    const error = obj instanceof Error ? obj : (obj as { err?: unknown } | undefined)?.err;
    const detail = typeof obj === "string" ? obj : msg;
    logger[level]({ source: "baileys", ...(error instanceof Error ? { error: error.name } : {}), ...(detail ? { detail: mask(detail) } : {}) }, "whatsapp library");
  };
  const quiet = () => {};
  const self: ILogger = { level: "warn", child: () => self, trace: quiet, debug: quiet, info: quiet, warn: forward("warn"), error: forward("error") };
  return self;
}

/** Jids (`…@s.whatsapp.net`, `…@lid`, `…@g.us`) and long digit runs (phone numbers) become "[redacted]". */
export function mask(text: string): string {
  return text
    .slice(0, 200)
    .replace(/[\w.+:-]+@[\w.-]+/g, "[redacted]")
    .replace(/\+?\d[\d\s-]{6,}\d/g, "[redacted]");
}
