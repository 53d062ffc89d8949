import { createGeography } from "./geography.ts";
import { createServiceRanker } from "./rank-services.ts";
import { createCoordinateResolver } from "./resolve-coordinates.ts";
import { createTextResolver } from "./resolve-text.ts";
import type { Directory, DirectoryData } from "./types.ts";

/**
 * Builds the directory from already-loaded data (no I/O; `loadDirectory` reads the shipped files).
 * Records are trusted here: validate them with `ZServiceRecord` where they enter.
 *
 * @example
 * ```ts
 * const directory = createDirectory({ districts, provinces, departments, services });
 * const place = directory.resolvePlace({ text: "mazuko" });          // INAMBARI, Tambopata, Madre de Dios
 * directory.nearest(place, ["emergency"]);                           // 105 first, then 24 h lines…
 * ```
 */
export function createDirectory(data: DirectoryData): Directory {
  const geography = createGeography(data.districts, data.provinces, data.departments);
  const byCoordinates = createCoordinateResolver(geography);
  const byText = createTextResolver(geography, byCoordinates);
  const ranker = createServiceRanker(data.services, geography);
  const services = Object.freeze([...data.services]);
  return {
    resolvePlace(query) {
      if ("text" in query) return byText(query.text);
      if ("latitude" in query && typeof query.latitude === "number" && typeof query.longitude === "number") {
        return byCoordinates(query.latitude, query.longitude);
      }
      return undefined;
    },
    nearest: (place, needs, options) => ranker.nearest(place, needs, options),
    forReferral: (code) => ranker.forReferral(code),
    nationalLines: (needs) => ranker.nationalLines(needs),
    districtByCode: (code) => geography.district(code),
    services,
  };
}
