import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DATA_DIR } from "../../src/directory/load-directory.ts";
import { normalizeName } from "../../src/directory/normalize-text.ts";
import { shippedData } from "./helpers.ts";

describe("shipped ubigeo data", () => {
  it("should load 25 departments, 196 provinces and about 1,890 districts with INEI codes", () => {
    expect(shippedData.departments).toHaveLength(25);
    expect(shippedData.provinces).toHaveLength(196);
    expect(shippedData.districts.length).toBeGreaterThan(1880);
    expect(shippedData.districts.length).toBeLessThan(1900);
    for (const d of shippedData.districts) expect(d.code).toMatch(/^\d{6}$/);
  });

  it("should keep INEI and RENIEC apart (Bagua: INEI 010201, RENIEC 010205)", () => {
    const bagua = shippedData.districts.find((d) => d.code === "010201")!;
    expect(bagua.name).toBe("BAGUA");
    expect(bagua.reniec).toBe("010205");
  });

  it("should fold names that span two lines in the CSV", () => {
    expect(shippedData.districts.some((d) => d.capital === "San Juan de Lopecancha")).toBe(true);
    expect(shippedData.districts.every((d) => !/\n/.test(d.capital) && !/\n/.test(d.name))).toBe(true);
  });

  it("should follow the INEI convention the resolver relies on: capitals are DDPP01 and DD0101", () => {
    const byCode = new Map(shippedData.districts.map((d) => [d.code, d]));
    for (const p of shippedData.provinces) {
      expect(normalizeName(byCode.get(`${p.code.slice(0, 4)}01`)!.capital), p.name).toBe(normalizeName(p.capital));
    }
    for (const dep of shippedData.departments) {
      expect(normalizeName(byCode.get(`${dep.code.slice(0, 2)}0101`)!.capital), dep.name).toBe(
        normalizeName(dep.capital),
      );
    }
  });

  it("should give districts without a point in the source their province capital's point, flagged", () => {
    const approximate = shippedData.districts.filter((d) => d.approximatePoint);
    expect(approximate.length).toBeGreaterThan(0);
    expect(approximate.length).toBeLessThan(25);
    const provinces = new Map(shippedData.provinces.map((p) => [p.code, p]));
    for (const d of approximate) expect(d.latitude).toBe(provinces.get(d.provinceCode)!.latitude);
  });

  it("should ship the MIT licence and the source note with the CSVs", () => {
    expect(readFileSync(`${DATA_DIR}/ubigeo/LICENSE`, "utf8")).toMatch(/MIT License[\s\S]*Castagnetto/);
    expect(existsSync(`${DATA_DIR}/ubigeo/SOURCE.md`)).toBe(true);
    expect(readFileSync("THIRD_PARTY_NOTICES.md", "utf8")).toMatch(/ubigeo-peru-aumentado[\s\S]*Natural Earth/);
  });
});
