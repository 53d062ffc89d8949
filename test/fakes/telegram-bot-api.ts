import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** A call the bot made, as received. */
export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
}

interface Waiter {
  offset: number;
  resolve: (updates: unknown[]) => void;
  /** answers this long poll with 409, as Telegram does when another getUpdates arrives */
  conflict: () => void;
  timer: NodeJS.Timeout;
}

/**
 * A small fake Telegram Bot API server on loopback: getMe, getUpdates (long poll with offsets), webhooks,
 * sendMessage, answerCallbackQuery, editMessage*, setMyCommands… It records every call, can inject failures
 * (429 with retry_after, 500, 409) for the next calls of a method, and helps push user updates.
 *
 * Like Telegram: updates below the offset of a getUpdates are confirmed and forgotten; a getUpdates arriving
 * while another one is waiting ends the waiting one with 409 Conflict; `redeliver` sends an update again
 * (what Telegram does when it never saw the confirmation).
 */
export class FakeTelegramBotApi {
  readonly calls: RecordedCall[] = [];
  /** called for every recorded call (benchmarks measure latency with it) */
  readonly listeners: ((call: RecordedCall) => void)[] = [];
  private readonly updates: { update_id: number }[] = [];
  /** every update ever pushed, by id (for redelivery) */
  private readonly history = new Map<number, { update_id: number }>();
  /** updates to deliver once more on the next getUpdates, whatever its offset */
  private redeliveries: { update_id: number }[] = [];
  /** getUpdates calls answered with 409 because another one arrived */
  conflicts = 0;
  /** ids of every update handed to the bot by getUpdates */
  readonly delivered = new Set<number>();
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private waiters: Waiter[] = [];
  private failures = new Map<string, { status: number; retryAfter?: number }[]>();
  /** files the bot can fetch with getFile + /file/bot<token>/<path> */
  private readonly files = new Map<string, Buffer>();
  /** downloads of /file/… paths, in order */
  readonly downloads: string[] = [];
  private server: Server | undefined;
  webhookUrl = "";
  webhookSecret = "";
  port = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve([]);
    }
    this.waiters = [];
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `count` calls of `method` fail with this status (and retry_after for 429). */
  failNext(method: string, count: number, status: number, retryAfter?: number): void {
    this.failures.set(method, Array.from({ length: count }, () => ({ status, ...(retryAfter !== undefined ? { retryAfter } : {}) })));
  }

  /** extra profile fields of the users pushing updates (username, first_name, last_name…) */
  profile: Record<string, unknown> = {};

  private user(chatId: number) {
    return { id: chatId, is_bot: false, first_name: "Canary", language_code: "es", ...this.profile };
  }

  pushText(chatId: number, text: string, chatType = "private"): number {
    return this.push({ message: { message_id: this.nextMessageId++, date: 0, chat: { id: chatId, type: chatType }, from: this.user(chatId), text } });
  }

  pushCallback(chatId: number, data: string, messageId = 1): number {
    return this.push({
      callback_query: {
        id: `cb${this.nextUpdateId}`,
        from: this.user(chatId),
        chat_instance: "x",
        data,
        message: { message_id: messageId, date: 0, chat: { id: chatId, type: "private" }, text: "…" },
      },
    });
  }

  pushLocation(chatId: number, latitude: number, longitude: number): number {
    return this.push({ message: { message_id: this.nextMessageId++, date: 0, chat: { id: chatId, type: "private" }, from: this.user(chatId), location: { latitude, longitude } } });
  }

  pushPhoto(chatId: number, fileId: string): number {
    return this.push({
      message: { message_id: this.nextMessageId++, date: 0, chat: { id: chatId, type: "private" }, from: this.user(chatId), photo: [{ file_id: fileId, file_unique_id: "u", width: 90, height: 90 }] },
    });
  }

  /** A photo the user sends, whose bytes the bot can download (getFile, then the file path). */
  pushPhotoFile(chatId: number, fileId: string, bytes: Buffer, from: Record<string, unknown> = this.user(chatId)): number {
    this.files.set(fileId, bytes);
    return this.push({
      message: {
        message_id: this.nextMessageId++,
        date: 0,
        chat: { id: chatId, type: "private" },
        from,
        photo: [{ file_id: fileId, file_unique_id: `u-${fileId}`, width: 800, height: 600, file_size: bytes.length }],
      },
    });
  }

  pushEdited(chatId: number, text: string): number {
    return this.push({ edited_message: { message_id: 1, date: 0, edit_date: 1, chat: { id: chatId, type: "private" }, from: this.user(chatId), text } });
  }

  /** Queues a raw update (also used to redeliver the same update id). */
  push(update: Record<string, unknown>, updateId = this.nextUpdateId++): number {
    const full = { update_id: updateId, ...update };
    this.updates.push(full);
    this.history.set(updateId, full);
    this.wake();
    return updateId;
  }

  /** Delivers an already delivered (and confirmed) update again, on the next getUpdates. */
  redeliver(updateId: number): void {
    const update = this.history.get(updateId);
    if (!update) throw new Error(`no update ${updateId}`);
    this.redeliveries.push(update);
    this.wake();
  }

  /** Updates not yet confirmed by a getUpdates offset (what a restarted bot would still receive). */
  unconfirmed(): number[] {
    return this.updates.map((u) => u.update_id);
  }

  /** Calls of a method, optionally for one chat. */
  sent(method = "sendMessage", chatId?: number): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method && (chatId === undefined || Number(c.params.chat_id) === chatId)).map((c) => c.params);
  }

  /** Resolves when `predicate` holds (checked on every call), or rejects after `ms`. */
  async waitFor(predicate: () => boolean, ms = 10_000): Promise<void> {
    const started = Date.now();
    while (!predicate()) {
      if (Date.now() - started > ms) throw new Error("timed out waiting for the bot");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private pending(offset: number) {
    const again = this.redeliveries;
    this.redeliveries = [];
    return [...again, ...this.updates.filter((u) => u.update_id >= offset)];
  }

  private wake(): void {
    for (const w of [...this.waiters]) {
      if (!this.redeliveries.length && !this.updates.some((u) => u.update_id >= w.offset)) continue;
      const ready = this.pending(w.offset);
      if (ready.length) {
        clearTimeout(w.timer);
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(ready);
      }
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    let params: Record<string, unknown> = {};
    if (raw && (req.headers["content-type"] ?? "").includes("json")) params = JSON.parse(raw);
    if ((req.url ?? "").startsWith("/file/")) {
      const path = (req.url ?? "").split("/").slice(3).join("/");
      this.downloads.push(path);
      const bytes = this.files.get(path.replace(/^photos\//, ""));
      res.writeHead(bytes ? 200 : 404, { "content-type": "application/octet-stream" });
      res.end(bytes ?? "");
      return;
    }
    const method = (req.url ?? "").split("/").pop() ?? "";
    const call = { method, params };
    this.calls.push(call);
    for (const listener of this.listeners) listener(call);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      const descriptions: Record<number, string> = {
        409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        429: "Too Many Requests: retry later",
      };
      reply(failure.status, {
        ok: false,
        error_code: failure.status,
        description: descriptions[failure.status] ?? "Internal Server Error",
        ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
      return;
    }
    switch (method) {
      case "getMe":
        return reply(200, { ok: true, result: { id: 42, is_bot: true, first_name: "Orientación", username: "orientacion_bot", can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false } });
      case "getUpdates": {
        const offset = Number(params.offset ?? 0);
        // a second getUpdates ends the one still waiting, as Telegram does (two bot instances polling)
        for (const w of this.waiters.splice(0)) {
          clearTimeout(w.timer);
          w.conflict();
        }
        // confirm everything below the offset, as Telegram does
        for (let i = this.updates.length - 1; i >= 0; i--) if (this.updates[i]!.update_id < offset) this.updates.splice(i, 1);
        const ready = this.pending(offset);
        const deliver = (updates: { update_id: number }[]) => {
          for (const u of updates) this.delivered.add(u.update_id);
          reply(200, { ok: true, result: updates });
        };
        if (ready.length || !params.timeout) return deliver(ready);
        const result = await new Promise<{ update_id: number }[] | "conflict">((resolve) => {
          const timer = setTimeout(() => {
            this.waiters = this.waiters.filter((w) => w.timer !== timer);
            resolve([]);
          }, Math.min(Number(params.timeout), 2) * 1000);
          this.waiters.push({ offset, resolve: (u) => resolve(u as { update_id: number }[]), conflict: () => resolve("conflict"), timer });
          res.once("close", () => {
            clearTimeout(timer);
            this.waiters = this.waiters.filter((w) => w.timer !== timer);
          });
        });
        if (result === "conflict") {
          this.conflicts++;
          return reply(409, { ok: false, error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" });
        }
        return deliver(result);
      }
      case "setWebhook":
        this.webhookUrl = String(params.url ?? "");
        this.webhookSecret = String(params.secret_token ?? "");
        return reply(200, { ok: true, result: true });
      case "deleteWebhook":
        this.webhookUrl = "";
        return reply(200, { ok: true, result: true });
      case "sendMessage":
        return reply(200, {
          ok: true,
          result: { message_id: this.nextMessageId++, date: 0, chat: { id: params.chat_id, type: "private" }, text: params.text },
        });
      case "getFile": {
        const id = String(params.file_id ?? "");
        const bytes = this.files.get(id);
        if (!bytes) return reply(400, { ok: false, error_code: 400, description: "Bad Request: invalid file_id" });
        return reply(200, { ok: true, result: { file_id: id, file_unique_id: `u-${id}`, file_size: bytes.length, file_path: `photos/${id}` } });
      }
      case "editMessageReplyMarkup":
      case "editMessageText":
      case "answerCallbackQuery":
      case "setMyCommands":
      case "deleteMyCommands":
      case "close":
      case "logOut":
        return reply(200, { ok: true, result: true });
      default:
        return reply(404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    }
  }
}
