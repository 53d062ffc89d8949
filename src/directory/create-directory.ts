import type { Directory, DirectoryData, District, Need, Place, ServiceMatch, ServiceRecord } from "./types.ts";

const PERU = { minLat: -18.5, maxLat: 0.5, minLon: -81.5, maxLon: -68.5 };

/** Which kinds of help each need calls for, in order of preference. */
const NEED_SERVES: Record<Need, string[]> = {
  emergency: ["emergency"],
  trafficking: ["trafficking"],
  gender_violence: ["gender_violence", "sexual_violence"],
  child: ["child"],
  youth: ["youth"],
  labor: ["labor"],
  missing: ["missing"],
  general: ["trafficking", "gender_violence"],
};

/**
 * Typed names people use for places that are neither a district nor its capital town. La Pampa is the
 * illegal-mining strip along the Interoceánica (km ~98–115), in Inambari district (capital Mazuko).
 */
const ALIASES: Record<string, string> = {
  "la pampa": "170102",
  "puerto maldonado": "170101",
  "lima cercado": "150101",
  "cercado de lima": "150101",
};

export function normalizePlaceName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function haversineKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function editDistanceAtMost(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]!);
    }
    if (best > max) return false;
    prev = row;
  }
  return prev[b.length]! <= max;
}

const toPlace = (d: District, matchedBy: Place["matchedBy"]): Place => ({
  districtCode: d.code,
  district: d.name,
  province: d.province,
  department: d.department,
  provinceCode: d.provinceCode,
  departmentCode: d.departmentCode,
  latitude: d.latitude,
  longitude: d.longitude,
  matchedBy,
});

/**
 * The service directory and place resolution, pure over its data: districts with their capitals' coordinates
 * (INEI ubigeo) and sourced service records. Unconfirmed services never reach an answer.
 */
export function createDirectory(data: DirectoryData): Directory {
  const districts = data.districts;
  const byCode = new Map(districts.map((d) => [d.code, d]));
  const confirmed = data.services.filter((s) => s.confirmed);
  const national = confirmed.filter((s) => !s.ubigeo && s.latitude === undefined);
  const local = confirmed.filter((s) => s.latitude !== undefined && s.longitude !== undefined);

  // Name index: district names, capital towns, and "district province" / "district department" pairs.
  const names = districts.map((d) => ({
    d,
    name: normalizePlaceName(d.name),
    capital: normalizePlaceName(d.capital),
    province: normalizePlaceName(d.province),
    department: normalizePlaceName(d.department),
    isCapital: d.code.endsWith("01"),
  }));

  function byCoordinates(latitude: number, longitude: number): Place | undefined {
    if (latitude < PERU.minLat || latitude > PERU.maxLat || longitude < PERU.minLon || longitude > PERU.maxLon) return undefined;
    let best: District | undefined;
    let bestKm = Number.POSITIVE_INFINITY;
    for (const d of districts) {
      const km = haversineKm({ latitude, longitude }, d);
      if (km < bestKm) {
        bestKm = km;
        best = d;
      }
    }
    return best && bestKm < 150 ? toPlace(best, "coordinates") : undefined;
  }

  function byName(text: string): Place | undefined {
    const query = normalizePlaceName(text).replace(/^(?:en|de|desde|in|from|distrito de|provincia de) /, "");
    if (!query) return undefined;
    const alias = ALIASES[query];
    if (alias && byCode.has(alias)) return toPlace(byCode.get(alias)!, "name");
    const words = query.split(" ");
    // Try the longest leading phrase as the place and the rest as its province or department.
    for (let cut = words.length; cut >= 1; cut--) {
      const head = words.slice(0, cut).join(" ");
      const rest = words.slice(cut).join(" ");
      const found = findByName(head, rest);
      if (found) return toPlace(found, "name");
    }
    return undefined;
  }

  function findByName(head: string, qualifier: string): District | undefined {
    const fits = (n: (typeof names)[number]) => !qualifier || n.province === qualifier || n.department === qualifier || n.province.includes(qualifier) || n.department.includes(qualifier);
    const rank = (list: typeof names) =>
      list.filter(fits).sort((a, b) => Number(b.isCapital) - Number(a.isCapital) || a.d.code.localeCompare(b.d.code))[0]?.d;
    const alias = ALIASES[head];
    if (alias && byCode.has(alias)) return byCode.get(alias);
    const exact = rank(names.filter((n) => n.name === head || n.capital === head));
    if (exact) return exact;
    const province = rank(names.filter((n) => n.province === head && n.isCapital && n.d.code.endsWith("01")));
    if (province) return province;
    const department = rank(names.filter((n) => n.department === head && n.d.code.endsWith("0101")));
    if (department) return department;
    if (head.length < 5) return undefined;
    const max = head.length >= 9 ? 2 : 1;
    return rank(names.filter((n) => editDistanceAtMost(n.name, head, max) || editDistanceAtMost(n.capital, head, max)));
  }

  function suits(service: ServiceRecord, needs: Need[]): boolean {
    return needs.some((need) => NEED_SERVES[need].some((s) => service.serves.includes(s)));
  }

  return {
    services: data.services,
    districtByCode: (code) => byCode.get(code),
    resolvePlace(query) {
      return "text" in query ? byName(query.text) : byCoordinates(query.latitude, query.longitude);
    },
    forReferral(code) {
      return confirmed.filter((s) => s.referralCodes.includes(code));
    },
    nationalLines(needs) {
      const lines = national.filter((s) => suits(s, needs));
      if (needs.includes("emergency")) lines.sort((a, b) => Number(b.id === "pnp-105") - Number(a.id === "pnp-105"));
      return lines;
    },
    nearest(place, needs, options = {}) {
      const limit = options.limit ?? 5;
      const matches: ServiceMatch[] = [];
      if (place) {
        const nearby = local
          .filter((s) => suits(s, needs))
          .map((s) => ({ service: s, distanceKm: Math.round(haversineKm(place, { latitude: s.latitude!, longitude: s.longitude! })) }))
          .filter((m) => m.distanceKm <= 300)
          .sort((a, b) => {
            // in an emergency, 24-hour services first
            const h = needs.includes("emergency") ? Number(b.service.hours === "24h") - Number(a.service.hours === "24h") : 0;
            return h || a.distanceKm - b.distanceKm;
          });
        for (const m of nearby.slice(0, 3)) matches.push({ ...m, why: m.service.ubigeo?.slice(0, 4) === place.provinceCode.slice(0, 4) ? "local" : "province_capital" });
      }
      // Honest fallback: the national lines always come along (Línea 100 gives the nearest CEM).
      const lines = this.nationalLines(needs.length ? needs : ["general"]);
      if (needs.includes("emergency")) {
        matches.unshift(...lines.filter((s) => s.hours === "24h").map((service) => ({ service, why: "national" as const })));
        for (const s of lines) if (!matches.some((m) => m.service.id === s.id)) matches.push({ service: s, why: "national" });
      } else {
        for (const service of lines) matches.push({ service, why: "national" });
      }
      if (!matches.some((m) => m.service.id === "mimp-linea-100")) {
        const linea100 = national.find((s) => s.id === "mimp-linea-100");
        if (linea100) matches.push({ service: linea100, why: "national" });
      }
      return matches.slice(0, limit);
    },
  };
}
