import { PERU_OUTLINE } from "./peru-outline.ts";

/** Peru's bounding box (REFERENCE.md §2.1): anything outside is not in Peru. */
export const PERU_BBOX = { minLat: -18.5, maxLat: 0.5, minLon: -81.5, maxLon: -68.5 } as const;

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km between two points given in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** True when the point lies in Peru's bounding box (both values must be finite numbers). */
export function isInPeruBox(latitude: number, longitude: number): boolean {
  return (
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    latitude >= PERU_BBOX.minLat &&
    latitude <= PERU_BBOX.maxLat &&
    longitude >= PERU_BBOX.minLon &&
    longitude <= PERU_BBOX.maxLon
  );
}

/**
 * How far outside the coarse outline a point may be and still count as Peru. The 1:110m outline cuts
 * corners by up to ~20 km, so a tighter band would reject real coastal and border towns; a wider one
 * would accept points well out at sea.
 */
export const OUTLINE_TOLERANCE_KM = 25;

/**
 * True when the point is inside Peru's coarse outline or within {@link OUTLINE_TOLERANCE_KM} of it.
 * Distances to the outline use a local flat projection, accurate enough at this scale.
 */
export function isNearPeruOutline(latitude: number, longitude: number): boolean {
  if (!isInPeruBox(latitude, longitude)) return false;
  if (pointInRing(longitude, latitude, PERU_OUTLINE)) return true;
  return distanceToRingKm(latitude, longitude, PERU_OUTLINE) <= OUTLINE_TOLERANCE_KM;
}

/** Even-odd ray casting; `ring` holds [longitude, latitude] pairs, closed implicitly. */
function pointInRing(x: number, y: number, ring: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Shortest distance in km from a point to the ring's edges (flat projection at the point). */
function distanceToRingKm(
  latitude: number,
  longitude: number,
  ring: readonly (readonly [number, number])[],
): number {
  const kmPerDegLat = EARTH_RADIUS_KM * RAD;
  const kmPerDegLon = kmPerDegLat * Math.cos(latitude * RAD);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const ax = (ring[j]![0] - longitude) * kmPerDegLon;
    const ay = (ring[j]![1] - latitude) * kmPerDegLat;
    const bx = (ring[i]![0] - longitude) * kmPerDegLon;
    const by = (ring[i]![1] - latitude) * kmPerDegLat;
    const dx = bx - ax;
    const dy = by - ay;
    const lengthSquared = dx * dx + dy * dy;
    const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
    const distance = Math.hypot(ax + t * dx, ay + t * dy);
    if (distance < best) best = distance;
  }
  return best;
}
