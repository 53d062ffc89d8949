import makeWASocket, {
  Browsers,
  downloadMediaMessage,
  makeCacheableSignalKeyStore,
  normalizeMessageContent,
  type AuthenticationState,
  type proto,
  type WAMessage,
  type WAMessageKey,
  type WASocket,
} from "@whiskeysockets/baileys";
import type { ILogger } from "@whiskeysockets/baileys/lib/Utils/logger.js";
import { LRUCache } from "lru-cache";
import PQueue from "p-queue";
import qrcodeTerminal from "qrcode-terminal";
import { KeyedMutex } from "../../app/conversation-lock.ts";
import { MAX_PHOTO_BYTES } from "../../app/media/accept-photo.ts";
import { failureReply } from "../../app/conversations/handle-inbound-message.ts";
import { DeliveryError } from "../../app/outbox/delivery-error.ts";
import type { MessageSender } from "../../app/outbox/outbox-dispatcher.ts";
import type { Service } from "../../compose.ts";
import type { Config } from "../../config/config.ts";
import { intakePhoto } from "../photo-intake.ts";
import { baileysLogger } from "./baileys-logger.ts";
import { useDatabaseAuthState } from "./database-auth-state.ts";
import { mapWhatsAppMessage } from "./map-message.ts";
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF, decideReconnect } from "./reconnect-policy.ts";
import { renderWhatsApp, type WhatsAppHints } from "./render-whatsapp.ts";

/** The part of a Baileys socket the adapter uses (tests pass a fake with the same shapes). */
export type WhatsAppSocket = Pick<WASocket, "ev" | "sendMessage" | "end" | "requestPairingCode">;

export interface SocketOptions {
  auth: AuthenticationState;
  logger: ILogger;
  getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined>;
}
export type SocketFactory = (options: SocketOptions) => WhatsAppSocket;

export type WhatsAppConnection =
  | "connecting"
  | "needs_pairing"
  | "open"
  | "waiting_to_reconnect"
  /** stopped until an admin acts (logged out, replaced by another session, refused) */
  | "stopped";

export interface WhatsAppStatus {
  connection: WhatsAppConnection;
  /** why it is not connected (a disconnect reason such as logged_out, closed_408) */
  reason?: string;
  /** what an admin should do (for stopped connections) */
  instruction?: string;
  /** the QR to scan while pairing (admins only: the console, the terminal; never /healthz) */
  qr?: string;
  /** the pairing code while pairing with WHATSAPP_PAIRING_NUMBER */
  pairingCode?: string;
  /** closes in a row since the last successful connection */
  reconnectAttempts: number;
  nextRetryAt?: Date;
}

export interface WhatsAppChannel {
  start(): Promise<void>;
  /** stop receiving, finish in-flight messages, close the socket */
  stop(): Promise<void>;
  /** for /healthz: the connection state only */
  state(): { whatsapp: { connection: WhatsAppConnection; reconnectAttempts: number; reason?: string } };
  /** for the console's admin page */
  status(): WhatsAppStatus;
  /** admin action: connect again now; `clearAuth` forgets the paired device first (a new QR) */
  restart(options: { clearAuth: boolean }): Promise<void>;
}

export interface WhatsAppChannelOptions {
  socketFactory?: SocketFactory;
  backoff?: BackoffOptions;
  /** where the QR and the pairing code are shown (the terminal by default) */
  print?: (text: string) => void;
  /** fetches and decrypts a media message's bytes (Baileys' downloadMediaMessage by default; tests fake it) */
  downloadMedia?: (message: WAMessage) => Promise<Buffer>;
}

const NOT_CONNECTED_RETRY_MS = 5_000;

/**
 * The WhatsApp adapter (Baileys, an unofficial WhatsApp Web client). Messages become inbound messages for the
 * service (ordered per chat, deduplicated by message id); replies go through the outbox with this socket as
 * the sender, as numbered text menus, one send at a time across all chats with a minimum interval and jitter
 * (fast unofficial clients get banned). Auth state lives in the database. Reconnects follow
 * `decideReconnect`. Logs carry states and counts only: never jids, push names or message content.
 */
export function createWhatsAppChannel(service: Service, config: Config, options: WhatsAppChannelOptions = {}): WhatsAppChannel {
  const log = service.logger.child({ channel: "whatsapp" });
  const socketFactory = options.socketFactory ?? baileysSocketFactory(config);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const maxAgeMs = config.RETENTION_TECHNICAL_DAYS * 24 * 60 * 60_000;

  let sock: WhatsAppSocket | undefined;
  let status: WhatsAppStatus = { connection: "stopped", reconnectAttempts: 0 };
  let stopped = true;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const chats = new KeyedMutex();
  // recently sent messages, for Baileys' retry requests (a phone that could not decrypt asks again)
  const sent = new LRUCache<string, proto.IMessage>({ max: 2_000, ttl: 10 * 60_000 });
  const interval = config.WHATSAPP_SEND_INTERVAL_MS;
  const sendQueue = new PQueue({ concurrency: 1, ...(interval > 0 ? { interval, intervalCap: 1 } : {}) });

  const hints = (locale: string): WhatsAppHints => ({
    replyWithNumber: (max) => service.translator.t(locale, "whatsapp.reply_with_number", { max }),
    shareLocation: service.translator.t(locale, "whatsapp.share_location"),
    skipHint: (word) => service.translator.t(locale, "whatsapp.skip_hint", { word }),
  });

  const sender: MessageSender = {
    async send(address, message) {
      const text = renderWhatsApp(message, hints(message.locale ?? config.DEFAULT_LOCALE));
      await sendQueue.add(async () => {
        if (interval > 0) await sleep(Math.random() * interval * 0.5);
        const current = sock;
        if (!current || status.connection !== "open") throw new DeliveryError("whatsapp not connected", false, NOT_CONNECTED_RETRY_MS);
        let result: WAMessage | undefined;
        try {
          result = await current.sendMessage(address, { text });
        } catch {
          throw new DeliveryError("whatsapp send failed", false);
        }
        if (result?.key.id && result.message) sent.set(result.key.id, result.message);
      });
    },
    ready: () => status.connection === "open",
  };
  service.outbox.register("whatsapp", sender);

  async function receive(message: WAMessage): Promise<void> {
    const mapped = mapWhatsAppMessage(message, service.clock.now(), maxAgeMs);
    if (mapped.kind === "skip") {
      log.debug({ skipped: mapped.reason }, "message skipped");
      return;
    }
    inFlight++;
    try {
      await chats.run(mapped.inbound.chatRef, async () => {
        // a photo is fetched here and stored without metadata; the answer carries media:<id>
        const inbound = await intakePhoto(service, mapped.inbound, () => downloadPhoto(message));
        try {
          const result = await service.handleInbound(inbound);
          await service.outbox.flushConversation(result.conversationId, result.handover);
        } catch (error) {
          log.error({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, "inbound failed");
          // Never silence: whatever broke, the person is told how to get help now.
          await sender.send(inbound.chatRef, failureReply(error, config.DEFAULT_LOCALE, service.translator)).catch(() => undefined);
        }
      });
    } finally {
      inFlight--;
      if (inFlight === 0) drained?.();
    }
  }

  /** the photo's bytes, or undefined when WhatsApp says it is larger than we accept */
  async function downloadPhoto(message: WAMessage): Promise<Buffer | undefined> {
    const content = normalizeMessageContent(message.message);
    const declared = Number(content?.imageMessage?.fileLength ?? content?.documentMessage?.fileLength ?? 0);
    if (declared > MAX_PHOTO_BYTES) return undefined;
    const bytes = await (options.downloadMedia ?? ((m: WAMessage) => downloadMediaMessage(m, "buffer", {})))(message);
    return bytes.length > MAX_PHOTO_BYTES ? undefined : bytes;
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    let auth: Awaited<ReturnType<typeof useDatabaseAuthState>>;
    try {
      auth = await useDatabaseAuthState(service.store.channelAuth);
    } catch {
      const attempt = status.reconnectAttempts + 1;
      scheduleReconnect(backoffDelay(attempt, backoff), "auth_state_unavailable", attempt);
      return;
    }
    status = { ...status, connection: "connecting", qr: undefined, pairingCode: undefined, nextRetryAt: undefined };
    const s = socketFactory({
      auth: auth.state,
      logger: baileysLogger(log),
      getMessage: async (key) => (key.id ? sent.get(key.id) : undefined),
    });
    sock = s;
    let pairingRequested = false;

    s.ev.on("creds.update", () => {
      auth.saveCreds().catch(() => log.error({}, "could not save WhatsApp credentials"));
    });
    s.ev.on("messages.upsert", ({ messages, type }) => {
      if (sock !== s || (type !== "notify" && type !== "append")) return;
      for (const message of messages) void receive(message);
    });
    s.ev.on("connection.update", (update) => {
      if (sock !== s) return; // a late event of a socket we already replaced
      if (update.qr) {
        status = { ...status, connection: "needs_pairing", qr: update.qr };
        if (config.WHATSAPP_PAIRING_NUMBER && !auth.state.creds.registered) {
          if (!pairingRequested) {
            pairingRequested = true;
            s.requestPairingCode(config.WHATSAPP_PAIRING_NUMBER).then(
              (code) => {
                status = { ...status, pairingCode: code };
                print(`WhatsApp pairing code: ${code} (on the phone: WhatsApp › Linked devices › Link with phone number)`);
              },
              () => log.warn({}, "could not request a WhatsApp pairing code"),
            );
          }
        } else {
          qrcodeTerminal.generate(update.qr, { small: true }, (ascii) => print(`Scan with WhatsApp › Linked devices:\n${ascii}`));
        }
        log.info({}, "whatsapp waiting for pairing");
      }
      if (update.connection === "open") {
        status = { connection: "open", reconnectAttempts: 0 };
        log.info({}, "whatsapp connected");
        // whatever waited while we were away (case codes, operator replies) goes out now
        void service.outbox.flushDue().catch(() => undefined);
      } else if (update.connection === "close") {
        sock = undefined;
        void onClose(statusCodeOf(update.lastDisconnect?.error));
      }
    });
  }

  async function onClose(code: number | undefined): Promise<void> {
    if (stopped) return;
    const attempt = status.reconnectAttempts + 1;
    const decision = decideReconnect(code, attempt, backoff);
    if (decision.clearAuth) await service.store.channelAuth.clear().catch(() => log.error({}, "could not clear WhatsApp auth state"));
    if (decision.action === "stop") {
      status = { connection: "stopped", reason: decision.reason, instruction: decision.instruction, reconnectAttempts: attempt };
      log.warn({ reason: decision.reason }, decision.instruction);
      return;
    }
    if (decision.reason === "restart_required") {
      log.info({}, "whatsapp restarting the connection (normal after pairing)");
      await connect();
      return;
    }
    scheduleReconnect(decision.delayMs, decision.reason, attempt);
  }

  function scheduleReconnect(delayMs: number, reason: string, attempt: number): void {
    status = { connection: "waiting_to_reconnect", reason, reconnectAttempts: attempt, nextRetryAt: new Date(Date.now() + delayMs) };
    // few log lines while WhatsApp is unreachable: the 1st, 2nd, 4th, 8th... failure in a row
    const level = (attempt & (attempt - 1)) === 0 ? "warn" : "debug";
    log[level]({ reason, attempt, delayMs }, "whatsapp disconnected; reconnecting");
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => void connect(), delayMs);
  }

  return {
    async start() {
      stopped = false;
      await connect();
    },
    async stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      // finish in-flight messages (bounded: a shutdown must not hang on a slow network)
      if (inFlight > 0) await Promise.race([new Promise<void>((resolve) => (drained = resolve)), sleep(15_000)]);
      const current = sock;
      sock = undefined;
      status = { connection: "stopped", reason: "shutdown", reconnectAttempts: 0 };
      current?.end(undefined);
      // queued sends now fail fast as "not connected" and stay in the outbox for the next start
      await Promise.race([sendQueue.onIdle(), sleep(5_000)]);
    },
    state: () => ({
      whatsapp: { connection: status.connection, reconnectAttempts: status.reconnectAttempts, ...(status.reason ? { reason: status.reason } : {}) },
    }),
    status: () => ({ ...status }),
    async restart({ clearAuth }) {
      clearTimeout(reconnectTimer);
      const current = sock;
      sock = undefined;
      current?.end(undefined);
      if (clearAuth) await service.store.channelAuth.clear();
      stopped = false;
      status = { connection: "connecting", reconnectAttempts: 0 };
      log.info({ clearAuth }, "whatsapp restarted by an admin");
      await connect();
    },
  };
}

/** The real socket: no online presence, no full history sync, PII-free logging, keys cached in memory. */
export function baileysSocketFactory(config: Config): SocketFactory {
  return ({ auth, logger, getMessage }) =>
    makeWASocket({
      auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(auth.keys, logger) },
      logger,
      getMessage,
      browser: Browsers.ubuntu("Chrome"),
      markOnlineOnConnect: false,
      // no full history (Baileys' default already skips the FULL sync type; turning off every type breaks
      // its LID mappings, it warns). History arrives as `messaging-history.set`, which we don't read.
      syncFullHistory: false,
      generateHighQualityLinkPreview: false,
      ...(config.WHATSAPP_WS_URL ? { waWebSocketUrl: config.WHATSAPP_WS_URL } : {}),
    });
}

/** Baileys closes with a Boom error whose `output.statusCode` is a DisconnectReason. */
function statusCodeOf(error: unknown): number | undefined {
  const code = (error as { output?: { statusCode?: unknown } } | undefined)?.output?.statusCode;
  return typeof code === "number" ? code : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
