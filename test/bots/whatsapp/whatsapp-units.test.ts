import { describe, expect, it } from "vitest";
import { baileysLogger, mask } from "../../../src/bots/whatsapp/baileys-logger.ts";
import { mapWhatsAppMessage } from "../../../src/bots/whatsapp/map-message.ts";
import { backoffDelay, decideReconnect } from "../../../src/bots/whatsapp/reconnect-policy.ts";
import { renderWhatsApp, type WhatsAppHints } from "../../../src/bots/whatsapp/render-whatsapp.ts";
import type { Logger } from "../../../src/core/logger.ts";
import { buttonId } from "../../../src/flows/engine/fingerprint.ts";
import { waLocation, waMessage, waText } from "../../fakes/fake-baileys-socket.ts";

const JID = "51987654321@s.whatsapp.net";
const now = new Date();
const DAY = 24 * 3600_000;
const map = (m: Parameters<typeof mapWhatsAppMessage>[0]) => mapWhatsAppMessage(m, now, 7 * DAY);

describe("the pinned Baileys package", () => {
  it("should load on this Node as ESM with the API the adapter uses", async () => {
    const baileys = await import("@whiskeysockets/baileys");
    expect(typeof baileys.makeWASocket).toBe("function");
    expect(typeof baileys.default).toBe("function");
    expect(typeof baileys.initAuthCreds).toBe("function");
    expect(typeof baileys.makeCacheableSignalKeyStore).toBe("function");
    expect(baileys.DisconnectReason.loggedOut).toBe(401);
    expect(baileys.BufferJSON.replacer).toBeTypeOf("function");
  });
});

describe("mapWhatsAppMessage", () => {
  it("should map text, extended text, locations and media, with the message id as the dedupe key", () => {
    const text = map(waText(JID, "hola", { id: "3EB0AAA" }));
    expect(text).toEqual({ kind: "inbound", inbound: { channel: "whatsapp", chatRef: JID, messageId: "3EB0AAA", content: { kind: "text", text: "hola" } } });
    expect(map(waMessage(JID, { extendedTextMessage: { text: "ver https://x" } }))).toMatchObject({ inbound: { content: { kind: "text", text: "ver https://x" } } });
    expect(map(waLocation(JID, -12.59, -69.19))).toMatchObject({ inbound: { content: { kind: "location", latitude: -12.59, longitude: -69.19 } } });
    expect(map(waMessage(JID, { liveLocationMessage: { degreesLatitude: -13.5, degreesLongitude: -71.9 } }))).toMatchObject({ inbound: { content: { kind: "location" } } });
    const photo = map(waMessage(JID, { imageMessage: { caption: "la agencia", mimetype: "image/jpeg" } }, { id: "3EB0PHOTO" }));
    expect(photo).toMatchObject({ inbound: { content: { kind: "media", mediaType: "photo", ref: "whatsapp:3EB0PHOTO" } } });
    expect(photo.kind === "inbound" && JSON.stringify(photo.inbound.content)).not.toContain("51987654321"); // the reference identifies no one
    expect(map(waMessage(JID, { documentMessage: { fileName: "contrato.pdf" } }))).toMatchObject({ inbound: { content: { kind: "media", mediaType: "document" } } });
  });

  it("should unwrap ephemeral and view-once wrappers", () => {
    expect(map(waMessage(JID, { ephemeralMessage: { message: { conversation: "2" } } }))).toMatchObject({ inbound: { content: { kind: "text", text: "2" } } });
    expect(map(waMessage(JID, { viewOnceMessageV2: { message: { imageMessage: {} } } }))).toMatchObject({ inbound: { content: { kind: "media" } } });
  });

  it("should turn stickers, voice notes and contacts into unsupported (a friendly re-ask)", () => {
    expect(map(waMessage(JID, { stickerMessage: {} }))).toMatchObject({ inbound: { content: { kind: "unsupported", what: "sticker" } } });
    expect(map(waMessage(JID, { audioMessage: { ptt: true } }))).toMatchObject({ inbound: { content: { kind: "unsupported", what: "voice" } } });
    expect(map(waMessage(JID, { contactMessage: { displayName: "x" } }))).toMatchObject({ inbound: { content: { kind: "unsupported", what: "contact" } } });
    expect(map(waMessage(JID, { locationMessage: { degreesLatitude: 200, degreesLongitude: 0 } }))).toMatchObject({ inbound: { content: { kind: "unsupported" } } });
  });

  it("should skip our own messages, groups, broadcasts, status, channels, protocol messages, reactions and old backlog", () => {
    const skip = (m: Parameters<typeof map>[0]) => {
      const r = map(m);
      return r.kind === "skip" ? r.reason : "inbound";
    };
    expect(skip(waText(JID, "x", { fromMe: true }))).toBe("from_me");
    expect(skip(waText("120363025246125486@g.us", "x"))).toBe("group");
    expect(skip(waText("status@broadcast", "x"))).toBe("broadcast");
    expect(skip(waText("1234567890@broadcast", "x"))).toBe("broadcast");
    expect(skip(waText("120363000000000000@newsletter", "x"))).toBe("broadcast");
    expect(skip(waMessage(JID, { protocolMessage: { type: 0 } }))).toBe("protocol");
    expect(skip(waMessage(JID, { reactionMessage: { text: "👍" } }))).toBe("reaction");
    expect(skip(waMessage(JID, {}))).toBe("empty");
    expect(skip(waText(JID, "x", { at: new Date(now.getTime() - 8 * DAY) }))).toBe("too_old");
    expect(skip(waText(JID, "x", { at: new Date(now.getTime() - 6 * DAY) }))).toBe("inbound");
  });

  it("should prefer the LID when WhatsApp gives both a number and a LID, so one person keeps one conversation", () => {
    expect(map(waText(JID, "x", { alt: "204837261945001@lid" }))).toMatchObject({ inbound: { chatRef: "204837261945001@lid" } });
    expect(map(waText("204837261945001@lid", "x", { alt: JID }))).toMatchObject({ inbound: { chatRef: "204837261945001@lid" } });
    expect(map(waText("51987654321:3@s.whatsapp.net", "x"))).toMatchObject({ inbound: { chatRef: JID } });
  });

  it("should cap huge texts", () => {
    const r = map(waText(JID, "a".repeat(70_000)));
    expect(r.kind === "inbound" && r.inbound.content.kind === "text" ? r.inbound.content.text.length : 0).toBe(4096);
  });
});

describe("renderWhatsApp", () => {
  const hints: WhatsAppHints = {
    replyWithNumber: (max) => `Responde con el número (1 a ${max}).`,
    shareLocation: "📍 Envía tu ubicación o escribe el lugar.",
    skipHint: (word) => `Para saltar, escribe «${word}».`,
  };
  const b = (choice: string, label: string) => ({ id: buttonId("abc1234", choice), label });

  it("should number the choices with keycaps and say how to answer", () => {
    const text = renderWhatsApp({ text: "¿Qué quieres hacer?", buttons: [b("check", "Revisar una oferta"), b("report", "Reportar algo")] }, hints);
    expect(text).toBe("¿Qué quieres hacer?\n\n1️⃣ Revisar una oferta\n2️⃣ Reportar algo\n\nResponde con el número (1 a 2).");
  });

  it("should go past 9 with plain numbers and list an optional question's skip last", () => {
    const buttons = Array.from({ length: 10 }, (_, i) => b(`c${i}`, `Opción ${i + 1}`));
    const text = renderWhatsApp({ text: "Elige:", buttons: [...buttons, b("skip", "Saltar")] }, hints);
    expect(text).toContain("9️⃣ Opción 9\n10. Opción 10\n11. Saltar");
    expect(text).toContain("(1 a 11)");
  });

  it("should turn a lone skip button into a hint, and say how to share a place", () => {
    const text = renderWhatsApp({ text: "¿Dónde pasó?", buttons: [b("skip", "Saltar")], requestLocation: true }, hints);
    expect(text).toBe("¿Dónde pasó?\n\n📍 Envía tu ubicación o escribe el lugar.\nPara saltar, escribe «Saltar».");
    expect(renderWhatsApp({ text: "Gracias." }, hints)).toBe("Gracias.");
  });
});

describe("decideReconnect", () => {
  const backoff = { baseMs: 1_000, maxMs: 60_000, random: () => 1 };

  it("should reconnect at once when WhatsApp asks for a restart (after pairing)", () => {
    expect(decideReconnect(515, 1, backoff)).toMatchObject({ action: "reconnect", delayMs: 0, clearAuth: false });
  });

  it.each([
    [401, "logged_out", true],
    [440, "connection_replaced", false],
    [403, "forbidden", false],
    [411, "multidevice_mismatch", true],
  ])("should stop (no loop) on %i", (code, reason, clearAuth) => {
    const decision = decideReconnect(code, 1, backoff);
    expect(decision).toMatchObject({ action: "stop", reason, clearAuth });
    expect(decision.action === "stop" && decision.instruction.length).toBeGreaterThan(20);
  });

  it("should forget a bad session and pair again", () => {
    expect(decideReconnect(500, 1, backoff)).toMatchObject({ action: "reconnect", clearAuth: true });
  });

  it.each([408, 428, 503, undefined])("should retry %s with exponential backoff, capped", (code) => {
    const delays = [1, 2, 3, 4, 10, 50].map((n) => {
      const d = decideReconnect(code, n, backoff);
      return d.action === "reconnect" ? d.delayMs : -1;
    });
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000]);
  });

  it("should jitter between half and all of the ceiling", () => {
    const low = backoffDelay(3, { baseMs: 1_000, maxMs: 60_000, random: () => 0 });
    const high = backoffDelay(3, { baseMs: 1_000, maxMs: 60_000, random: () => 1 });
    expect([low, high]).toEqual([2_000, 4_000]);
  });
});

describe("the logger handed to Baileys", () => {
  it("should drop everything below warn and every object, and mask jids and numbers", () => {
    const lines: { level: string; obj: object }[] = [];
    const record = (level: string) => (obj: object) => lines.push({ level, obj });
    const logger: Logger = { info: record("info"), warn: record("warn"), error: record("error"), debug: record("debug"), child: () => logger };
    const baileys = baileysLogger(logger).child({ class: "socket" });
    baileys.info({ jid: JID, pushName: "Ana" }, "connected to WA");
    baileys.debug({ msg: "hola" }, "recv");
    baileys.warn({ key: { remoteJid: JID } }, `failed to decrypt message from ${JID}`);
    baileys.error(new TypeError("boom 51987654321"));
    expect(lines).toHaveLength(2);
    const text = JSON.stringify(lines);
    expect(text).not.toContain("51987654321");
    expect(text).not.toContain("Ana");
    expect(text).toContain("failed to decrypt message from [redacted]");
    expect(lines[1]!.obj).toMatchObject({ error: "TypeError" });
  });

  it("should mask phone-like digit runs and any address with an @", () => {
    expect(mask("call +51 987 654 321 or 204837261945001@lid now")).toBe("call [redacted] or [redacted] now");
  });
});
