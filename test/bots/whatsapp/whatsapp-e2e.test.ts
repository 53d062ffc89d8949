import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConsoleDeps } from "../../../src/console/console-deps.ts";
import { messageReporter } from "../../../src/app/console/message-reporter.ts";
import { createWhatsAppChannel, type WhatsAppChannel } from "../../../src/bots/whatsapp/whatsapp-channel.ts";
import { composeService, type Service } from "../../../src/compose.ts";
import { type Config, parseConfig } from "../../../src/config/config.ts";
import { createLogger } from "../../../src/logging.ts";
import type { PrismaStore } from "../../../src/storage/prisma-store.ts";
import { FakeSocketFactory, waLocation, waMessage, waText } from "../../fakes/fake-baileys-socket.ts";

const CASE_CODE = /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;
const PHONE_JID = "51987654321@s.whatsapp.net";
const LID = "204837261945001@lid";
const fastBackoff = { baseMs: 20, maxMs: 200, random: () => 0.5 };

describe("WhatsApp channel (the real adapter) against a fake Baileys socket", () => {
  let dataDir: string;
  let service: Service;
  let channel: WhatsAppChannel;
  let config: Config;
  let factory: FakeSocketFactory;
  let logs: string;
  let printed: string[];

  async function boot(env: Record<string, string> = {}, options: { reuseData?: boolean } = {}) {
    if (!options.reuseData) dataDir = mkdtempSync(join(tmpdir(), "trata-bot-wa-"));
    config = parseConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${join(dataDir, "db.sqlite")}`,
      WHATSAPP_ENABLED: "1",
      WHATSAPP_SEND_INTERVAL_MS: "0",
      ...env,
    });
    const sink = new Writable({ write: (chunk, _e, done) => ((logs += String(chunk)), done()) });
    service = await composeService(config, { logger: createLogger("debug", sink), floodGate: { burst: 1000, refillMs: 1, maxQueued: 1000 } });
    factory = new FakeSocketFactory();
    channel = createWhatsAppChannel(service, config, { socketFactory: factory.create, backoff: fastBackoff, print: (t) => printed.push(t) });
    await channel.start();
  }

  beforeEach(() => {
    logs = "";
    printed = [];
  });
  afterEach(async () => {
    await channel?.stop();
    await service?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const sentTo = (jid: string) => factory.sockets.flatMap((s) => s.sent).filter((m) => m.jid === jid);
  const lastText = (jid: string) => sentTo(jid).at(-1)?.text ?? "";
  const reports = () => (service.store as PrismaStore).db.report.count();
  const until = async (check: () => boolean | Promise<boolean>, ms = 5_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error("timed out waiting");
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  /** Delivers, then waits until the bot has answered and gone quiet (a reply can be several messages). */
  async function step(jid: string, deliver: () => void) {
    const before = sentTo(jid).length;
    deliver();
    await until(() => sentTo(jid).length > before);
    for (let seen = -1; seen !== sentTo(jid).length; ) {
      seen = sentTo(jid).length;
      await new Promise((r) => setTimeout(r, 120));
    }
  }
  /** The number the last numbered menu gives `label` ("2️⃣ Reportar algo" → "2"). */
  const numberOf = (jid: string, label: string) => {
    const line = lastText(jid).split("\n").find((l) => l.endsWith(` ${label}`));
    if (!line) throw new Error(`no «${label}» in:\n${lastText(jid)}`);
    return line.replace(/\uFE0F?\u20E3.*$/u, "").replace(/\..*$/, "");
  };
  const say = (jid: string, text: string) => step(jid, () => factory.last.deliver([waText(jid, text)]));

  it("should run a whole report with numbered menus and a location share, and answer with a case code", async () => {
    await boot();
    factory.last.open();
    await say(PHONE_JID, "hola");
    expect(lastText(PHONE_JID)).toMatch(/1️⃣ Español\n2️⃣ English\n3️⃣ Runasimi\n\nResponde con el número \(1 a 3\)\./);
    await say(PHONE_JID, "1.");
    await say(PHONE_JID, numberOf(PHONE_JID, "Reportar algo"));
    await say(PHONE_JID, `${numberOf(PHONE_JID, "Oferta sospechosa")}\uFE0F\u20E3`); // a keycap emoji, as some keyboards send
    await say(PHONE_JID, "Ofrecen trabajo en la mina de Mazuko, pasaje pagado, 3000 soles");
    expect(lastText(PHONE_JID)).toContain("📍 Puedes enviar tu ubicación");
    expect(lastText(PHONE_JID)).toContain("escribe «Saltar»");
    await step(PHONE_JID, () => factory.last.deliver([waLocation(PHONE_JID, -12.593, -69.189)]));
    await say(PHONE_JID, numberOf(PHONE_JID, "Esta semana"));
    await say(PHONE_JID, "dos"); // "No" is the second option of "¿alguien es menor de 18?"
    await say(PHONE_JID, "saltar");
    expect(lastText(PHONE_JID)).toContain("Tambopata");
    await say(PHONE_JID, numberOf(PHONE_JID, "Enviar"));
    const all = sentTo(PHONE_JID).map((m) => m.text).join("\n");
    expect(all).toMatch(CASE_CODE);
    expect(all).toContain("1818");
    expect(await reports()).toBe(1);
    for (const m of sentTo(PHONE_JID)) expect(m.text.length).toBeLessThanOrEqual(4096);
    // a phone that could not decrypt a reply asks again: Baileys finds it through getMessage
    const last = factory.last.sent.at(-1)!;
    expect(await factory.last.options.getMessage({ id: last.id, remoteJid: PHONE_JID })).toEqual({ conversation: last.text });
    expect(await factory.last.options.getMessage({ id: "unknown", remoteJid: PHONE_JID })).toBeUndefined();
  });

  it("should create one report and one set of replies when a message comes twice, and again via append after a reconnect", async () => {
    await boot();
    factory.last.open();
    const jid = LID;
    await say(jid, "hola");
    await say(jid, "1");
    await say(jid, numberOf(jid, "Reportar algo"));
    await say(jid, numberOf(jid, "Oferta sospechosa"));
    await say(jid, "Me ofrecieron trabajo de mesera en La Pampa, dicen que el pasaje me lo descuentan");
    await say(jid, "La Pampa");
    await say(jid, numberOf(jid, "Esta semana"));
    await say(jid, "2");
    await say(jid, "saltar");
    const submit = waText(jid, numberOf(jid, "Enviar"));
    await step(jid, () => factory.last.deliver([submit]));
    const afterFirst = sentTo(jid).length;
    factory.last.deliver([submit]); // redelivered at once
    factory.last.close(428); // the connection drops...
    await until(() => factory.sockets.length === 2);
    factory.last.open();
    factory.last.deliver([submit], "append"); // ...and the message comes again as offline backlog
    await new Promise((r) => setTimeout(r, 400));
    expect(await reports()).toBe(1);
    expect(sentTo(jid).length).toBe(afterFirst);
  });

  it("should skip its own messages, groups, status, reactions and protocol messages, and backlog older than the dedupe window", async () => {
    await boot();
    factory.last.open();
    factory.last.deliver([
      waText(PHONE_JID, "hola", { fromMe: true }),
      waText("120363025246125486@g.us", "hola"),
      waText("status@broadcast", "hola"),
      waMessage(PHONE_JID, { reactionMessage: { text: "👍", key: { id: "x" } } }),
      waMessage(PHONE_JID, { protocolMessage: { type: 0 } }),
      waText(PHONE_JID, "hola", { at: new Date(Date.now() - 30 * 24 * 3600_000) }),
    ], "append");
    await new Promise((r) => setTimeout(r, 300));
    expect(factory.sockets.flatMap((s) => s.sent)).toHaveLength(0);
    expect(await (service.store as PrismaStore).db.conversation.count()).toBe(0);
  });

  it("should still say goodbye after «borrar», with nothing of the conversation left to send it from", async () => {
    await boot();
    factory.last.open();
    await say(PHONE_JID, "hola");
    await say(PHONE_JID, "1");
    const db = (service.store as PrismaStore).db;
    expect(await db.chatAddress.count()).toBe(1);
    await say(PHONE_JID, "borrar");
    expect(lastText(PHONE_JID)).toContain("borramos esta conversación");
    expect(await db.conversation.count()).toBe(0);
    expect(await db.chatAddress.count()).toBe(0);
    expect(await db.outboxMessage.count()).toBe(0); // the goodbye was sent unstored
    expect(await db.processedInbound.count()).toBe(0);
  });

  it("should answer a sticker or a voice note with a friendly re-ask", async () => {
    await boot();
    factory.last.open();
    await say(PHONE_JID, "hola");
    await step(PHONE_JID, () => factory.last.deliver([waMessage(PHONE_JID, { stickerMessage: {} })]));
    expect(lastText(PHONE_JID)).toMatch(/No entendí|número/);
    await step(PHONE_JID, () => factory.last.deliver([waMessage(PHONE_JID, { audioMessage: { ptt: true } })]));
    expect(lastText(PHONE_JID)).toMatch(/No entendí|número/);
  });

  it("should reconnect after restart-required and transient closes with bounded backoff, and stop on logged-out or replaced", async () => {
    await boot();
    factory.last.open();
    factory.last.close(515); // restart required (normal after pairing): a new socket at once
    await until(() => factory.sockets.length === 2);
    for (let attempt = 1; attempt <= 6; attempt++) {
      const n = factory.sockets.length;
      factory.last.close(408); // timed out / network down
      const status = channel.status();
      expect(status).toMatchObject({ connection: "waiting_to_reconnect", reconnectAttempts: attempt, reason: "closed_408" });
      // exponential, with equal jitter (random 0.5 → 3/4 of the ceiling), capped
      const expected = Math.round(0.75 * Math.min(fastBackoff.maxMs, fastBackoff.baseMs * 2 ** (attempt - 1)));
      expect(status.nextRetryAt!.getTime() - Date.now()).toBeLessThanOrEqual(expected);
      expect(status.nextRetryAt!.getTime() - Date.now()).toBeGreaterThan(expected - 50);
      await until(() => factory.sockets.length === n + 1);
    }
    factory.last.open();
    expect(channel.state().whatsapp).toMatchObject({ connection: "open", reconnectAttempts: 0 });

    await service.store.channelAuth.set([{ id: "creds", value: "{}" }]);
    factory.last.close(440); // another WhatsApp Web session took over: stop, no loop
    await new Promise((r) => setTimeout(r, 300));
    expect(factory.sockets.length).toBe(8);
    expect(channel.status()).toMatchObject({ connection: "stopped", reason: "connection_replaced" });
    expect((await service.store.channelAuth.get(["creds"])).size).toBe(1); // a takeover keeps the pairing

    await channel.restart({ clearAuth: false });
    factory.last.close(401); // logged out on the phone: forget the session, stop, say how to pair again
    await new Promise((r) => setTimeout(r, 300));
    expect(factory.sockets.length).toBe(9);
    expect(channel.status()).toMatchObject({ connection: "stopped", reason: "logged_out" });
    expect(channel.status().instruction).toMatch(/Pair again/);
    expect((await service.store.channelAuth.get(["creds"])).size).toBe(0);
    expect(logs).toContain("Pair again");
  });

  it("should forget a bad session and pair again with a new QR", async () => {
    await boot();
    factory.last.pair();
    await until(async () => (await service.store.channelAuth.get(["creds"])).size === 1);
    factory.last.close(500); // bad session
    await until(() => factory.sockets.length === 2);
    expect(factory.last.options.auth.creds.registered).toBe(false);
    factory.last.showQr("2@fakeQrPayloadFromTheFakeSocket,abc,def");
    expect(channel.status()).toMatchObject({ connection: "needs_pairing", qr: "2@fakeQrPayloadFromTheFakeSocket,abc,def" });
    expect(printed.join("\n")).toMatch(/Scan with WhatsApp/);
    expect(printed.join("\n")).toMatch(/[█▀▄]/); // rendered as a terminal QR, not printed as text
    expect(channel.state().whatsapp).not.toHaveProperty("qr"); // never on /healthz
  });

  it("should keep the paired session in the database across a restart", async () => {
    await boot();
    factory.last.pair();
    await until(async () => (await service.store.channelAuth.get(["creds"])).size === 1);
    await factory.last.options.auth.keys.set({ "pre-key": { "1": { public: Buffer.from([1, 2, 3]), private: Buffer.from([4, 5, 6]) } } });
    const noiseKey = Buffer.from(factory.last.options.auth.creds.noiseKey.public).toString("hex");
    await channel.stop();
    await service.close();

    await boot({}, { reuseData: true });
    const creds = factory.last.options.auth.creds;
    expect(creds.registered).toBe(true);
    expect(creds.me?.lid).toBe("99999@lid");
    expect(Buffer.from(creds.noiseKey.public).toString("hex")).toBe(noiseKey);
    const keys = await factory.last.options.auth.keys.get("pre-key", ["1", "2"]);
    expect(Buffer.from(keys["1"]!.private)).toEqual(Buffer.from([4, 5, 6]));
    expect(keys["2"]).toBeUndefined();
    const raw = await (service.store as PrismaStore).db.whatsAppAuth.findMany();
    for (const row of raw) expect(row.value).toMatch(/^v1\./); // encrypted at rest
  });

  it("should request a pairing code instead of showing a QR when a pairing number is set", async () => {
    await boot({ WHATSAPP_PAIRING_NUMBER: "51900000000" });
    factory.last.showQr("2@qr");
    await until(() => printed.some((t) => t.includes("K7QM3XDP")));
    factory.last.showQr("2@qr-again");
    expect(factory.last.pairingRequests).toEqual(["51900000000"]);
    expect(channel.status().pairingCode).toBe("K7QM3XDP");
    expect(printed.join("\n")).not.toMatch(/[█▀▄]/);
  });

  it("should keep replies in the outbox while disconnected and send them once connected, operator messages included", async () => {
    await boot();
    factory.last.open();
    await say(PHONE_JID, "hola");
    await say(PHONE_JID, "1");
    await say(PHONE_JID, numberOf(PHONE_JID, "Reportar algo"));
    await say(PHONE_JID, numberOf(PHONE_JID, "Oferta sospechosa"));
    await say(PHONE_JID, "Una agencia en Juliaca ofrece trabajo en Lima y pide el DNI");
    await say(PHONE_JID, "Juliaca");
    await say(PHONE_JID, numberOf(PHONE_JID, "Esta semana"));
    await say(PHONE_JID, "2");
    await say(PHONE_JID, "saltar");
    await say(PHONE_JID, numberOf(PHONE_JID, "Enviar"));
    const report = (await (service.store as PrismaStore).db.report.findFirst())!;

    factory.last.close(428);
    await until(() => factory.sockets.length === 2);
    // an operator answers while WhatsApp is down
    const deps = createConsoleDeps(service);
    const actor = { id: "op-1", email: "ana@example.org", role: "operator" as const };
    const result = await messageReporter(deps, { actor, reportId: report.id, text: "Hola, ¿recuerdas el nombre de la agencia?" });
    expect(result.delivery).toBe("chat");
    await service.outbox.flushDue();
    expect(lastText(PHONE_JID)).not.toContain("agencia?");
    const pending = await service.store.outbox.pendingFor(report.reporterLink!);
    expect(pending.map((p) => p.attempts)).toEqual([0]); // waiting costs no attempts, however long it lasts
    factory.last.open(); // back: what waited goes out
    await until(() => lastText(PHONE_JID).includes("¿recuerdas el nombre de la agencia?"));
    expect(factory.last.sent.at(-1)!.text).not.toContain(PHONE_JID);
  });

  it("should space sends out across chats (rate limit with jitter) and still keep each chat in order", async () => {
    await boot({ WHATSAPP_SEND_INTERVAL_MS: "60" });
    factory.last.open();
    const started = Date.now();
    const jids = ["51911111111@s.whatsapp.net", "51922222222@s.whatsapp.net", "51933333333@s.whatsapp.net"];
    factory.last.deliver(jids.map((j) => waText(j, "hola")));
    await until(() => jids.every((j) => sentTo(j).length >= 2));
    // 6 messages at ≥ 60 ms apart: at least 5 intervals
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * 60 - 20);
    for (const j of jids) expect(sentTo(j)[1]!.text).toContain("Runasimi");
  });

  it("should log states and counts only: no jid, phone number, push name or message text", async () => {
    await boot();
    factory.last.showQr("2@secretqr");
    factory.last.open();
    await say(PHONE_JID, "hola");
    await say(PHONE_JID, "mi vecina Rosa Quispe fue llevada a la mina, su numero es 987654321");
    factory.last.close(408);
    await until(() => factory.sockets.length === 2);
    factory.last.options.logger.warn({ key: { remoteJid: PHONE_JID } }, `failed to decrypt message from ${PHONE_JID} 51987654321`);
    expect(logs).toContain("whatsapp connected");
    for (const secret of ["51987654321", "987654321", "Canary Name", "Rosa Quispe", "hola", "@s.whatsapp.net", "secretqr"]) {
      expect(logs).not.toContain(secret);
    }
  });
});
