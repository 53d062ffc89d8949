import { describe, expect, it } from "vitest";
import { runKillNine } from "./kill-nine.ts";

describe("kill -9 during report submissions (web chat and Telegram)", () => {
  it("should keep every promised report exactly once, every session valid and every reply delivered", { timeout: 600_000 }, async () => {
    const result = await runKillNine({ submissions: 200, telegramSubmissions: 100, concurrency: 24, killEveryMs: 1_500, log: console.log });
    console.log(
      `kill -9: ${result.submissions} web chat + ${result.telegramSubmissions} Telegram submissions, ${result.kills} kills, ${result.retries} retried requests, ${result.reportsInDb} reports, ${result.outboxMessages} Telegram replies (${result.repeatedMessages} repeated after a kill)`,
    );
    expect(result.kills).toBeGreaterThanOrEqual(3);
    expect(result.told).toHaveLength(300);
    expect(result.duplicateCodes).toBe(0);
    expect(result.missingCodes).toEqual([]);
    // every report that exists was shown to its reporter (a retry replays the recorded receipt)
    expect(result.reportsInDb).toBe(300);
    expect(result.unreadableSessions).toBe(0);
    expect(result.invalidSessions).toBe(0);
    // no outbound message lost; a kill between a send and its record repeats that one message (per chat)
    expect(result.unsentOutbox).toBe(0);
    expect(result.lostMessages).toBe(0);
    expect(result.unexpectedMessages).toBe(0);
    expect(result.maxRepeatsInOneChat).toBeLessThanOrEqual(result.kills);
  });
});
