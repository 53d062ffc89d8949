import { haversineKm, isInPeruBox, isNearPeruOutline } from "./geo.ts";
import type { Geography } from "./geography.ts";
import type { Place } from "./types.ts";

/**
 * A point this close to a district capital is in Peru even where the coarse outline says otherwise
 * (a port on a bay the outline cuts off, a border town).
 */
const NEAR_CAPITAL_KM = 15;

/**
 * Shared location → the district whose capital is nearest. Returns undefined outside Peru's bounding box,
 * and for points in the sea or a neighbouring country (outside the coarse outline and its tolerance band,
 * and not next to a district capital). Points inside Peru always resolve: the nearest capital may belong
 * to a neighbouring district near district borders, which is good enough to find nearby services.
 */
export function createCoordinateResolver(
  geography: Geography,
): (latitude: number, longitude: number) => Place | undefined {
  // Districts without their own point would steal matches from their province capital.
  const districts = geography.districts.filter((d) => !d.approximatePoint);
  const lats = Float64Array.from(districts, (d) => d.latitude);
  const lons = Float64Array.from(districts, (d) => d.longitude);
  return (latitude, longitude) => {
    if (!isInPeruBox(latitude, longitude)) return undefined;
    // Cheap flat-earth pass to find the candidate, exact haversine for the answer.
    const cosLat = Math.cos((latitude * Math.PI) / 180);
    let bestIndex = -1;
    let bestScore = Number.POSITIVE_INFINITY;
    for (let i = 0; i < lats.length; i++) {
      const dLat = lats[i]! - latitude;
      const dLon = (lons[i]! - longitude) * cosLat;
      const score = dLat * dLat + dLon * dLon;
      if (score < bestScore) {
        bestScore = score;
        bestIndex = i;
      }
    }
    const district = districts[bestIndex];
    if (!district) return undefined;
    const km = haversineKm(latitude, longitude, district.latitude, district.longitude);
    if (km > NEAR_CAPITAL_KM && !isNearPeruOutline(latitude, longitude)) return undefined;
    return geography.toPlace(district, "coordinates", { latitude, longitude });
  };
}
