import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { CaseSummary } from "../../src/app/console/ports.ts";
import { exportCsv, neutralizeFormula } from "../../src/console/export-csv.ts";
import { createPresenter } from "../../src/console/views/present.ts";
import { createTranslator } from "../../src/i18n/i18n.ts";

const summary: CaseSummary = {
  id: "3f9a1c2e-0000-4000-8000-000000000001",
  codeTail: "WB2F",
  channel: "webchat",
  locale: "es",
  kind: "=HYPERLINK(\"http://x\")",
  urgency: "high",
  categories: ["deceptive_recruitment"],
  minor: false,
  referrals: ["1818"],
  reasons: [],
  departmentCode: "170000",
  provinceCode: "170100",
  districtCode: "170102",
  status: "new",
  assigneeId: undefined,
  referredTo: undefined,
  referredAt: undefined,
  outcome: undefined,
  createdAt: new Date("2026-12-01T12:00:00Z"),
  updatedAt: new Date("2026-12-01T12:00:00Z"),
  closedAt: undefined,
};

describe("CSV export", () => {
  it("should neutralize a formula at the start of every segment a spreadsheet might split the cell into", () => {
    expect(neutralizeFormula("x;=1+1;@SUM(1)")).toBe("x;'=1+1;'@SUM(1)");
    expect(neutralizeFormula("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(neutralizeFormula("hola, +51 987")).toBe("hola, '+51 987");
    expect(neutralizeFormula("línea\n-2+3")).toBe("línea\n'-2+3");
    expect(neutralizeFormula("  \"=1+1")).toBe("  \"'=1+1");
    expect(neutralizeFormula("\tcmd")).toBe("'\tcmd");
    expect(neutralizeFormula("ofrecen 3 - 4 soles; pasaje pagado")).toBe("ofrecen 3 - 4 soles; pasaje pagado");
  });

  it("should quote every cell and leave no field that starts a formula, with , or ; as the separator", () => {
    const p = createPresenter(createTranslator(), { districtByCode: () => undefined });
    const facts = { description: "x;=1+1;@SUM(1)", details: "-2+3,=A1", place: { text: "@Mazuko" } };
    const csv = exportCsv(p, { rows: [{ summary, facts }], names: {} });
    const body = csv.replace(/^\ufeff/, "");
    for (const line of body.trim().split("\n")) expect(line).toMatch(/^".*"$/);
    for (const delimiter of [",", ";"]) {
      // a naive reader: split on the separator, strip the quotes
      const fields = body.split(/\r?\n/).flatMap((line) => line.split(delimiter)).map((f) => f.replace(/^"+|"+$/g, "").trimStart());
      expect(fields.filter((f) => /^[=+\-@]/.test(f)), delimiter).toEqual([]);
    }
    const [, row] = parse(body) as string[][];
    expect(row).toContain("x;'=1+1;'@SUM(1)");
    expect(row).toContain("'-2+3,'=A1");
  });
});
