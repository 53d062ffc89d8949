import { describe, expect, it } from "vitest";
import { runKillNine } from "./kill-nine.ts";

describe("kill -9 during report submissions (web chat)", () => {
  it("should keep every promised report exactly once and every session readable", { timeout: 600_000 }, async () => {
    const result = await runKillNine({ submissions: 300, concurrency: 24, killEveryMs: 1_500, log: console.log });
    console.log(
      `kill -9: ${result.submissions} submissions, ${result.kills} kills, ${result.retries} retried requests, ${result.reportsInDb} reports`,
    );
    expect(result.kills).toBeGreaterThanOrEqual(3);
    expect(result.told).toHaveLength(300);
    expect(result.duplicateCodes).toBe(0);
    expect(result.missingCodes).toEqual([]);
    // every report that exists was shown to its reporter (a retry replays the recorded receipt)
    expect(result.reportsInDb).toBe(300);
    expect(result.unreadableSessions).toBe(0);
  });
});
