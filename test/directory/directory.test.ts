import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Need, serviceLine } from "../../src/directory/index.ts";
import { loadDirectory } from "../../src/directory/load-directory.ts";
import { createTranslator } from "../../src/i18n/i18n.ts";

const directory = loadDirectory();
const t = createTranslator();
const NEEDS: Need[] = ["emergency", "trafficking", "gender_violence", "child", "youth", "labor", "missing", "general"];

describe("directory", () => {
  it("should ship sourced service records only, with the national lines", () => {
    for (const s of directory.services) expect(s.source.length).toBeGreaterThan(5);
    const phones = directory.services.filter((s) => s.confirmed).flatMap((s) => s.phones);
    expect(phones).toEqual(expect.arrayContaining(["105", "1818", "100", "0800-15170"]));
  });

  it("should never show an unconfirmed service", () => {
    const unconfirmed = new Set(directory.services.filter((s) => !s.confirmed).map((s) => s.id));
    expect(unconfirmed.size).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.double({ min: -18.4, max: 0.4, noNaN: true }), fc.double({ min: -81.4, max: -68.6, noNaN: true }), fc.subarray(NEEDS, { minLength: 1 }), (lat, lon, needs) => {
        const matches = directory.nearest(directory.resolvePlace({ latitude: lat, longitude: lon }), needs);
        expect(matches.length).toBeGreaterThan(0);
        for (const m of matches) expect(unconfirmed.has(m.service.id)).toBe(false);
      }),
      { numRuns: 300 },
    );
    for (const code of ["105", "1818", "LINEA_100", "CHAT_100", "CEM", "FISCALIA", "SUNAFIL", "UPE", "DEMUNA", "DEFENSORIA"]) {
      for (const s of directory.forReferral(code)) expect(s.confirmed).toBe(true);
    }
  });

  it("should resolve shared locations to districts, and nothing outside Peru", () => {
    expect(directory.resolvePlace({ latitude: -12.593, longitude: -69.189 })?.district).toBe("TAMBOPATA");
    expect(directory.resolvePlace({ latitude: -12.0464, longitude: -77.0428 })?.district).toBe("LIMA");
    expect(directory.resolvePlace({ latitude: -10, longitude: -90 })).toBeUndefined();
    expect(directory.resolvePlace({ latitude: 40.4, longitude: -3.7 })).toBeUndefined();
  });

  it.each([
    ["mazuko", "INAMBARI"],
    ["Huepetuhe", "HUEPETUHE"],
    ["huepetue", "HUEPETUHE"],
    ["ayabaca piura", "AYABACA"],
    ["Ayabaka", "AYABACA"],
    ["PUERTO MALDONADO", "TAMBOPATA"],
    ["juliaca", "JULIACA"],
    ["Cusco", "CUSCO"],
    ["la pampa", "INAMBARI"],
    ["en Lima", "LIMA"],
  ])("should resolve the typed place %s", (text, district) => {
    expect(directory.resolvePlace({ text })?.district).toBe(district);
  });

  it("should not guess wildly", () => {
    expect(directory.resolvePlace({ text: "xyzzy" })).toBeUndefined();
    expect(directory.resolvePlace({ text: "la" })).toBeUndefined();
  });

  it("should put 105 first in an emergency and route needs to the right lines", () => {
    const place = directory.resolvePlace({ text: "mazuko" });
    expect(directory.nearest(place, ["emergency"])[0]!.service.phones).toEqual(["105"]);
    expect(directory.nearest(place, ["gender_violence"]).map((m) => m.service.id)).toContain("mimp-linea-100");
    expect(directory.nearest(place, ["labor"]).map((m) => m.service.id)).toContain("sunafil-sos");
    expect(directory.nearest(undefined, ["child"]).map((m) => m.service.id)).toContain("mimp-linea-100");
  });

  it("should render a service line with phone and hours in three languages", () => {
    const line = serviceLine(directory.forReferral("1818")[0]!);
    expect(t.t("es", line.key, line.params)).toBe("Línea 1818 opción 1 — denuncias de trata (MININTER), anónimo: 1818 (horario por confirmar)");
    expect(t.t("en", line.key, line.params)).toContain("hours to be confirmed");
    const withKm = serviceLine({ service: directory.forReferral("105")[0]!, distanceKm: 12, why: "local" });
    expect(t.t("es", withKm.key, withKm.params)).toContain("a 12 km");
  });
});
