import { describe, expect, it } from "vitest";
import { fallbackNotice, formatKm, serviceLine, verifiedOnNotice } from "../../src/directory/describe-service.ts";
import type { ServiceRecord } from "../../src/directory/types.ts";
import { directory } from "./helpers.ts";

const byId = (id: string) => directory.services.find((s) => s.id === id)!;

describe("serviceLine", () => {
  it("should describe a national line with its phone and translated hours", () => {
    expect(serviceLine(byId("mimp-linea-100"))).toEqual({
      key: "directory.service_line",
      params: { name: "Línea 100 (Ministerio de la Mujer)", contact: "100", hours: "24h" },
    });
    expect(serviceLine({ service: byId("pnp-105"), why: "national" }).params.contact).toBe("105");
  });

  it("should use the URL when a service has no phone, and literal hours when they are not standard", () => {
    expect(serviceLine(byId("sunafil-sos-alerta")).params.contact).toBe("https://aplicativosweb7.sunafil.gob.pe/si.alerta/");
    expect(serviceLine(byId("mpfn-denuncia-en-linea")).key).toBe("directory.service_line_custom_hours");
  });

  it("should add the distance, rounded, for a service with a place", () => {
    const line = serviceLine({ service: byId("cem-puente-piedra"), why: "province_capital", distanceKm: 10.46 });
    expect(line).toEqual({
      key: "directory.service_line_via_100_distance",
      params: { name: byId("cem-puente-piedra").name, hours: "24h", km: 10 },
    });
    expect(formatKm(3.46)).toBe(3.5);
    expect(formatKm(137.3)).toBe(137);
  });

  it("should never invent a contact: an office without phone or URL points to Línea 100", () => {
    const line = serviceLine({ service: byId("cem-mancora"), why: "local", distanceKm: 0 });
    expect(line.key).toBe("directory.service_line_via_100"); // 0 km says nothing, so no distance
    expect(line.params.contact).toBeUndefined();
    expect(serviceLine(byId("mimp-upe")).key).toBe("directory.service_line_upe");
  });

  it("should list several phones", () => {
    const record: ServiceRecord = { ...byId("cem-mancora"), phones: ["01 4000001", "900 000 001"] };
    expect(serviceLine(record).params.contact).toBe("01 4000001 / 900 000 001");
  });
});

describe("notices", () => {
  it("should give the honest national fallback only when nothing local is listed", () => {
    const p = directory.resolvePlace({ text: "huepetuhe" });
    expect(fallbackNotice(directory.nearest(p, ["gender_violence"]))).toEqual({
      key: "directory.national_fallback",
      params: {},
    });
    const q = directory.resolvePlace({ text: "mancora" });
    expect(fallbackNotice(directory.nearest(q, ["gender_violence"]))).toBeUndefined();
  });

  it("should date the data with the oldest verification date", () => {
    expect(verifiedOnNotice(directory.nationalLines(["emergency"]))).toEqual({
      key: "directory.verified_on",
      params: { date: "2026-11-24" },
    });
  });
});
