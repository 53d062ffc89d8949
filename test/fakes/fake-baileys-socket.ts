import { EventEmitter } from "node:events";
import type { WAMessage } from "@whiskeysockets/baileys";
import type { SocketOptions, WhatsAppSocket } from "../../src/bots/whatsapp/whatsapp-channel.ts";

/**
 * A stand-in for a Baileys socket: `ev` is an EventEmitter carrying Baileys' event shapes
 * (`connection.update`, `creds.update`, `messages.upsert`), `sendMessage` records what the bot sent, and
 * helpers play WhatsApp's part (open, close with a DisconnectReason, show a QR, deliver messages).
 */
export class FakeBaileysSocket {
  readonly ev = new EventEmitter();
  readonly sent: { jid: string; text: string; id: string }[] = [];
  readonly pairingRequests: string[] = [];
  ended = false;
  /** the next N sends throw (like a dropped connection) */
  failSends = 0;
  private n = 0;

  constructor(readonly options: SocketOptions) {}

  async sendMessage(jid: string, content: { text: string }): Promise<WAMessage> {
    if (this.failSends > 0) {
      this.failSends--;
      throw new Error("Connection Closed");
    }
    const id = `BOT${++this.n}`;
    this.sent.push({ jid, text: content.text, id });
    return { key: { remoteJid: jid, id, fromMe: true }, message: { conversation: content.text } } as WAMessage;
  }

  async requestPairingCode(phone: string): Promise<string> {
    this.pairingRequests.push(phone);
    return "K7QM3XDP";
  }

  end(error: Error | undefined): void {
    this.ended = true;
    this.ev.emit("connection.update", { connection: "close", lastDisconnect: { error, date: new Date() } });
  }

  // --- WhatsApp's side ---------------------------------------------------------------------------------------
  open(): void {
    this.ev.emit("connection.update", { connection: "open" });
  }
  /** closes as Baileys does: a Boom-like error with output.statusCode */
  close(statusCode: number | undefined): void {
    const error = Object.assign(new Error("closed"), { output: { statusCode } });
    this.ev.emit("connection.update", { connection: "close", lastDisconnect: { error, date: new Date() } });
  }
  showQr(qr: string): void {
    this.ev.emit("connection.update", { qr });
  }
  /** the phone scanned the QR: Baileys updates the creds in place, then emits creds.update */
  pair(): void {
    const update = { registered: true, me: { id: "51900000000:1@s.whatsapp.net", lid: "99999@lid", name: "Servicio" } };
    Object.assign(this.options.auth.creds, update);
    this.ev.emit("creds.update", update);
  }
  deliver(messages: WAMessage[], type: "notify" | "append" = "notify"): void {
    this.ev.emit("messages.upsert", { messages, type });
  }
}

/** Creates fake sockets for the adapter and keeps them, newest last. */
export class FakeSocketFactory {
  readonly sockets: FakeBaileysSocket[] = [];
  readonly create = (options: SocketOptions): WhatsAppSocket => {
    const socket = new FakeBaileysSocket(options);
    this.sockets.push(socket);
    return socket as unknown as WhatsAppSocket;
  };
  get last(): FakeBaileysSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error("no socket created yet");
    return socket;
  }
}

let counter = 0;
const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** An incoming 1:1 message in Baileys' shape. */
export function waMessage(jid: string, message: WAMessage["message"], options: { id?: string; at?: Date; fromMe?: boolean; alt?: string } = {}): WAMessage {
  return {
    key: { remoteJid: jid, id: options.id ?? `3EB0${(++counter).toString(16).padStart(12, "0")}`, fromMe: options.fromMe ?? false, ...(options.alt ? { remoteJidAlt: options.alt } : {}) },
    message,
    messageTimestamp: seconds(options.at ?? new Date()),
    pushName: "Canary Name",
  } as WAMessage;
}

export const waText = (jid: string, text: string, options: Parameters<typeof waMessage>[2] = {}) => waMessage(jid, { conversation: text }, options);
export const waLocation = (jid: string, latitude: number, longitude: number, options: Parameters<typeof waMessage>[2] = {}) =>
  waMessage(jid, { locationMessage: { degreesLatitude: latitude, degreesLongitude: longitude } }, options);
