import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "../../src/directory/decode-text.ts";
import { type CemImportResult, parseCemCsv } from "../../src/directory/import-cem-csv.ts";
import { ZServiceRecord } from "../../src/directory/types.ts";
import { shippedData } from "./helpers.ts";

const FIXTURES = new URL("./fixtures/", import.meta.url);
const SOURCE = "https://example.test/Consolidado_Directorio_Nacional.csv";
const districts = new Map(shippedData.districts.map((d) => [d.code, d]));
const COORDINATOR_NAMES = [
  "María Quispe Mamani",
  "José Pérez Huamán",
  "Rosa Condori Ccama",
  "Ana Flores Torres",
  "Raúl Tito Sucso",
  "Quispe",
  "Condori",
];

function importFixture(file: string, withDistricts = true): CemImportResult & { encoding: string } {
  const { text, encoding } = decodeCsvBytes(readFileSync(new URL(file, FIXTURES)));
  const result = parseCemCsv(text, {
    source: SOURCE,
    verifiedOn: "2026-11-24",
    ...(withDistricts ? { districts } : {}),
  });
  return { ...result, encoding };
}

describe("parseCemCsv", () => {
  const result = importFixture("cem-mimp.csv");

  it("should import the good CEM rows as confirmed records citing the given source", () => {
    expect(result.records.map((r) => r.id)).toEqual([
      "cem-150110-cem-comisaria-santa-luzmila",
      "cem-070101-cem-callao",
      "cem-170101-cem-tambopata",
      "cem-200706-cem-mancora",
      "cem-170102-cem-mazuko",
    ]);
    for (const r of result.records) {
      expect(ZServiceRecord.parse(r)).toEqual(r);
      expect(r).toMatchObject({ kind: "CEM", hours: "unknown", confirmed: true, source: SOURCE, referralCodes: ["CEM"] });
    }
  });

  it("should drop the coordinator's personal name: no name survives anywhere in the records", () => {
    const json = JSON.stringify(result.records);
    for (const name of COORDINATOR_NAMES) expect(json).not.toContain(name);
    for (const r of result.records) expect(Object.keys(r).some((k) => /coo?r?dinador/i.test(k))).toBe(false);
  });

  it("should zero-pad a numeric ubigeo (70101 → 070101)", () => {
    expect(result.records.find((r) => r.name === "CEM CALLAO")?.ubigeo).toBe("070101");
  });

  it("should drop coordinates outside Peru, keep the record and warn", () => {
    const tambopata = result.records.find((r) => r.name === "CEM TAMBOPATA")!;
    expect(tambopata.latitude).toBeUndefined();
    expect(tambopata.longitude).toBeUndefined();
    const swapped = result.records.find((r) => r.ubigeo === "200706")!;
    expect(swapped.latitude).toBeUndefined();
    expect(result.warnings.filter((w) => /outside Peru/.test(w.message)).map((w) => w.line)).toEqual([4, 5]);
    const comas = result.records[0]!;
    expect([comas.latitude, comas.longitude]).toEqual([-11.9375, -77.0586]);
  });

  it("should keep only phones that look Peruvian, written as dialled", () => {
    expect(result.records[0]?.phones).toEqual(["01 4000001", "900 000 001"]);
    expect(result.records[1]?.phones).toEqual(["01 4000002"]); // bare 7 digits in Callao → Lima area code
    expect(result.records[2]?.phones).toEqual(["082 000003"]); // extension cut, 6-digit local number dropped
    expect(result.warnings).toContainEqual({ line: 4, message: expect.stringMatching(/'000004'.*dropped/) });
    expect(result.records[4]?.phones).toEqual([]); // "sin teléfono"
  });

  it("should fold a quoted multi-line address and count lines from the file", () => {
    expect(result.records[3]?.address).toBe("Av. Ficticia s/n Frente a la plaza");
  });

  it("should skip other MIMP service types (SAU, shelters) without calling them errors", () => {
    expect(result.skipped).toEqual([
      { line: 7, centro: "Servicio de Atención Urgente - SAU" },
      { line: 8, centro: "Hogares de Refugio Temporal - HRT" },
    ]);
    expect(JSON.stringify(result.records)).not.toMatch(/HRT|SAU/);
  });

  it("should report bad rows with their line numbers", () => {
    expect(result.errors).toEqual([
      { line: 9, message: "Ubigeo 219999 is not a known INEI district" },
      { line: 10, message: "'Centro de Atención' is empty" },
      { line: 11, message: "Ubigeo 'AYAC' is not a 6-digit INEI code" },
      { line: 13, message: "duplicate of line 2 (same ubigeo and name)" },
    ]);
  });

  it("should warn when the Distrito column disagrees with the ubigeo", () => {
    expect(result.warnings).toContainEqual({
      line: 12,
      message: "Distrito 'MAZUKO' does not match ubigeo 170102 (INAMBARI); the ubigeo is kept",
    });
  });

  it("should give the same ids on a re-import (idempotent)", () => {
    const again = importFixture("cem-mimp.csv");
    expect(again.records).toEqual(result.records);
  });

  it("should read a Latin-1, ';'-separated file with decimal commas", () => {
    const latin1 = importFixture("cem-latin1-semicolon.csv");
    expect(latin1.encoding).toBe("latin1");
    expect(latin1.errors).toEqual([]);
    expect(latin1.records[0]).toMatchObject({
      id: "cem-150110-cem-comisaria-santa-luzmila",
      name: "CEM COMISARÍA SANTA LUZMILA",
      latitude: -11.9375,
      longitude: -77.0586,
    });
    expect(latin1.records.map((r) => r.id)).toEqual(
      result.records.filter((r) => ["150110", "070101", "200706"].includes(r.ubigeo!)).map((r) => r.id),
    );
    for (const name of COORDINATOR_NAMES) expect(JSON.stringify(latin1.records)).not.toContain(name);
  });

  it("should refuse a file with a missing required column with one clear error", () => {
    const missing = importFixture("cem-missing-column.csv");
    expect(missing.records).toEqual([]);
    expect(missing.errors).toEqual([{ line: 1, message: "missing required column(s): Teléfono, COORD_Y" }]);
  });

  it("should still import without a district table, checking only the code's shape", () => {
    const loose = importFixture("cem-mimp.csv", false);
    expect(loose.records.map((r) => r.ubigeo)).toContain("219999");
    expect(loose.errors.map((e) => e.line)).toEqual([10, 11, 13]);
  });

  it("should report an empty or broken file instead of throwing", () => {
    const options = { source: SOURCE, verifiedOn: "2026-11-24" };
    expect(parseCemCsv("", options).errors).toEqual([{ line: 1, message: "the file is empty" }]);
    const broken = parseCemCsv('Departamento,"Provincia\nLIMA,"LIMA', options);
    expect(broken.records).toEqual([]);
    expect(broken.errors[0]?.message).toMatch(/not a readable CSV file/);
  });
});
