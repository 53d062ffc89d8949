import { describe, expect, it } from "vitest";
import { directory, shippedData } from "./helpers.ts";

const byText = (text: string) => directory.resolvePlace({ text });
const codeOf = (text: string) => byText(text)?.districtCode;

describe("resolvePlace by coordinates", () => {
  it("should resolve Puerto Maldonado to TAMBOPATA (Madre de Dios)", () => {
    const place = directory.resolvePlace({ latitude: -12.593, longitude: -69.189 });
    expect(place).toMatchObject({
      districtCode: "170101",
      district: "TAMBOPATA",
      province: "TAMBOPATA",
      department: "MADRE DE DIOS",
      provinceCode: "170100",
      departmentCode: "170000",
      matchedBy: "coordinates",
    });
    // Distances are measured from where the person is, not from the district capital.
    expect(place?.latitude).toBe(-12.593);
  });

  it("should resolve Lima's centre to LIMA/LIMA/LIMA", () => {
    expect(directory.resolvePlace({ latitude: -12.0464, longitude: -77.03 })?.districtCode).toBe("150101");
  });

  it("should resolve Mazuko's coordinates to INAMBARI", () => {
    expect(directory.resolvePlace({ latitude: -13.1, longitude: -70.37 })?.districtCode).toBe("170102");
  });

  it("should give undefined in the sea, in neighbouring countries and outside the box", () => {
    for (const [latitude, longitude] of [
      [-12.0, -79.0], // Pacific, ~200 km off Lima
      [-8.0, -81.0], // Pacific off La Libertad, inside the box
      [-10.0, -70.0], // Brazil (Acre), inside the box
      [-16.5, -68.15], // La Paz, Bolivia
      [-12.05, -76.9 + 30], // far east
      [40.4, -3.7], // Madrid
      [Number.NaN, -75],
    ] as const) {
      expect(directory.resolvePlace({ latitude, longitude }), `${latitude},${longitude}`).toBeUndefined();
    }
  });

  it("should resolve every district capital to its own district", () => {
    for (const d of shippedData.districts.filter((x) => !x.approximatePoint)) {
      expect(directory.resolvePlace({ latitude: d.latitude, longitude: d.longitude })?.districtCode, d.name).toBe(d.code);
    }
  });
});

describe("resolvePlace by text", () => {
  it.each([
    ["mazuko", "170102"], // capital town of INAMBARI
    ["Mazuco", "170102"],
    ["Huepetuhe", "170204"],
    ["huepetue", "170204"], // typo
    ["HUEPETÚHE", "170204"],
    ["ayabaca piura", "200201"], // district + department
    ["Ayabaca, Piura", "200201"],
    ["Ayabaka", "200201"], // typo
    ["Puerto Maldonado", "170101"], // capital town of TAMBOPATA
    ["PUERTO MALDONADO", "170101"],
    ["puerto maldonao", "170101"],
    ["la pampa", "170102"], // the mining area, see place-aliases.ts
    ["juliaca", "211101"],
    ["lima", "150101"],
    ["Lima Metropolitana", "150101"],
    ["cusco", "080101"],
    ["Cuzco", "080101"],
    ["madre de dios", "170101"], // department → its capital district
    ["Piura", "200101"],
    ["Máncora", "200706"],
    ["vivo en mazuko", "170102"],
    ["distrito de Inambari, provincia de Tambopata", "170102"],
    ["Inambari Tambopata Madre de Dios", "170102"],
    ["mazuko peru", "170102"],
    ["San Juan Lurigancho", "150132"], // "de" left out
    ["la rinconada", "211002"],
    ["Talara", "200701"], // province → capital district PARIÑAS
    ["-12.593, -69.189", "170101"], // coordinates typed as text
  ])("should resolve %j to %s", (text, code) => {
    expect(codeOf(text)).toBe(code);
  });

  it("should resolve chat abbreviations whose district is certain", () => {
    expect(codeOf("pto maldonado")).toBe("170101");
    expect(codeOf("Pto. Maldonado")).toBe("170101");
    expect(codeOf("SJL")).toBe("150132");
    expect(codeOf("vivo en sjl")).toBe("150132");
  });

  it("should report a text match with the district capital's point", () => {
    const place = byText("mazuko");
    expect(place).toMatchObject({ matchedBy: "name", district: "INAMBARI", province: "TAMBOPATA" });
    expect(place?.latitude).toBeCloseTo(-13.1014, 3);
  });

  it("should disambiguate a shared name with the province or department", () => {
    expect(codeOf("santa rosa")).toBeUndefined(); // a district in several departments: no guess
    expect(codeOf("santa rosa lima")).toBe("150139");
    expect(codeOf("la pampa corongo")).toBe("020905"); // the Áncash district, not the mining area
    expect(codeOf("la pampa ancash")).toBe("020905");
    expect(codeOf("pueblo libre")).toBeUndefined();
    expect(codeOf("pueblo libre huaylas")).toBe("021207");
    expect(codeOf("lima pueblo libre")).toBe("150121"); // qualifier first
  });

  it("should prefer the province capital on ties and a much larger district on remaining ties", () => {
    expect(codeOf("tambopata")).toBe("170101"); // not TAMBOPATA in Sandia, Puno
    expect(codeOf("comas")).toBe("150110"); // Lima (~500k people), not Junín
    expect(codeOf("comas concepcion")).not.toBe("150110");
  });

  it("should resolve every district by 'district province'", () => {
    for (const d of shippedData.districts) expect(codeOf(`${d.name} ${d.province}`), `${d.name} ${d.province}`).toBe(d.code);
  });

  it.each(["", "   ", "asdfgh qwerty", "xyz", "hola", "quiero ayuda por favor", "a".repeat(300), "12345"])(
    "should give undefined for %j",
    (text) => {
      expect(byText(text)).toBeUndefined();
    },
  );
});
