import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { haversineKm, isNearPeruOutline } from "../../src/directory/geo.ts";
import { editDistance, normalizeName, slugify } from "../../src/directory/normalize-text.ts";
import { shippedData } from "./helpers.ts";

describe("normalizeName", () => {
  it("should drop accents, case, punctuation and the connectors de/del", () => {
    expect(normalizeName("  Huepetúhe ")).toBe("huepetuhe");
    expect(normalizeName("IÑAPARI")).toBe("inapari");
    expect(normalizeName("San Juan de Lurigancho")).toBe("san juan lurigancho");
    expect(normalizeName("Ayabaca, Piura.")).toBe("ayabaca piura");
    expect(slugify("CEM Comisaría Santa Luzmila")).toBe("cem-comisaria-santa-luzmila");
  });
});

describe("editDistance", () => {
  it("should count edits and adjacent swaps, capped at max + 1", () => {
    expect(editDistance("ayabaka", "ayabaca", 2)).toBe(1);
    expect(editDistance("huepetue", "huepetuhe", 2)).toBe(1);
    expect(editDistance("juliaac", "juliaca", 2)).toBe(1); // adjacent swap
    expect(editDistance("lima", "cusco", 1)).toBe(2);
  });

  it("should be symmetric and zero only for equal strings (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b, 3);
        expect(editDistance(b, a, 3)).toBe(d);
        expect(d === 0).toBe(a === b);
      }),
    );
  });
});

describe("geo", () => {
  it("should measure Lima–Puerto Maldonado at about 855 km", () => {
    expect(haversineKm(-12.0453, -77.0308, -12.5936, -69.1767)).toBeCloseTo(855, -1);
  });

  it("should count every district capital as in Peru", () => {
    for (const d of shippedData.districts) expect(isNearPeruOutline(d.latitude, d.longitude), d.name).toBe(true);
  });
});
