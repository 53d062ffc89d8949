import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeService, type Service } from "../../src/compose.ts";
import { parseConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/core/logger.ts";
import type { InboundContent, OutboundMessage } from "../../src/core/messages.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";
import { freshDatabaseUrl, providers } from "../helpers/temp-database.ts";

const onPostgres = providers().includes("postgresql");

/** Two service instances (separate processes in production: separate locks, same database and keys). */
describe.runIf(onPostgres || process.env.CI)("several instances on one PostgreSQL", () => {
  let a: Service;
  let b: Service;
  let dataDir: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await freshDatabaseUrl("postgresql");
    drop = db.drop;
    dataDir = mkdtempSync(join(tmpdir(), "trata-bot-multi-"));
    const config = parseConfig({ DATA_DIR: dataDir, DATABASE_URL: db.url });
    a = await composeService(config, { logger: silentLogger });
    b = await composeService(config, { logger: silentLogger });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let n = 0;
  const send = (service: Service, chatRef: string, content: InboundContent, messageId = `m${++n}`) =>
    service.handleInbound({ channel: "telegram", chatRef, messageId, content });
  const buttonId = (messages: OutboundMessage[], label: string) =>
    messages.flatMap((m) => m.buttons ?? []).find((x) => x.label === label)!.id;

  async function toReview(chatRef: string): Promise<OutboundMessage[]> {
    let r = await send(a, chatRef, { kind: "text", text: "hola" });
    r = await send(b, chatRef, { kind: "choice", id: buttonId(r.messages, "Español") });
    r = await send(a, chatRef, { kind: "choice", id: buttonId(r.messages, "Reportar algo") });
    r = await send(b, chatRef, { kind: "choice", id: buttonId(r.messages, "Oferta sospechosa") });
    r = await send(a, chatRef, { kind: "text", text: "ofrecen trabajo en una mina con pasaje pagado" });
    r = await send(b, chatRef, { kind: "text", text: "Huepetuhe" });
    r = await send(a, chatRef, { kind: "choice", id: buttonId(r.messages, "Esta semana") });
    r = await send(b, chatRef, { kind: "choice", id: buttonId(r.messages, "No") });
    r = await send(a, chatRef, { kind: "choice", id: buttonId(r.messages, "Saltar") });
    return r.messages;
  }

  it("should create exactly one report when the same message reaches both instances at once", async () => {
    for (let i = 0; i < 5; i++) {
      const chat = `dup-chat-${i}`;
      const review = await toReview(chat);
      const send1 = { kind: "choice" as const, id: buttonId(review, "Enviar") };
      const [r1, r2] = await Promise.all([send(a, chat, send1, `send-${i}`), send(b, chat, send1, `send-${i}`)]);
      expect([r1.duplicate, r2.duplicate].sort()).toEqual([false, true]);
      expect(r1.messages).toEqual(r2.messages);
    }
    expect(await (a.store as PrismaStore).db.report.count()).toBe(5);
  });

  it("should send every outbox message exactly once and in order when both instances deliver", async () => {
    const sent = new Map<string, string[]>();
    for (const service of [a, b]) {
      service.outbox.register("telegram", {
        async send(address, message) {
          await new Promise((r) => setTimeout(r, Math.random() * 5)); // the other instance runs meanwhile
          sent.set(address, [...(sent.get(address) ?? []), message.text]);
        },
      });
    }
    const expected = new Map<string, string[]>();
    const conversations: string[] = [];
    for (let i = 0; i < 8; i++) {
      const chat = `outbox-chat-${i}`;
      const turns = [{ kind: "text" as const, text: "hola" }, { kind: "text" as const, text: "1" }, { kind: "text" as const, text: "ayuda" }];
      for (const [t, content] of turns.entries()) {
        const r = await send(t % 2 ? a : b, chat, content);
        expected.set(chat, [...(expected.get(chat) ?? []), ...r.messages.map((m) => m.text)]);
        conversations.push(r.conversationId);
      }
    }
    // every instance's inline flush races the other instance's sweep, several times over
    for (let round = 0; round < 3; round++) {
      await Promise.all([
        ...conversations.map((id, i) => (i % 2 ? a : b).outbox.flushConversation(id)),
        a.outbox.flushDue(),
        b.outbox.flushDue(),
      ]);
    }
    const ours = [...sent].filter(([chat]) => expected.has(chat));
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(expected));
    const pending = await (a.store as PrismaStore).db.outboxMessage.count({ where: { status: "pending" } });
    expect(pending).toBe(0);
  });

  it("should keep one conversation's turns in order across instances", async () => {
    const chat = "order-chat";
    await send(a, chat, { kind: "text", text: "hola" });
    const results = await Promise.all([
      send(a, chat, { kind: "text", text: "1" }),
      send(b, chat, { kind: "text", text: "menu" }),
      send(a, chat, { kind: "text", text: "ayuda" }),
    ]);
    for (const r of results) expect(r.messages.length).toBeGreaterThan(0);
    const conv = await a.store.conversations.load(a.identity.conversationId("telegram", chat));
    expect(conv?.version).toBe(4);
  });
});
