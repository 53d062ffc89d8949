import pino from "pino";
import type { Logger } from "./core/logger.ts";

/**
 * pino with a redaction safety net: even if a field slips into a log call, these paths are censored. The real
 * rule is upstream: log calls pass no message text, chat ids, phone numbers, names, coordinates or case codes.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          "text",
          "*.text",
          "chatId",
          "*.chatId",
          "chatRef",
          "*.chatRef",
          "phone",
          "*.phone",
          "name",
          "*.name",
          "caseCode",
          "*.caseCode",
          "latitude",
          "longitude",
          "*.latitude",
          "*.longitude",
          "address",
          "*.address",
          "ip",
          "*.ip",
          "req.headers",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  ) as unknown as Logger;
}
