import type { ServiceMatch, ServiceRecord } from "./types.ts";

/** An i18n key and its parameters; the renderer translates (see `src/i18n/locales/<lang>/directory.json`). */
export interface MessageRef {
  key: string;
  params: Record<string, string | number>;
}

/** Hours with their own translation under `directory.hours.*`; other values are shown as recorded. */
const TRANSLATED_HOURS = new Set(["24h", "office", "unknown"]);

/** Distances read better rounded: 0.4 km, 3.5 km, 12 km, 230 km. */
export function formatKm(km: number): number {
  return km < 10 ? Math.round(km * 10) / 10 : Math.round(km);
}

/**
 * How to show one service: an i18n key and its params (`name`, `contact`, `hours`, and `km` when there is
 * a distance of 0.5 km or more). `contact` is the phones ("1818", "0800-15170") or, for a web service,
 * its URL.
 *
 * Keys:
 * - `directory.service_line[_distance]`: standard hours, translated through `directory.hours.<hours>`;
 * - `directory.service_line_custom_hours[_distance]`: literal hours ("lun-vie 08:00-16:45");
 * - `directory.service_line_via_100[_distance]`: an office with no sourced phone or address (e.g. CEM
 *   Máncora): the line tells the person to ask Línea 100, never an invented number;
 * - `directory.service_line_upe`: the UPE, reached through Línea 100, the police or the Fiscalía (§1.9).
 *
 * @example
 * ```ts
 * serviceLine({ service: linea100, why: "national" });
 * // { key: "directory.service_line", params: { name: "Línea 100 (MIMP)", contact: "100", hours: "24h" } }
 * ```
 */
export function serviceLine(match: ServiceMatch | ServiceRecord): MessageRef {
  const service = "service" in match ? match.service : match;
  // Under half a kilometre the number says nothing ("a 0 km"): the service is where the person said they are.
  const rawDistance = "service" in match ? match.distanceKm : undefined;
  const distance = rawDistance !== undefined && rawDistance >= 0.5 ? rawDistance : undefined;
  const suffix = distance === undefined ? "" : "_distance";
  const params: Record<string, string | number> = { name: service.name, hours: service.hours };
  if (distance !== undefined) params.km = formatKm(distance);
  const contact = service.phones.length > 0 ? service.phones.join(" / ") : service.url;
  if (!contact) {
    if (service.kind === "UPE") return { key: "directory.service_line_upe", params };
    return { key: `directory.service_line_via_100${suffix}`, params };
  }
  params.contact = contact;
  const hoursKey = TRANSLATED_HOURS.has(service.hours) ? "service_line" : "service_line_custom_hours";
  return { key: `directory.${hoursKey}${suffix}`, params };
}

/**
 * The honest note to show above a list of matches with no service near the person: "we have no local
 * service registered near you; Línea 100 tells you the nearest CEM". Undefined when a service in the person's
 * district, province or department is listed (one from another department is not "near").
 */
export function fallbackNotice(matches: readonly ServiceMatch[]): MessageRef | undefined {
  if (matches.some((m) => m.why === "local" || m.why === "province_capital")) return undefined;
  return { key: "directory.national_fallback", params: {} };
}

/** "Data checked on {{date}}": show it under any list of numbers (REFERENCE.md conventions). */
export function verifiedOnNotice(services: readonly ServiceRecord[]): MessageRef | undefined {
  const oldest = services.map((s) => s.verifiedOn).sort()[0];
  return oldest ? { key: "directory.verified_on", params: { date: oldest } } : undefined;
}
