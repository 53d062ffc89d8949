import { z } from "zod";

export const ZServiceRecord = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    kind: z.enum(["hotline", "chat", "web", "CEM", "CEM_24H", "comisaria", "fiscalia", "UPE", "DEMUNA", "SUNAFIL", "DEFENSORIA", "NGO", "other"]),
    name: z.string().min(3),
    phones: z.array(z.string().regex(/^[0-9][0-9 -]{1,14}$/)),
    url: z.string().optional(),
    whatsapp: z.string().optional(),
    hours: z.string().min(1),
    languages: z.array(z.enum(["es", "qu", "ay", "en"])).min(1),
    address: z.string().optional(),
    ubigeo: z.string().regex(/^\d{6}$/).optional(),
    latitude: z.number().min(-18.5).max(0.5).optional(),
    longitude: z.number().min(-81.5).max(-68.5).optional(),
    serves: z.array(z.string()).min(1),
    referralCodes: z.array(z.string()),
    /** required: no entry without a source (never invent an address or a phone) */
    source: z.string().min(5),
    verifiedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** false ⇒ kept out of every user-facing answer until confirmed */
    confirmed: z.boolean(),
    note: z.string().optional(),
  })
  .strict();
export type ServiceRecord = z.infer<typeof ZServiceRecord>;

export interface District {
  code: string;
  name: string;
  capital: string;
  province: string;
  provinceCode: string;
  department: string;
  departmentCode: string;
  latitude: number;
  longitude: number;
}

/** A resolved place: a district (INEI ubigeo) with its capital's coordinates. */
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

export type Need = "emergency" | "trafficking" | "gender_violence" | "child" | "youth" | "labor" | "missing" | "general";

export interface ServiceMatch {
  service: ServiceRecord;
  distanceKm?: number;
  /** local: in or near the place; national: a national line (honest fallback when nothing local is known) */
  why: "local" | "province_capital" | "national";
}

export interface DirectoryData {
  districts: District[];
  services: ServiceRecord[];
}

export interface Directory {
  resolvePlace(query: { latitude: number; longitude: number } | { text: string }): Place | undefined;
  nearest(place: Place | undefined, needs: Need[], options?: { limit?: number }): ServiceMatch[];
  /** confirmed services that fulfil a triage referral code */
  forReferral(code: string): ServiceRecord[];
  nationalLines(needs: Need[]): ServiceRecord[];
  districtByCode(code: string): District | undefined;
  readonly services: readonly ServiceRecord[];
}
