import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CodeLookupThrottle, DEFAULT_CODE_LOOKUP_LIMITS } from "../../src/app/reports/code-lookup-throttle.ts";
import { caseCodeFromBytes, parseCaseCode } from "../../src/core/case-code.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { startTestService } from "../helpers/test-service.ts";
import { webchatClient } from "../helpers/webchat-report.ts";

describe("case codes", () => {
  it("should carry 80 random bits in an unambiguous, case-insensitive alphabet", () => {
    const codes = new Set(Array.from({ length: 5_000 }, () => caseCodeFromBytes(randomBytes(10))));
    expect(codes.size).toBe(5_000);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(parseCaseCode(code.toLowerCase().replace(/-/g, " "))).toBe(code);
    }
    expect(caseCodeFromBytes(Buffer.alloc(10, 0xff))).toBe("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    expect(parseCaseCode("K7QM-3XDP-9RTA-WB2O")).toBe("K7QM-3XDP-9RTA-WB20");
    expect(parseCaseCode("too short")).toBeUndefined();
    expect(parseCaseCode("UUUU-UUUU-UUUU-UUUU")).toBeUndefined();
  });

  // 3,500 real turns through the bot: about 12 s on a quiet 2-core machine, so a loaded one gets room
  it("should throttle 1,000 guesses sent through the bot from rotating chats and addresses, find nothing, and tell the real reporter to wait rather than that their code is unknown", { timeout: 90_000 }, async () => {
    const clock = fixedClock(new Date("2026-12-01T12:00:00Z"));
    const t = await startTestService({}, { clock });
    try {
      const code = await webchatClient(t.app, "real-reporter-01").fileReport("Ofrecen trabajo en la mina con pasaje pagado");
      const turn = async (chat: string, address: string, text: string, id: string) =>
        (await t.service.handleInbound({ channel: "webchat", chatRef: chat, messageId: id, clientKey: address, content: { kind: "text", text } })).messages
          .map((m) => m.text)
          .join("\n");
      const answers = { throttled: 0, unknown: 0, found: 0 };
      const classify = (text: string) => {
        if (/espera unos minutos/i.test(text)) answers.throttled++;
        else if (text.includes("No encontramos")) answers.unknown++;
        else if (text.includes("Estado de tu caso")) answers.found++;
        else throw new Error(`unexpected answer: ${text}`);
      };
      // the attacker opens a new chat every 5 guesses and a new address every 10, dodging the per-chat and
      // per-address limits: only the global budget is left
      for (let i = 0; i < 1_000; i++) {
        const chat = `guess-chat-${Math.floor(i / 5)}`;
        const address = `address-${Math.floor(i / 10)}`;
        if (i % 5 === 0) await turn(chat, address, "hola", `${i}-h`);
        await turn(chat, address, "menu", `${i}-m`);
        await turn(chat, address, "5", `${i}-f`);
        classify(await turn(chat, address, caseCodeFromBytes(randomBytes(10)), `${i}-c`));
      }
      expect(answers.found).toBe(0);
      expect(answers.unknown).toBe(DEFAULT_CODE_LOOKUP_LIMITS.global);
      expect(answers.throttled).toBe(1_000 - DEFAULT_CODE_LOOKUP_LIMITS.global);

      // the real reporter, during the flood: "wait a few minutes", never "no such code"
      const reporter = async (id: string) => {
        await turn("real-reporter-02", "reporter-address", "hola", `${id}-h`);
        await turn("real-reporter-02", "reporter-address", "menu", `${id}-m`);
        await turn("real-reporter-02", "reporter-address", "5", `${id}-f`);
        return turn("real-reporter-02", "reporter-address", code, `${id}-c`);
      };
      const during = await reporter("r1");
      expect(during).toMatch(/espera unos minutos/i);
      expect(during).not.toContain("No encontramos");
      clock.advance(61_000);
      expect(await reporter("r2")).toContain("Estado de tu caso");
    } finally {
      await t.cleanup();
    }
  });
});

describe("CodeLookupThrottle", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const at = (s: number) => new Date(now.getTime() + s * 1000);

  it("should take back only the successful attempt: mixing in a known code buys no extra guesses", () => {
    const throttle = new CodeLookupThrottle({ ...DEFAULT_CODE_LOOKUP_LIMITS, perConversation: 3 });
    expect(throttle.allow("c", at(1))).toBe(true); // wrong
    expect(throttle.allow("c", at(2))).toBe(true); // wrong
    expect(throttle.allow("c", at(3))).toBe(true); // right
    throttle.forgive("c", at(3));
    expect(throttle.allow("c", at(4))).toBe(true); // wrong: the third allowed try
    expect(throttle.allow("c", at(5))).toBe(false);
    throttle.forgive("c", at(5)); // a throttled try recorded nothing, so there is nothing to take back
    expect(throttle.allow("c", at(6))).toBe(false);
    // after the window the conversation may try again
    expect(throttle.allow("c", at(16 * 60))).toBe(true);
  });

  it("should bound one client address across all the conversations it opens", () => {
    const throttle = new CodeLookupThrottle({ ...DEFAULT_CODE_LOOKUP_LIMITS, perClient: 4 });
    const results = Array.from({ length: 6 }, (_, i) => throttle.allow(`conversation-${i}`, at(i), "one-address"));
    expect(results).toEqual([true, true, true, true, false, false]);
    expect(throttle.allow("conversation-9", at(7), "another-address")).toBe(true);
    expect(throttle.allow("conversation-9", at(8))).toBe(true); // channels without an address: per chat and global only
  });
});
