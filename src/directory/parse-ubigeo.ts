import { parse } from "csv-parse/sync";
import type { Department, District, Province } from "./types.ts";

type Row = Record<string, string>;

/** Some names in the source span two lines inside quotes ("San Juan de\n Lopecancha"): fold them. */
function clean(value: string | undefined): string {
  return (value ?? "").replace(/\s+/g, " ").trim();
}

function rowsOf(text: string, file: string, required: readonly string[]): Row[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Row[];
  const header = rows[0] ? Object.keys(rows[0]) : [];
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(", ")}`);
  return rows;
}

function coordinate(row: Row, column: "latitude" | "longitude", file: string, code: string): number {
  const value = Number(row[column]);
  if (!Number.isFinite(value) || clean(row[column]) === "") {
    throw new Error(`${file}: ${code} has no ${column}`);
  }
  return value;
}

function code(row: Row, file: string): string {
  const value = clean(row["inei"]);
  if (!/^\d{6}$/.test(value)) throw new Error(`${file}: bad INEI code "${value}"`);
  return value;
}

/** Parses `ubigeo_departamento.csv` (jmcastagnetto/ubigeo-peru-aumentado); throws naming the file. */
export function parseDepartmentsCsv(text: string, file = "ubigeo_departamento.csv"): Department[] {
  return rowsOf(text, file, ["inei", "departamento", "capital", "latitude", "longitude"]).map((row) => {
    const inei = code(row, file);
    return {
      code: inei,
      name: clean(row["departamento"]),
      capital: clean(row["capital"]),
      latitude: coordinate(row, "latitude", file, inei),
      longitude: coordinate(row, "longitude", file, inei),
    };
  });
}

/** Parses `ubigeo_provincia.csv`. */
export function parseProvincesCsv(text: string, file = "ubigeo_provincia.csv"): Province[] {
  return rowsOf(text, file, ["inei", "departamento", "provincia", "capital", "latitude", "longitude"]).map(
    (row) => {
      const inei = code(row, file);
      return {
        code: inei,
        name: clean(row["provincia"]),
        departmentCode: `${inei.slice(0, 2)}0000`,
        department: clean(row["departamento"]),
        capital: clean(row["capital"]),
        latitude: coordinate(row, "latitude", file, inei),
        longitude: coordinate(row, "longitude", file, inei),
      };
    },
  );
}

/** Density (people/km², 2020) × area (km²); absent when either is missing. */
function estimatedPopulation(row: Row): { population?: number } {
  const density = Number(row["pob_densidad_2020"]);
  const area = Number(row["superficie"]);
  return Number.isFinite(density) && Number.isFinite(area) && density > 0 && area > 0
    ? { population: Math.round(density * area) }
    : {};
}

/** "NA" is how the source marks a missing value. */
const missing = (value: string | undefined) => {
  const v = clean(value);
  return v === "" || v === "NA";
};

/**
 * Parses `ubigeo_distrito.csv`; `code` is the INEI code, `reniec` is kept beside it.
 * The source has gaps that are handled, not fatal: a row without an INEI code (one, SAN ANTONIO in
 * Mariscal Nieto, Moquegua, RENIEC 170107) is skipped, because everything here is keyed by INEI; ~18
 * recently created districts have no capital and no point, so they get their province capital's point
 * and `approximatePoint: true`.
 */
export function parseDistrictsCsv(
  text: string,
  provinces: readonly Province[],
  file = "ubigeo_distrito.csv",
): District[] {
  const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
  const rows = rowsOf(text, file, [
    "inei",
    "reniec",
    "departamento",
    "provincia",
    "distrito",
    "capital",
    "latitude",
    "longitude",
  ]);
  const districts: District[] = [];
  for (const row of rows) {
    if (missing(row["inei"])) continue;
    const inei = code(row, file);
    const provinceCode = `${inei.slice(0, 4)}00`;
    const base = {
      code: inei,
      reniec: missing(row["reniec"]) ? "" : clean(row["reniec"]),
      name: clean(row["distrito"]),
      capital: missing(row["capital"]) ? "" : clean(row["capital"]),
      province: clean(row["provincia"]),
      provinceCode,
      department: clean(row["departamento"]),
      departmentCode: `${inei.slice(0, 2)}0000`,
      ...estimatedPopulation(row),
    };
    if (missing(row["latitude"]) || missing(row["longitude"])) {
      const province = provinceByCode.get(provinceCode);
      if (!province) throw new Error(`${file}: ${inei} has no point and no province ${provinceCode}`);
      const { latitude, longitude } = province;
      districts.push({ ...base, latitude, longitude, approximatePoint: true });
    } else {
      districts.push({
        ...base,
        latitude: coordinate(row, "latitude", file, inei),
        longitude: coordinate(row, "longitude", file, inei),
      });
    }
  }
  return districts;
}
