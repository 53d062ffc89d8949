import type { Need, ServeTag, ServiceRecord } from "./types.ts";

/**
 * Which `serves` tags make a service suitable for a need. A service is offered for a need only when it
 * carries one of these tags, so inclusion is decided by the data.
 */
export const NEED_TAGS = {
  emergency: ["emergency"],
  trafficking: ["trafficking"],
  gender_violence: ["gender_violence", "sexual_violence"],
  child: ["child"],
  youth: ["youth"],
  labor: ["labor"],
  missing: ["missing"],
  general: ["trafficking", "gender_violence", "youth"],
} as const satisfies Record<Need, readonly ServeTag[]>;

/**
 * The order in which suitable services are offered per need, following REFERENCE.md §1.0 (route first,
 * then "also offer"). Keys are a national line's own referral code (its first `referralCodes` entry) or,
 * for a service with a place, its `kind`. Suitable services missing from a list come after it.
 *
 * - emergency: 105 first, always; then anything open 24 h (a 24 h CEM nearby, Línea 100); then 1818.
 * - trafficking: Línea 1818 opción 1 (anonymous), 105 if it is happening now, Línea 100, Fiscalía.
 * - gender_violence: Línea 100 (24 h, es/qu/ay, finds the nearest CEM), CEMs nearby, Chat 100.
 * - child: Línea 100, UPE and DEMUNA information, 105, CEMs.
 * - youth: Chat 100, Línea 100.
 * - labor: SUNAFIL SOS Alerta, 1818, Fiscalía.
 * - missing: 105 (any comisaría must take the report at once), 1818.
 */
export const NEED_ORDER = {
  emergency: ["105", "CEM_24H", "LINEA_100", "1818", "comisaria", "CEM"],
  trafficking: ["1818", "105", "LINEA_100", "FISCALIA", "CEM_24H", "CEM", "UPE"],
  gender_violence: ["LINEA_100", "CEM_24H", "CEM", "CHAT_100", "105"],
  child: ["LINEA_100", "UPE", "DEMUNA", "105", "CEM_24H", "CEM", "CHAT_100"],
  youth: ["CHAT_100", "LINEA_100"],
  labor: ["SUNAFIL", "1818", "FISCALIA"],
  missing: ["105", "1818"],
  general: ["1818", "LINEA_100", "CHAT_100", "105"],
} as const satisfies Record<Need, readonly string[]>;

/** True when a service has a place (district, area or coordinates) rather than being a national channel. */
export function hasPlace(service: ServiceRecord): boolean {
  return service.ubigeo !== undefined || service.latitude !== undefined;
}

/** The key a service is ranked by in {@link NEED_ORDER}. */
export function routeKey(service: ServiceRecord): string {
  return hasPlace(service) ? service.kind : (service.referralCodes[0] ?? service.kind);
}

/** True when the service carries one of the need's tags. */
export function servesNeed(service: ServiceRecord, need: Need): boolean {
  const tags: readonly string[] = NEED_TAGS[need];
  return service.serves.some((tag) => tags.includes(tag));
}

/**
 * Rank of a service for a set of needs (lower is better), or undefined when it serves none of them.
 * Needs are interleaved: the first choice of every need comes before the second choice of any, and the
 * earlier need wins a tie, so ["emergency", "gender_violence"] gives 105, Línea 100, a 24 h CEM...
 */
export function rankFor(service: ServiceRecord, needs: readonly Need[]): number | undefined {
  const key = routeKey(service);
  let best: number | undefined;
  needs.forEach((need, needIndex) => {
    if (!servesNeed(service, need)) return;
    const order: readonly string[] = NEED_ORDER[need];
    const position = order.indexOf(key);
    const slot = position === -1 ? order.length : position;
    const rank = slot * needs.length + needIndex;
    if (best === undefined || rank < best) best = rank;
  });
  return best;
}
