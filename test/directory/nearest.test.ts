import { describe, expect, it } from "vitest";
import { createDirectory } from "../../src/directory/create-directory.ts";
import { fallbackNotice } from "../../src/directory/describe-service.ts";
import type { ServiceRecord } from "../../src/directory/types.ts";
import { directory, shippedData } from "./helpers.ts";

const place = (text: string) => {
  const found = directory.resolvePlace({ text });
  if (!found) throw new Error(`no place ${text}`);
  return found;
};
const ids = (matches: { service: { id: string } }[]) => matches.map((m) => m.service.id);

describe("nearest", () => {
  it("should put 105 first in an emergency, anywhere and without a place", () => {
    for (const p of [place("mazuko"), place("lima"), place("mancora"), undefined]) {
      expect(directory.nearest(p, ["emergency"])[0]?.service.phones).toEqual(["105"]);
      expect(directory.nearest(p, ["emergency", "gender_violence"])[0]?.service.id).toBe("pnp-105");
      expect(directory.nearest(p, ["gender_violence", "emergency"])[0]?.service.id).toBe("pnp-105");
    }
  });

  it("should offer 24 h services before offices that may be closed in an emergency", () => {
    const matches = directory.nearest(place("puente piedra"), ["emergency", "gender_violence"], { limit: 10 });
    expect(ids(matches).slice(0, 3)).toEqual(["pnp-105", "mimp-linea-100", "cem-puente-piedra"]);
    const firstNot24h = matches.findIndex((m) => m.service.hours !== "24h");
    const lastLocal24h = matches.findLastIndex((m) => m.why !== "national" && m.service.hours === "24h");
    expect(lastLocal24h).toBeLessThan(firstNot24h);
  });

  it("should route gender violence to Línea 100 and the CEM", () => {
    const matches = directory.nearest(place("mancora"), ["gender_violence"]);
    expect(ids(matches).slice(0, 2)).toEqual(["mimp-linea-100", "cem-mancora"]);
    expect(matches[1]).toMatchObject({ why: "local", distanceKm: 0 });
  });

  it("should route labour exploitation to SUNAFIL first", () => {
    expect(ids(directory.nearest(place("juliaca"), ["labor"]))).toEqual([
      "sunafil-sos-alerta",
      "mininter-1818",
      "mpfn-denuncia-en-linea",
    ]);
  });

  it("should route a child to Línea 100, with UPE and DEMUNA information", () => {
    const got = ids(directory.nearest(place("ayabaca piura"), ["child"]));
    expect(got[0]).toBe("mimp-linea-100");
    expect(got).toContain("mimp-upe");
    expect(got).toContain("demuna");
  });

  it("should offer Chat 100 first to young people", () => {
    expect(ids(directory.nearest(place("cusco"), ["youth"]))).toEqual(["mimp-chat-100", "mimp-linea-100"]);
  });

  it("should route suspected trata to Línea 1818 first and missing people to 105", () => {
    expect(directory.nearest(place("mazuko"), ["trafficking"])[0]?.service.id).toBe("mininter-1818");
    expect(directory.nearest(place("mazuko"), ["missing"])[0]?.service.id).toBe("pnp-105");
  });

  it("should fall back honestly to national lines where nothing local is registered", () => {
    const matches = directory.nearest(place("huepetuhe"), ["gender_violence"]);
    expect(matches.every((m) => m.why === "national" && m.distanceKm === undefined)).toBe(true);
    expect(ids(matches)).toContain("mimp-linea-100");
  });

  it("should offer a sourced service elsewhere in the department with its distance", () => {
    const matches = directory.nearest(place("carabayllo"), ["emergency"]);
    const cem = matches.find((m) => m.service.id === "cem-puente-piedra");
    expect(cem).toMatchObject({ why: "province_capital" });
    expect(cem?.distanceKm).toBeGreaterThan(1);
    expect(cem?.distanceKm).toBeLessThan(20);
    // a province-level record is placed at the province capital
    const nieva = directory.nearest(place("imaza"), ["gender_violence"]).find((m) => m.service.id === "cem-condorcanqui");
    expect(nieva?.distanceKm).toBeGreaterThan(50);
  });

  it("should fall back beyond the department to the nearest province capital's service, not further", () => {
    const cem = (id: string, ubigeo: string): ServiceRecord => ({
      id,
      kind: "CEM",
      name: `CEM ${id}`,
      phones: ["01 4000000"],
      hours: "office",
      languages: ["es"],
      ubigeo,
      serves: ["gender_violence"],
      referralCodes: ["CEM"],
      source: "test",
      verifiedOn: "2026-11-24",
      confirmed: true,
      verification: { status: "official" },
    });
    // Huepetuhe (Madre de Dios) has no CEM in its department; Cusco's province capitals are across the border
    const notACapital = shippedData.districts.find((d) => d.provinceCode === "080900" && !d.code.endsWith("01"))!;
    const withCems = createDirectory({
      ...shippedData,
      services: [...shippedData.services, cem("cusco-capital", "080101"), cem("quince-mil", notACapital.code), cem("far", "150101")],
    });
    const matches = withCems.nearest(place("huepetuhe"), ["gender_violence"], { limit: 10 });
    const beyond = matches.filter((m) => m.why === "beyond_department");
    expect(beyond.map((m) => m.service.id)).toEqual(["cusco-capital"]);
    expect(beyond[0]?.distanceKm).toBeGreaterThan(50);
    expect(beyond[0]?.distanceKm).toBeLessThanOrEqual(250);
    // national lines still come first, and the honest notice still says nothing is registered near
    expect(matches[0]?.why).toBe("national");
    expect(fallbackNotice(matches)).toBeDefined();
    // a service in the person's own department wins over any fallback
    const local = createDirectory({ ...shippedData, services: [...withCems.services, cem("pto-maldonado", "170101")] });
    const near = local.nearest(place("huepetuhe"), ["gender_violence"], { limit: 10 });
    expect(near.some((m) => m.why === "beyond_department")).toBe(false);
    expect(near.find((m) => m.service.id === "pto-maldonado")?.why).toBe("province_capital");
  });

  it("should give distances for every non-national match and none for national lines", () => {
    for (const text of ["mancora", "puente piedra", "callao", "nieva"]) {
      for (const m of directory.nearest(place(text), ["gender_violence", "emergency", "child"], { limit: 20 })) {
        if (m.why === "national") expect(m.distanceKm).toBeUndefined();
        else expect(typeof m.distanceKm).toBe("number");
      }
    }
  });

  it("should always include at least one confirmed national line, whatever the limit", () => {
    const local: ServiceRecord[] = Array.from({ length: 6 }, (_, i) => ({
      id: `cem-test-${i}`,
      kind: i % 2 ? "CEM" : "CEM_24H",
      name: `CEM de prueba ${i}`,
      phones: [],
      hours: "24h",
      languages: ["es"],
      ubigeo: "150125",
      serves: ["emergency", "gender_violence"],
      referralCodes: ["CEM"],
      source: "test",
      verifiedOn: "2026-11-24",
      confirmed: true,
    }));
    const crowded = createDirectory({ ...shippedData, services: [...shippedData.services, ...local] });
    const p = crowded.resolvePlace({ text: "puente piedra" });
    for (const limit of [1, 2, 3, 5]) {
      const matches = crowded.nearest(p, ["gender_violence"], { limit });
      expect(matches).toHaveLength(limit);
      expect(matches.some((m) => m.why === "national")).toBe(true);
    }
    // at most two nearby services of one kind, so national lines stay visible
    const many = crowded.nearest(p, ["gender_violence"], { limit: 20 });
    expect(many.filter((m) => m.service.kind === "CEM").length).toBeLessThanOrEqual(2);
  });

  it("should treat no needs or unknown needs as 'general'", () => {
    expect(ids(directory.nearest(undefined, []))).toEqual(ids(directory.nearest(undefined, ["general"])));
    expect(directory.nearest(undefined, ["nonsense" as never]).length).toBeGreaterThan(0);
  });
});

describe("forReferral", () => {
  it("should return the service whose own code it is first", () => {
    expect(directory.forReferral("105")[0]?.phones).toEqual(["105"]);
    expect(directory.forReferral("1818")[0]?.phones).toEqual(["1818"]);
    expect(directory.forReferral("LINEA_100")[0]?.phones).toEqual(["100"]);
    expect(directory.forReferral("CHAT_100")[0]?.id).toBe("mimp-chat-100");
    expect(directory.forReferral("SUNAFIL")[0]?.id).toBe("sunafil-sos-alerta");
    expect(directory.forReferral("DEFENSORIA")[0]?.phones).toEqual(["0800-15170"]);
    expect(directory.forReferral("FISCALIA").map((s) => s.id)).toEqual(["mpfn-denuncia-en-linea"]);
    expect(directory.forReferral("UPE").map((s) => s.id)).toEqual(["mimp-upe", "mimp-linea-100"]);
    expect(directory.forReferral("DEMUNA")[0]?.id).toBe("demuna");
  });

  it("should answer CEM with Línea 100, which gives the nearest CEM, and only national lines", () => {
    expect(directory.forReferral("CEM").map((s) => s.id)).toEqual(["mimp-linea-100"]);
  });

  it("should return nothing rather than a wrong service for MIGRACIONES or unknown codes", () => {
    expect(directory.forReferral("MIGRACIONES")).toEqual([]);
    expect(directory.forReferral("nope")).toEqual([]);
  });
});

describe("nationalLines", () => {
  it("should list confirmed national lines for the needs, best first", () => {
    expect(directory.nationalLines(["emergency"]).map((s) => s.id)).toEqual([
      "pnp-105",
      "mimp-linea-100",
      "mininter-1818",
    ]);
    expect(directory.nationalLines(["gender_violence"])[0]?.id).toBe("mimp-linea-100");
    expect(directory.nationalLines(["labor"])[0]?.id).toBe("sunafil-sos-alerta");
    expect(directory.nationalLines(["emergency"]).every((s) => s.ubigeo === undefined)).toBe(true);
  });
});
