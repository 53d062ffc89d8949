import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { ZServiceRecord, ZServicesFile, NEEDS, REFERRAL_CODES, type Need } from "../../src/directory/types.ts";
import { DATA_DIR } from "../../src/directory/load-directory.ts";
import { directory, shippedData } from "./helpers.ts";

const file = JSON.parse(readFileSync(`${DATA_DIR}/services.json`, "utf8"));
const unconfirmedIds = new Set(shippedData.services.filter((s) => !s.confirmed).map((s) => s.id));

describe("services.json", () => {
  it("should validate against the schema, with unique ids", () => {
    const parsed = ZServicesFile.parse(file);
    const ids = parsed.services.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("should give every entry a source and a verification date", () => {
    for (const s of shippedData.services) {
      expect(s.source, s.id).toMatch(/^(https?:\/\/\S+|REFERENCE\.md §\d+(\.\d+)?)$/);
      expect(s.verifiedOn, s.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("should ship the national lines of REFERENCE.md §1 with the documented numbers", () => {
    const byId = new Map(shippedData.services.map((s) => [s.id, s]));
    expect(byId.get("pnp-105")).toMatchObject({ phones: ["105"], confirmed: true });
    expect(byId.get("pnp-105")?.note).toMatch(/unconfirmed/i);
    expect(byId.get("mininter-1818")).toMatchObject({ phones: ["1818"], hours: "unknown", confirmed: true });
    expect(byId.get("mimp-linea-100")).toMatchObject({ phones: ["100"], hours: "24h", languages: ["es", "qu", "ay"] });
    expect(byId.get("mimp-chat-100")?.url).toMatch(/^https:\/\/www\.gob\.pe\//);
    expect(byId.get("sunafil-sos-alerta")?.url).toBe("https://aplicativosweb7.sunafil.gob.pe/si.alerta/");
    expect(byId.get("defensoria-0800-15170")?.phones).toEqual(["0800-15170"]);
    expect(byId.get("mpfn-denuncia-en-linea")?.note).toMatch(/NOT ANONYMOUS/);
    expect(byId.get("mpfn-denuncia-en-linea")?.name).toMatch(/no es anónima/);
    for (const id of ["pnp-114-menores-desaparecidos", "mpfn-0800-00-205", "minjus-1884"]) {
      expect(byId.get(id)?.confirmed, id).toBe(false);
    }
  });

  it("should record truthfully how each record was checked, and why 105 and Chat 100 are shown anyway", () => {
    for (const s of shippedData.services) {
      expect(s.verification, s.id).toBeDefined();
      if (!s.confirmed) expect(s.verification?.status, s.id).toBe("unconfirmed");
      if (s.confirmed && s.verification?.status === "unconfirmed") expect(s.verification.exception?.length, s.id).toBeGreaterThan(40);
    }
    const byId = new Map(shippedData.services.map((s) => [s.id, s]));
    // REFERENCE.md §1.4: 105 is widely known but no official page was retrieved
    expect(byId.get("pnp-105")).toMatchObject({ confirmed: true, verification: { status: "unconfirmed" } });
    expect(byId.get("pnp-105")?.verification?.exception).toMatch(/REFERENCE\.md §1\.4/);
    // §1.3: the chat's own URL is unconfirmed; the link is the program's page, and the name says so
    expect(byId.get("mimp-chat-100")).toMatchObject({ confirmed: true, verification: { status: "unconfirmed" } });
    expect(byId.get("mimp-chat-100")?.name).toMatch(/página del programa en gob\.pe/);
  });

  it("should refuse a record shown with unconfirmed contact details and no stated exception", () => {
    const record = { ...shippedData.services.find((s) => s.id === "pnp-105")!, verification: { status: "unconfirmed" } };
    expect(ZServiceRecord.safeParse(record).success).toBe(false);
    expect(ZServiceRecord.safeParse({ ...record, confirmed: false }).success).toBe(true);
  });

  it("should never carry a phone or address for a local office whose source gives none", () => {
    for (const id of ["cem-mancora", "cem-puente-piedra", "cem-condorcanqui"]) {
      const s = shippedData.services.find((x) => x.id === id)!;
      expect(s.phones, id).toEqual([]);
      expect(s.address, id).toBeUndefined();
      expect(s.latitude, id).toBeUndefined();
    }
  });

  it("should place every located service on a known INEI code", () => {
    const codes = new Set([
      ...shippedData.districts.map((d) => d.code),
      ...shippedData.provinces.map((p) => p.code),
      ...shippedData.departments.map((d) => d.code),
    ]);
    for (const s of shippedData.services.filter((x) => x.ubigeo)) expect(codes.has(s.ubigeo!), s.id).toBe(true);
  });
});

describe("unconfirmed services", () => {
  it("should never appear in nearest() for any district and need", () => {
    for (const d of shippedData.districts) {
      const place = directory.resolvePlace({ text: `${d.name} ${d.province}` });
      for (const need of NEEDS) {
        for (const match of directory.nearest(place, [need], { limit: 20 })) {
          expect(unconfirmedIds.has(match.service.id), `${d.code} ${need} ${match.service.id}`).toBe(false);
          expect(match.service.confirmed).toBe(true);
        }
      }
    }
  });

  it("should never appear for any combination of needs, limits and places (property)", () => {
    const needs = fc.uniqueArray(fc.constantFrom(...NEEDS), { maxLength: NEEDS.length });
    const point = fc.record({
      latitude: fc.double({ min: -18.5, max: 0.5, noNaN: true }),
      longitude: fc.double({ min: -81.5, max: -68.5, noNaN: true }),
    });
    fc.assert(
      fc.property(point, needs, fc.integer({ min: 1, max: 30 }), (p, wanted: Need[], limit) => {
        const matches = directory.nearest(directory.resolvePlace(p), wanted, { limit });
        expect(matches.length).toBeGreaterThan(0);
        expect(matches.length).toBeLessThanOrEqual(limit);
        expect(matches.every((m) => m.service.confirmed)).toBe(true);
        expect(matches.some((m) => m.why === "national")).toBe(true);
        expect(directory.nationalLines(wanted).every((s) => s.confirmed)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("should never appear in forReferral() or nationalLines()", () => {
    for (const code of [...REFERRAL_CODES, "UNKNOWN"]) {
      expect(directory.forReferral(code).filter((s) => unconfirmedIds.has(s.id))).toEqual([]);
    }
    for (const need of NEEDS) {
      expect(directory.nationalLines([need]).filter((s) => unconfirmedIds.has(s.id))).toEqual([]);
    }
  });
});
