import { CsvError, parse } from "csv-parse/sync";
import { haversineKm, isInPeruBox } from "./geo.ts";
import { normalizeName, slugify } from "./normalize-text.ts";
import { parsePeruvianPhones } from "./peruvian-phone.ts";
import { type ServiceRecord, ZServiceRecord } from "./types.ts";

/** Options of {@link parseCemCsv}. */
export interface CemImportOptions {
  /** where the file came from (URL of the MIMP XLSX/CSV); copied into every record's `source` */
  source: string;
  /** ISO date the file was downloaded/checked */
  verifiedOn: string;
  /**
   * Known INEI districts (code → name and capital point). When given, an unknown ubigeo is a bad row, a
   * `Distrito` that does not match the ubigeo is a warning, and coordinates far from the district are
   * dropped.
   */
  districts?: ReadonlyMap<string, { name: string; latitude: number; longitude: number }>;
}

/** A problem tied to a line of the file (1 = header). */
export interface ImportIssue {
  line: number;
  message: string;
}

/** Result of {@link parseCemCsv}: `errors` are bad rows (skipped), `warnings` rows imported with a fix. */
export interface CemImportResult {
  records: ServiceRecord[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
  /** rows of other MIMP service types, deliberately not imported (see {@link parseCemCsv}) */
  skipped: { line: number; centro: string }[];
}

/** The columns of MIMP's "Consolidado Directorio Nacional", sheet "SERVICIOS MIMP" (REFERENCE.md §2.1). */
const COLUMNS = {
  department: "Departamento",
  province: "Provincia",
  district: "Distrito",
  name: "Centro de Atención",
  address: "Dirección",
  phone: "Teléfono",
  longitude: "COORD_X",
  latitude: "COORD_Y",
  ubigeo: "Ubigeo",
  centro: "CENTRO",
} as const;
type Column = keyof typeof COLUMNS;

/** A CEM's coordinates further than this from its district capital are wrong data, not a remote office. */
const MAX_KM_FROM_DISTRICT = 150;

/** What a CEM serves and which referral it fulfils (same as the shipped CEM records). */
const CEM_SERVES = ["gender_violence", "sexual_violence", "trafficking", "child"];

const headerKey = (header: string) => normalizeName(header).replace(/ /g, "");

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [";", ",", "\t"].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ",";
}

/** "-12,5934" (decimal comma, common in ";" files) and "-12.5934" both parse; empty gives undefined. */
function parseCoordinate(value: string): number | undefined | "invalid" {
  const cleaned = value.trim();
  if (cleaned === "") return undefined;
  const number = Number(/^-?\d+,\d+$/.test(cleaned) ? cleaned.replace(",", ".") : cleaned);
  return Number.isFinite(number) ? number : "invalid";
}

/** Excel stores Ubigeo as a number: 70101 or "70101.0" → "070101". Undefined when it cannot be a code. */
function parseUbigeo(value: string): string | undefined {
  const match = /^(\d{5,6})(?:\.0+)?$/.exec(value.trim());
  return match ? match[1]!.padStart(6, "0") : undefined;
}

const clean = (value: string | undefined) => (value ?? "").replace(/\s+/g, " ").trim();

/**
 * Parses MIMP's directory of services (CSV export of the "SERVICIOS MIMP" sheet) into CEM records. Pure:
 * give it the decoded text (`decodeCsvBytes` handles Latin-1).
 *
 * - Columns are matched by name, ignoring case and accents; `,` or `;` separated. A missing required
 *   column gives one error and no records.
 * - Only the listed columns are read: the coordinator's personal name (`Coodinador/a`) and any other
 *   column never reach a record.
 * - Only `CENTRO` = "Centro Emergencia Mujer (y Familia)" rows are imported, as kind `CEM` with hours
 *   "unknown" (a CEM is not assumed to be open 24 h, even inside a comisaría). Other MIMP services are
 *   skipped and counted: SAU and SAR are reached through Línea 100, shelters (HRT) must not be published,
 *   and CAI, adoption, older-adult, disability and early-childhood services are not referral targets here.
 * - Ubigeo is zero-padded to 6 digits; coordinates outside Peru's box (or far from their district) are
 *   dropped with a warning and the record kept; phones are kept only if they look Peruvian.
 * - `id` = "cem-" + ubigeo + "-" + slug of the name, so importing the same file twice gives the same ids.
 * - Imported records are `confirmed: true`, `verification.status: "official"` (MIMP's own list), with
 *   `source` = `options.source`.
 */
export function parseCemCsv(text: string, options: CemImportOptions): CemImportResult {
  const result: CemImportResult = { records: [], errors: [], warnings: [], skipped: [] };
  let rows: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ""), {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const line = error instanceof CsvError && typeof error.lines === "number" ? error.lines : 1;
    result.errors.push({ line, message: `not a readable CSV file: ${(error as Error).message}` });
    return result;
  }
  const [header, ...body] = rows;
  if (!header) {
    result.errors.push({ line: 1, message: "the file is empty" });
    return result;
  }

  const index = new Map(header.record.map((name, i) => [headerKey(name), i]));
  const position = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const [column, name] of Object.entries(COLUMNS) as [Column, string][]) {
    const found = index.get(headerKey(name));
    if (found === undefined) missing.push(name);
    else position[column] = found;
  }
  if (missing.length > 0) {
    result.errors.push({ line: 1, message: `missing required column(s): ${missing.join(", ")}` });
    return result;
  }

  const firstLineOfId = new Map<string, number>();
  let previousEnd = header.info.lines;
  let previousEmpty = header.info.empty_lines;
  for (const { record, info } of body) {
    // csv-parse reports the line a record ends on; it starts after the previous record and any blank lines.
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    if (record.every((field) => field.trim() === "")) continue;
    const field = (column: Column) => clean(record[position[column]]);
    const error = (message: string) => result.errors.push({ line, message });
    const warn = (message: string) => result.warnings.push({ line, message });

    const centro = field("centro");
    if (!normalizeName(centro).startsWith("centro emergencia mujer")) {
      result.skipped.push({ line, centro: centro || "(empty)" });
      continue;
    }
    const name = field("name");
    if (name === "") {
      error("'Centro de Atención' is empty");
      continue;
    }
    const ubigeo = parseUbigeo(field("ubigeo"));
    if (!ubigeo) {
      error(`Ubigeo '${field("ubigeo")}' is not a 6-digit INEI code`);
      continue;
    }
    const known = options.districts?.get(ubigeo);
    if (options.districts && !known) {
      error(`Ubigeo ${ubigeo} is not a known INEI district`);
      continue;
    }
    if (known && field("district") !== "" && normalizeName(field("district")) !== normalizeName(known.name)) {
      warn(
        `Distrito '${field("district")}' does not match ubigeo ${ubigeo} (${known.name}); the ubigeo is kept`,
      );
    }

    const id = `cem-${ubigeo}-${slugify(name)}`;
    const firstLine = firstLineOfId.get(id);
    if (firstLine !== undefined) {
      error(`duplicate of line ${firstLine} (same ubigeo and name)`);
      continue;
    }

    const point = readPoint(field("latitude"), field("longitude"), known, warn);
    const { phones, rejected } = parsePeruvianPhones(field("phone"), {
      limaArea: ubigeo.startsWith("1501") || ubigeo.startsWith("0701"),
    });
    for (const phone of rejected) warn(`phone '${phone}' does not look like a Peruvian number: dropped`);
    const address = field("address");

    const candidate: ServiceRecord = {
      id,
      kind: "CEM",
      name,
      phones,
      hours: "unknown",
      languages: ["es"],
      ...(address ? { address } : {}),
      ubigeo,
      ...point,
      serves: CEM_SERVES,
      referralCodes: ["CEM"],
      source: options.source,
      verifiedOn: options.verifiedOn,
      confirmed: true,
      // the agency's own list: its phones and addresses are as official as the directory has
      verification: { status: "official" },
      note: `Imported from the MIMP directory (CENTRO: ${centro}).`,
    };
    const parsed = ZServiceRecord.safeParse(candidate);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      error(`invalid record: ${issues.join("; ")}`);
      continue;
    }
    firstLineOfId.set(id, line);
    result.records.push(parsed.data);
  }
  return result;
}

function readPoint(
  latitudeText: string,
  longitudeText: string,
  district: { latitude: number; longitude: number } | undefined,
  warn: (message: string) => void,
): { latitude: number; longitude: number } | Record<string, never> {
  const latitude = parseCoordinate(latitudeText);
  const longitude = parseCoordinate(longitudeText);
  if (latitude === undefined && longitude === undefined) return {};
  if (typeof latitude !== "number" || typeof longitude !== "number" || !isInPeruBox(latitude, longitude)) {
    const given = `COORD_Y ${latitudeText || "-"}, COORD_X ${longitudeText || "-"}`;
    warn(`coordinates (${given}) are outside Peru: dropped`);
    return {};
  }
  const fromDistrict = district && haversineKm(latitude, longitude, district.latitude, district.longitude);
  if (fromDistrict !== undefined && fromDistrict > MAX_KM_FROM_DISTRICT) {
    const given = `${latitude}, ${longitude}`;
    warn(`coordinates (${given}) are over ${MAX_KM_FROM_DISTRICT} km from the district: dropped`);
    return {};
  }
  return { latitude, longitude };
}
