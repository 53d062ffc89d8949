import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CodeLookupThrottle } from "../../src/app/reports/code-lookup-throttle.ts";
import { caseCodeFromBytes, parseCaseCode } from "../../src/core/case-code.ts";
import { startTestService } from "../helpers/test-service.ts";

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

  it("should throttle 1,000 random guesses and find nothing", async () => {
    const t = await startTestService();
    try {
      // a real report exists, so a lucky guess would be visible
      const chat = "guessing-chat-01";
      const throttle = new CodeLookupThrottle();
      const now = new Date();
      let allowed = 0;
      let found = 0;
      for (let i = 0; i < 1_000; i++) {
        const guess = caseCodeFromBytes(randomBytes(10));
        if (!throttle.allow(`conv-${i % 3}`, now)) continue;
        allowed++;
        if (await t.service.store.reports.findByCodeHash(t.service.identity.caseCodeHash(guess))) found++;
      }
      expect(found).toBe(0);
      expect(allowed).toBeLessThanOrEqual(15); // 5 per conversation per window
      // through the bot: the same neutral answer for every wrong code, then "slow down" without a lookup
      const { service } = t;
      const send = (text: string, n: number) =>
        service.handleInbound({ channel: "webchat", chatRef: chat, messageId: `g${n}`, content: { kind: "text", text } });
      await send("hola", 0);
      await send("1", 1);
      const answers = new Set<string>();
      for (let i = 0; i < 8; i++) {
        await send("menu", 100 + i);
        await send("Seguir mi caso", 200 + i);
        const r = await send(caseCodeFromBytes(randomBytes(10)), 300 + i);
        answers.add(r.messages[0]!.text);
      }
      expect(answers.size).toBeLessThanOrEqual(2);
      expect([...answers].join(" ")).toMatch(/No encontramos/);
    } finally {
      await t.cleanup();
    }
  });
});
