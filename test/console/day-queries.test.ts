import { describe, expect, it } from "vitest";
import { ZStatsQuery } from "../../src/console/console.types.ts";

describe("console day filters", () => {
  it("should accept calendar days and an empty field", () => {
    expect(ZStatsQuery.safeParse({ from: "2026-02-28", to: "2028-02-29" }).success).toBe(true);
    expect(ZStatsQuery.safeParse({ from: "", to: "" }).success).toBe(true);
  });

  it("should refuse days that are not on the calendar (they reached the database as an invalid date: a 500)", () => {
    for (const from of ["2026-13-45", "2026-02-30", "2027-02-29", "2026-00-10"]) expect(ZStatsQuery.safeParse({ from }).success, from).toBe(false);
  });
});
