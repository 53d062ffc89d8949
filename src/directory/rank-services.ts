import type { Geography } from "./geography.ts";
import { haversineKm } from "./geo.ts";
import { hasPlace, rankFor, routeKey } from "./need-routes.ts";
import { FALLBACK_MAX_KM, NEEDS, type Need, type Place, type ServiceMatch, type ServiceRecord } from "./types.ts";

/** How many suggestions `nearest` returns when the caller does not say. */
export const DEFAULT_LIMIT = 5;
/** At most this many nearby services of one kind (two CEMs, not ten), so national lines stay visible. */
export const MAX_NEARBY_PER_KIND = 2;
/**
 * Services in another department are offered when they are this close (Callao ↔ Lima, border towns);
 * within the person's own department any registered service is offered, with its distance.
 */
export const CROSS_BORDER_KM = 50;

interface Located {
  service: ServiceRecord;
  latitude: number;
  longitude: number;
  /** "DD" of the service's ubigeo, when it has one */
  department?: string;
  /** the service sits in a province capital (its district is the province's first, or it is placed at an area's capital) */
  inProvinceCapital: boolean;
}

/** INEI numbers a province's capital district DDPP01; an area code (DDPP00, DD0000) stands for its capital. */
const isProvinceCapitalCode = (ubigeo: string | undefined) => ubigeo !== undefined && (ubigeo.endsWith("01") || ubigeo.endsWith("00"));

interface Ranked extends ServiceMatch {
  rank: number;
}

/** The three user-facing queries. Only `confirmed` records ever reach them. */
export interface ServiceRanker {
  nearest(place: Place | undefined, needs: readonly Need[], options?: { limit?: number }): ServiceMatch[];
  nationalLines(needs: readonly Need[]): ServiceRecord[];
  forReferral(code: string): ServiceRecord[];
}

/** Keeps known needs, without repeats, in the order given; an empty list means "general". */
function cleanNeeds(needs: readonly Need[]): Need[] {
  const known = [...new Set(needs)].filter((n): n is Need => (NEEDS as readonly string[]).includes(n));
  return known.length > 0 ? known : ["general"];
}

const is105 = (service: ServiceRecord) => !hasPlace(service) && routeKey(service) === "105";

/**
 * Builds the ranking over the confirmed services. Order of a result:
 * 1. in an emergency, 105 first, always;
 * 2. in an emergency, offices not open 24 h go last (a CEM is not assumed open at night, REFERENCE §1.5);
 * 3. the need's route order (`need-routes.ts`), needs interleaved;
 * 4. nearer first.
 */
export function createServiceRanker(services: readonly ServiceRecord[], geography: Geography): ServiceRanker {
  const confirmed = services.filter((s) => s.confirmed);
  const national = confirmed.filter((s) => !hasPlace(s));
  const located: Located[] = [];
  for (const service of confirmed.filter(hasPlace)) {
    const point =
      service.latitude !== undefined && service.longitude !== undefined
        ? { latitude: service.latitude, longitude: service.longitude }
        : service.ubigeo
          ? geography.pointOf(service.ubigeo)
          : undefined;
    // A record whose ubigeo is unknown and has no coordinates cannot be placed: it is never offered.
    if (!point) continue;
    located.push({ service, ...point, department: service.ubigeo?.slice(0, 2), inProvinceCapital: isProvinceCapitalCode(service.ubigeo) });
  }

  function sortKey(match: Ranked, emergency: boolean): number[] {
    return [
      emergency && is105(match.service) ? 0 : 1,
      emergency && match.why !== "national" && match.service.hours !== "24h" ? 1 : 0,
      // a far fallback comes after the national lines of the same route order
      match.why === "beyond_department" ? 1 : 0,
      match.rank,
      match.distanceKm ?? 0,
    ];
  }

  function sortMatches(matches: Ranked[], needs: readonly Need[]): Ranked[] {
    const emergency = needs.includes("emergency");
    const keys = new Map(matches.map((m) => [m, sortKey(m, emergency)]));
    return matches.sort((a, b) => {
      const ka = keys.get(a)!;
      const kb = keys.get(b)!;
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
      return 0;
    });
  }

  function nationalMatches(needs: readonly Need[]): Ranked[] {
    const out: Ranked[] = [];
    for (const service of national) {
      const rank = rankFor(service, needs);
      if (rank !== undefined) out.push({ service, rank, why: "national" });
    }
    return sortMatches(out, needs);
  }

  /**
   * Services of each kind in the person's district, then elsewhere in the department (or just across a border);
   * for a kind with none there, the nearest one in another department's province capital (REFERENCE §1.0:
   * "the nearest province capital's services"), when it is within FALLBACK_MAX_KM.
   */
  function nearbyMatches(place: Place, needs: readonly Need[]): Ranked[] {
    const placeDepartment = place.departmentCode.slice(0, 2);
    const byKind = new Map<string, Ranked[]>();
    const beyond = new Map<string, Ranked>();
    for (const candidate of located) {
      const rank = rankFor(candidate.service, needs);
      if (rank === undefined) continue;
      const distance = haversineKm(place.latitude, place.longitude, candidate.latitude, candidate.longitude);
      const distanceKm = Math.round(distance * 10) / 10;
      const kind = candidate.service.kind;
      if (candidate.department !== placeDepartment && distance > CROSS_BORDER_KM) {
        const best = beyond.get(kind);
        if (candidate.inProvinceCapital && distance <= FALLBACK_MAX_KM && (!best || distanceKm < best.distanceKm!)) {
          beyond.set(kind, { service: candidate.service, rank, why: "beyond_department", distanceKm });
        }
        continue;
      }
      const why = candidate.service.ubigeo === place.districtCode ? "local" : "province_capital";
      const list = byKind.get(kind) ?? [];
      list.push({ service: candidate.service, rank, why, distanceKm });
      byKind.set(kind, list);
    }
    const out: Ranked[] = [];
    for (const list of byKind.values()) {
      const localFirst = (m: Ranked) => (m.why === "local" ? 0 : 1);
      list.sort((a, b) => localFirst(a) - localFirst(b) || a.distanceKm! - b.distanceKm!);
      out.push(...list.slice(0, MAX_NEARBY_PER_KIND));
    }
    for (const [kind, match] of beyond) if (!byKind.has(kind)) out.push(match);
    return out;
  }

  return {
    nearest(place, needs, options) {
      const wanted = cleanNeeds(needs);
      const limit = Math.max(1, Math.floor(options?.limit ?? DEFAULT_LIMIT));
      const nationals = nationalMatches(wanted);
      const all = sortMatches([...nationals, ...(place ? nearbyMatches(place, wanted) : [])], wanted);
      const result = all.slice(0, limit);
      // Never answer without a national line: it is the fallback that always works.
      if (!result.some((m) => m.why === "national")) {
        const fallback = nationals[0] ?? nationalMatches(["general"])[0];
        if (fallback && result.length >= limit) result[limit - 1] = fallback;
        else if (fallback) result.push(fallback);
      }
      return result.map(({ rank: _rank, ...match }) => match);
    },
    nationalLines(needs) {
      return nationalMatches(cleanNeeds(needs)).map((m) => m.service);
    },
    forReferral(code) {
      const serving = national.filter((s) => s.referralCodes.includes(code));
      return serving
        .map((service, order) => ({ service, order, position: service.referralCodes.indexOf(code) }))
        .sort((a, b) => a.position - b.position || a.order - b.order)
        .map((entry) => entry.service);
    },
  };
}
