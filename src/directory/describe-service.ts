import type { ServiceMatch, ServiceRecord } from "./types.ts";

const STANDARD_HOURS = new Set(["24h", "unknown", "office"]);

/**
 * An i18n key and params to show one service: name, phones (or web), hours, and the distance when it is a
 * local service. Standard hours are translated (`directory.hours.*`); other hours are shown as recorded.
 */
export function serviceLine(match: ServiceMatch | ServiceRecord): { key: string; params: Record<string, string | number> } {
  const service = "service" in match ? match.service : match;
  const distance = "service" in match ? match.distanceKm : undefined;
  const contact = service.phones.length ? service.phones.join(" / ") : (service.url ?? "");
  const standard = STANDARD_HOURS.has(service.hours);
  const key = `directory.${standard ? "service_line" : "service_line_hours"}${distance !== undefined ? "_distance" : ""}`;
  const params: Record<string, string | number> = { name: service.name, contact, hours: service.hours };
  if (distance !== undefined) params.km = distance;
  return { key, params };
}
