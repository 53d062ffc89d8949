import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");
const hexKey = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes), e.g. `openssl rand -hex 32`")
  .optional();

/**
 * Every setting the service reads from the environment, parsed once at start-up. Defaults are safe for a
 * laptop: loopback only, embedded SQLite under ./data, no channel tokens.
 */
export const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql://")
    .default("file:./data/trata-bot.db"),
  DATA_DIR: z.string().min(1).default("./data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DEFAULT_LOCALE: z.enum(["es", "en", "qu"]).default("es"),
  /** HMAC key for pseudonyms; generated into DATA_DIR/secrets.json when unset */
  PSEUDONYM_KEY: hexKey,
  /** AES-256-GCM key for encrypted fields; generated into DATA_DIR/secrets.json when unset */
  DATA_KEY: hexKey,
  /** earlier DATA_KEYs (comma-separated, 64 hex each), still accepted to decrypt while `keys resume` re-encrypts */
  DATA_KEYS_PREVIOUS: z
    .string()
    .regex(/^\s*[0-9a-fA-F]{64}\s*(,\s*[0-9a-fA-F]{64}\s*)*$/, "comma-separated keys of 64 hex characters")
    .optional(),
  /** minutes a question waits before the next message starts fresh */
  WAIT_TIMEOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** minutes after which an unanswered question gets one gentle reminder */
  REMINDER_AFTER_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(20),
  WEBCHAT_ENABLED: bool.default(true),
  /** web chat requests per minute from one client address (in memory, the address is never logged or stored) */
  WEBCHAT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** new web chat conversations one client address may open in 10 minutes */
  WEBCHAT_NEW_CONVERSATIONS_PER_CLIENT: z.coerce.number().int().min(1).default(20),
  /** new web chat conversations per minute, all clients together (beyond: "try again in a few minutes") */
  WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** web chat reports per hour, all clients together, before conversations are slowed down (never dropped) */
  WEBCHAT_REPORTS_PER_HOUR: z.coerce.number().int().min(1).default(200),
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
  TELEGRAM_MODE: z.enum(["polling", "webhook"]).default("polling"),
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A-Z a-z 0-9 _ -")
    .optional(),
  WHATSAPP_ENABLED: bool.default(false),
  WHATSAPP_PAIRING_NUMBER: z
    .string()
    .regex(/^\d{8,15}$/, "digits only, with country code (e.g. 51987654321)")
    .optional(),
  /** least time between two WhatsApp sends (all chats together, plus jitter): unofficial clients that send fast get banned */
  WHATSAPP_SEND_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(350),
  /** WhatsApp Web's WebSocket address (Baileys' default when unset); tests point it at loopback */
  WHATSAPP_WS_URL: z.url().optional(),
  /**
   * seconds an instance holds the outbox messages it is sending; when it dies, another instance (or the
   * restarted one) sends them after this. Longer than any one send (429s are waited out for up to 30 s).
   */
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  OPERATOR_ALERT_TELEGRAM_CHAT_ID: z
    .string()
    .regex(/^-?\d+$/)
    .optional(),
  CONSOLE_REQUIRE_TOTP: bool.default(false),
  /** set when the console is served behind TLS so cookies get the Secure flag */
  TRUST_PROXY: bool.default(false),
  RETENTION_SESSION_HOURS: z.coerce.number().int().min(1).default(24),
  RETENTION_CLOSED_REPORT_DAYS: z.coerce.number().int().min(1).default(365),
  RETENTION_TECHNICAL_DAYS: z.coerce.number().int().min(1).default(7),
  RETENTION_AUDIT_DAYS: z.coerce.number().int().min(1).default(730),
});

export type Config = z.infer<typeof ZConfig>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; the error lists every bad variable by name (never its value: it may be a secret). */
export function parseConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  // Empty strings mean "unset" (a common .env habit), so defaults apply.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = ZConfig.safeParse(cleaned);
  if (result.success) {
    const config = result.data;
    if (config.TELEGRAM_MODE === "webhook" && config.TELEGRAM_BOT_TOKEN && !config.TELEGRAM_WEBHOOK_SECRET) {
      throw new ConfigError(
        "Invalid configuration:\n  TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook",
      );
    }
    return config;
  }
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}
