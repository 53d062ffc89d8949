// PLACEHOLDER until the directory branch lands (replaced wholesale on merge). Contract only.
export interface ServiceRecord {
  id: string;
  kind: string;
  name: string;
  phones: string[];
  hours: string;
}
export interface Place {
  districtCode: string;
  district: string;
  province: string;
  department: string;
  provinceCode: string;
  departmentCode: string;
  latitude: number;
  longitude: number;
  matchedBy: "coordinates" | "name";
}
export type Need =
  | "emergency"
  | "trafficking"
  | "gender_violence"
  | "child"
  | "youth"
  | "labor"
  | "missing"
  | "general";
export interface ServiceMatch {
  service: ServiceRecord;
  distanceKm?: number;
  why: "local" | "province_capital" | "national";
}
export interface Directory {
  resolvePlace(query: { latitude: number; longitude: number } | { text: string }): Place | undefined;
  nearest(place: Place | undefined, needs: Need[], options?: { limit?: number }): ServiceMatch[];
  forReferral(code: string): ServiceRecord[];
  nationalLines(needs: Need[]): ServiceRecord[];
  services: readonly ServiceRecord[];
}
export function serviceLine(match: ServiceMatch | ServiceRecord): {
  key: string;
  params: Record<string, string | number>;
} {
  const service = "service" in match ? match.service : match;
  return { key: "place.unknown", params: { name: service.name } };
}
