import { z } from "zod";

/**
 * What kind of service a record is. `hotline`, `chat` and `web` are national channels; the others are
 * offices. `CEM_24H` is a Centro Emergencia Mujer that a source says is open day and night (usually one
 * inside a comisaría); a plain `CEM` is never assumed to be open at night (REFERENCE.md §1.5).
 */
export type ServiceKind =
  | "hotline"
  | "chat"
  | "web"
  | "CEM"
  | "CEM_24H"
  | "comisaria"
  | "fiscalia"
  | "UPE"
  | "DEMUNA"
  | "SUNAFIL"
  | "DEFENSORIA"
  | "NGO"
  | "other";

export const SERVICE_KINDS = [
  "hotline",
  "chat",
  "web",
  "CEM",
  "CEM_24H",
  "comisaria",
  "fiscalia",
  "UPE",
  "DEMUNA",
  "SUNAFIL",
  "DEFENSORIA",
  "NGO",
  "other",
] as const satisfies readonly ServiceKind[];

/** Languages a service is documented to attend in (only Línea 100 is documented as trilingual, §5). */
export type ServiceLanguage = "es" | "qu" | "ay" | "en";

/** The needs a service can serve; `Need` values map onto these tags in `need-routes.ts`. */
export const SERVE_TAGS = [
  "emergency",
  "trafficking",
  "gender_violence",
  "sexual_violence",
  "child",
  "youth",
  "labor",
  "missing",
  "authority_complaint",
  "legal",
] as const;
export type ServeTag = (typeof SERVE_TAGS)[number];

/** Referral codes produced by the triage engine; a service lists the ones it fulfils, its own first. */
export const REFERRAL_CODES = [
  "105",
  "1818",
  "LINEA_100",
  "CHAT_100",
  "CEM",
  "FISCALIA",
  "SUNAFIL",
  "UPE",
  "DEMUNA",
  "DEFENSORIA",
  "MIGRACIONES",
] as const;
export type ReferralCode = (typeof REFERRAL_CODES)[number];

/**
 * One service a person can be sent to. Records are data (`data/services.json`, imports), never code.
 *
 * Rules that keep the directory safe:
 * - `source` is required: no entry without a URL or a REFERENCE.md section behind it.
 * - `confirmed` means "cleared for user-facing text". `false` keeps the record out of every user-facing answer
 *   (`nearest`, `forReferral`, `nationalLines`) until someone verifies it.
 * - `verification` says truthfully how the contact details were checked. A record shown to users although
 *   they are unconfirmed (105, the police emergency number) must say why in `verification.exception`.
 * - Phones and addresses are only ever copied from the source, never completed or guessed.
 * - `ubigeo` is an INEI code: a district (`170102`), or an area when only the area is sourced: a province
 *   (`010400`) or a department (`170000`). Distances then use that area's capital.
 * - A record without `ubigeo` and without coordinates is a national channel.
 */
export interface ServiceRecord {
  id: string;
  kind: ServiceKind;
  name: string;
  /** as dialled in Peru, e.g. "1818", "100", "105", "0800-15170", "01 4261234", "073 123456" */
  phones: string[];
  url?: string;
  whatsapp?: string;
  /** "24h", "office", "unknown" (translated), or a short literal such as "lun-vie 08:00-16:45" */
  hours: "24h" | "office" | "unknown" | string;
  languages: ServiceLanguage[];
  address?: string;
  /** INEI code (6 digits), see above */
  ubigeo?: string;
  latitude?: number;
  longitude?: number;
  /** needs it serves: "emergency", "trafficking", "gender_violence", "sexual_violence", "child", ... */
  serves: string[];
  /** triage referral codes it fulfils ("105", "1818", "LINEA_100", "CEM"...), its own code first */
  referralCodes: string[];
  /** URL or "REFERENCE.md §1.x"; required */
  source: string;
  /** ISO date (YYYY-MM-DD) when the source was last checked */
  verifiedOn: string;
  /** false ⇒ kept OUT of user-facing results until confirmed */
  confirmed: boolean;
  /** how the phones and URL were checked (see {@link Verification}); shipped records always have it */
  verification?: Verification;
  /** for maintainers: caveats, what is unconfirmed, why a choice was made (never shown to users) */
  note?: string;
}

/**
 * How the contact details of a record (phones, URL) were checked, whatever `confirmed` says:
 * - `official`: on the service's own page, a gob.pe page or the agency's own file (e.g. MIMP's directory);
 * - `secondary`: only press notes or other secondary sources that quote the agency;
 * - `unconfirmed`: not verified (REFERENCE.md marks it so).
 * `exception`: why a record is shown although `status` is `unconfirmed` (required then).
 */
export interface Verification {
  status: "official" | "secondary" | "unconfirmed";
  exception?: string;
}

const ZVerification = z
  .object({ status: z.enum(["official", "secondary", "unconfirmed"]), exception: z.string().trim().min(1).optional() })
  .strict();

const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "verifiedOn must be an ISO date (YYYY-MM-DD)");

/** The zod schema of {@link ServiceRecord}, used wherever records enter: shipped JSON, imports, the store. */
export const ZServiceRecord = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "id must be lower-case kebab-case"),
    kind: z.enum(SERVICE_KINDS),
    name: z.string().trim().min(1),
    phones: z.array(z.string().regex(/^[0-9][0-9 -]{1,18}[0-9]$/, "phone must be digits, spaces or '-'")),
    url: z.url({ protocol: /^https?$/ }).optional(),
    whatsapp: z.string().min(1).optional(),
    hours: z.string().trim().min(1).max(60),
    languages: z.array(z.enum(["es", "qu", "ay", "en"])).min(1),
    address: z.string().trim().min(1).optional(),
    ubigeo: z
      .string()
      .regex(/^\d{6}$/, "ubigeo must be a 6-digit INEI code")
      .optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    serves: z.array(z.enum(SERVE_TAGS)).min(1),
    referralCodes: z.array(z.enum(REFERRAL_CODES)),
    source: z.string().trim().min(1, "every service needs a source"),
    verifiedOn: ZIsoDate,
    confirmed: z.boolean(),
    verification: ZVerification.optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((s) => !(s.confirmed && s.verification?.status === "unconfirmed" && !s.verification.exception), {
    message: "a record shown to users with unconfirmed contact details must give verification.exception",
  })
  .refine((s) => (s.latitude === undefined) === (s.longitude === undefined), {
    message: "latitude and longitude go together",
  }) satisfies z.ZodType<ServiceRecord>;

/** The shipped services file: `{ version: 1, services: [...] }`. */
export const ZServicesFile = z.object({
  _comment: z.string().optional(),
  version: z.literal(1),
  services: z.array(ZServiceRecord),
});

/** A department (INEI `DD0000`) with its capital's coordinates. */
export interface Department {
  code: string;
  name: string;
  capital: string;
  latitude: number;
  longitude: number;
}

/** A province (INEI `DDPP00`) with its capital's coordinates. */
export interface Province {
  code: string;
  name: string;
  departmentCode: string;
  department: string;
  capital: string;
  latitude: number;
  longitude: number;
}

/** A district (INEI `DDPPDD`); the point is its capital town (CSV column `capital`). */
export interface District {
  /** INEI code, the scheme used everywhere in this module and by MIMP */
  code: string;
  /** RENIEC code (differs from INEI for most districts; kept for reference only) */
  reniec: string;
  name: string;
  capital: string;
  province: string;
  provinceCode: string;
  department: string;
  departmentCode: string;
  latitude: number;
  longitude: number;
  /**
   * True for the few recently created districts that have no capital or point in the data: their point is
   * their province capital's. They resolve by name, never by coordinates.
   */
  approximatePoint?: boolean;
  /** estimated population 2020 (density × area from the CSV), used only to break ties between equal names */
  population?: number;
}

/** Everything `createDirectory` needs; `loadDirectory` reads it from the shipped files. */
export interface DirectoryData {
  districts: readonly District[];
  provinces: readonly Province[];
  departments: readonly Department[];
  services: readonly ServiceRecord[];
}

/**
 * A resolved place. Names are the upper-case names of the ubigeo data (no accents). For a text match the
 * point is the district capital; for a coordinate match it is the point that was given, so distances are
 * measured from where the person is.
 */
export interface Place {
  /** INEI code */
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

/** What the person needs help with (set by the triage engine or the flow). */
export type Need =
  | "emergency"
  | "trafficking"
  | "gender_violence"
  | "child"
  | "youth"
  | "labor"
  | "missing"
  | "general";

export const NEEDS = [
  "emergency",
  "trafficking",
  "gender_violence",
  "child",
  "youth",
  "labor",
  "missing",
  "general",
] as const satisfies readonly Need[];

/**
 * One suggestion. `why`:
 * - `local`: a service registered in the person's district (with its distance);
 * - `province_capital`: not in the district but in the person's province or department, or just across a
 *   border (the name is historical; its text is "near you, in your province or region"), with its distance;
 * - `beyond_department`: nothing of that kind is registered in the department: the nearest one in another
 *   department's province capital, up to {@link FALLBACK_MAX_KM} away, with its distance;
 * - `national`: a national line (no distance).
 */
export interface ServiceMatch {
  service: ServiceRecord;
  distanceKm?: number;
  why: "local" | "province_capital" | "beyond_department" | "national";
}

/** How far the fallback beyond the department looks for a province capital's service. */
export const FALLBACK_MAX_KM = 250;

/** Place resolution and service lookup; pure and synchronous. Build it with `createDirectory`. */
export interface Directory {
  /**
   * Coordinates → the district whose capital is nearest, only inside Peru (else undefined).
   * Text (a district, capital town, province or department name; "district province" or "district
   * department"; accents, case and small typos tolerated) → the district, or undefined when unknown or
   * ambiguous.
   */
  resolvePlace(query: { latitude: number; longitude: number } | { text: string }): Place | undefined;
  /** The closest suitable confirmed services (see `rank-services.ts`); always at least one national line. */
  nearest(place: Place | undefined, needs: Need[], options?: { limit?: number }): ServiceMatch[];
  /** Confirmed national lines for a triage referral code, the service whose own code it is first. */
  forReferral(code: string): ServiceRecord[];
  /** Confirmed national lines for the needs, best first. */
  nationalLines(needs: Need[]): ServiceRecord[];
  /** A district by its INEI code (the console names and maps report places with it). */
  districtByCode(code: string): District | undefined;
  /** Every record, confirmed or not (for operators and tests; never show unconfirmed ones to users). */
  services: readonly ServiceRecord[];
}

/**
 * Where imported services are kept. The CLI uses a JSON file (`load-json-store.ts`); the app will use the
 * `DirectoryService` table (columns id, kind, data JSON, ubigeo, latitude, longitude, source).
 */
export interface DirectoryStore {
  /** Inserts new ids and replaces existing ones; returns how many of each. */
  upsertServices(records: ServiceRecord[]): Promise<{ inserted: number; updated: number }>;
  listServices(): Promise<ServiceRecord[]>;
}
