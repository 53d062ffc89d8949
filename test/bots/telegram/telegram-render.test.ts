import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapUpdate } from "../../../src/bots/telegram/map-update.ts";
import { renderTelegram, splitText, TELEGRAM_TEXT_LIMIT } from "../../../src/bots/telegram/render-telegram.ts";

const chat = { id: 5550001, type: "private" as const, first_name: "Canary" };
const from = { id: 5550001, is_bot: false, first_name: "Canary" };

describe("Telegram update mapping", () => {
  it("should keep only the largest photo's file_id and a document's file_id", () => {
    const photo = mapUpdate({
      update_id: 7,
      message: {
        message_id: 1, date: 0, chat, from, caption: "CANARY-CAPTION",
        photo: [
          { file_id: "small-id", file_unique_id: "u1", width: 90, height: 90 },
          { file_id: "large-id", file_unique_id: "u2", width: 1280, height: 1280 },
        ],
      },
    });
    expect(photo).toEqual({
      kind: "inbound",
      inbound: { channel: "telegram", chatRef: "5550001", messageId: "7", content: { kind: "media", mediaType: "photo", ref: "large-id" }, languageHint: undefined },
    });
    const doc = mapUpdate({ update_id: 8, message: { message_id: 2, date: 0, chat, from, document: { file_id: "doc-id", file_unique_id: "u3", file_name: "CANARY.pdf" } } });
    expect(doc.kind === "inbound" && doc.inbound.content).toEqual({ kind: "media", mediaType: "document", ref: "doc-id" });
    expect(JSON.stringify([photo, doc])).not.toContain("CANARY");
  });

  it("should map presses, groups, edits and stickers", () => {
    const press = mapUpdate({ update_id: 9, callback_query: { id: "cb1", from, chat_instance: "x", data: "abc.yes", message: { message_id: 4, date: 0, chat, text: "…" } } });
    expect(press).toMatchObject({ kind: "inbound", callbackQueryId: "cb1", pressedMessageId: 4, inbound: { content: { kind: "choice", id: "abc.yes" } } });
    expect(mapUpdate({ update_id: 10, message: { message_id: 5, date: 0, chat: { id: -100, type: "group", title: "g" }, from, text: "hola" } })).toEqual({ kind: "group", chatId: -100 });
    expect(mapUpdate({ update_id: 11, edited_message: { message_id: 5, date: 0, edit_date: 1, chat, from, text: "x" } })).toEqual({ kind: "edited", chatId: 5550001 });
    const sticker = mapUpdate({ update_id: 12, message: { message_id: 6, date: 0, chat, from, sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } } });
    expect(sticker.kind === "inbound" && sticker.inbound.content).toEqual({ kind: "unsupported", what: "sticker" });
  });
});

describe("Telegram rendering", () => {
  it("should split long texts below the limit at line breaks, then spaces, losing no words", () => {
    const word = fc.stringMatching(/^[a-zñáé0-9]{1,30}$/);
    const text = fc.array(fc.tuple(word, fc.constantFrom(" ", "\n")), { minLength: 1, maxLength: 600 }).map((parts) => parts.map(([w, s]) => w + s).join("").trim());
    fc.assert(
      fc.property(text, fc.integer({ min: 40, max: 400 }), (t, limit) => {
        const parts = splitText(t, limit);
        for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
        expect(parts.join(" ").split(/\s+/)).toEqual(t.split(/\s+/));
      }),
    );
    const lines = Array.from({ length: 300 }, (_, i) => `Línea ${i}: llama al 1818 o al 105.`).join("\n");
    const parts = splitText(lines);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(part.endsWith("105.")).toBe(true); // cut at a line break, not inside a line
    }
    // no space at all: a hard cut, still nothing lost
    expect(splitText("x".repeat(9000)).join("")).toBe("x".repeat(9000));
  });

  it("should put the keyboard on the last part only and refuse oversized button ids", () => {
    const sends = renderTelegram({ text: "a ".repeat(3000), buttons: [{ id: "f.yes", label: "Sí" }] }, { removeReplyKeyboard: false, locationLabel: "📍" });
    expect(sends).toHaveLength(2);
    expect(sends[0]!.reply_markup).toBeUndefined();
    expect(sends[1]!.reply_markup).toEqual({ inline_keyboard: [[{ text: "Sí", callback_data: "f.yes" }]] });
    const location = renderTelegram({ text: "¿Dónde?", requestLocation: true, buttons: [{ id: "f.skip", label: "Saltar" }] }, { removeReplyKeyboard: false, locationLabel: "📍" });
    expect(location[0]!.reply_markup).toMatchObject({ keyboard: [[{ text: "📍", request_location: true }], [{ text: "Saltar" }]], one_time_keyboard: true });
    expect(() => renderTelegram({ text: "x", buttons: [{ id: "é".repeat(33), label: "x" }] }, { removeReplyKeyboard: false, locationLabel: "📍" })).toThrow(/callback_data/);
  });
});
