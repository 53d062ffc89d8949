import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { createDirectory } from "./create-directory.ts";
import { mergeServices } from "./merge-services.ts";
import { parseDepartmentsCsv, parseDistrictsCsv, parseProvincesCsv } from "./parse-ubigeo.ts";
import {
  type Directory,
  type DirectoryData,
  type ServiceRecord,
  ZServiceRecord,
  ZServicesFile,
} from "./types.ts";

/** Where the shipped data lives: `src/directory/data/` (ubigeo CSVs + LICENSE, services.json). */
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), "data");

let shipped: DirectoryData | undefined;

/**
 * Reads and validates the shipped ubigeo CSVs and `services.json` (once per process; later calls reuse
 * them). Throws naming the file on the first problem, so a broken data file stops start-up.
 */
export function loadShippedData(dataDir: string = DATA_DIR): DirectoryData {
  if (shipped && dataDir === DATA_DIR) return shipped;
  const read = (file: string) => readFileSync(join(dataDir, file), "utf8");
  const departments = parseDepartmentsCsv(read("ubigeo/ubigeo_departamento.csv"));
  const provinces = parseProvincesCsv(read("ubigeo/ubigeo_provincia.csv"));
  const districts = parseDistrictsCsv(read("ubigeo/ubigeo_distrito.csv"), provinces);
  const parsed = ZServicesFile.safeParse(JSON.parse(read("services.json")));
  if (!parsed.success) throw new Error(`services.json: ${z.prettifyError(parsed.error)}`);
  const services = parsed.data.services;
  const duplicate = services.find((s, i) => services.findIndex((t) => t.id === s.id) !== i);
  if (duplicate) throw new Error(`services.json: duplicate id ${duplicate.id}`);
  const data: DirectoryData = { departments, provinces, districts, services };
  if (dataDir === DATA_DIR) shipped = data;
  return data;
}

/**
 * The directory over the shipped data plus `extraServices` (imported records, e.g. from the
 * `DirectoryService` table or the CLI's JSON store: `loadDirectory(await store.listServices())`).
 * Extra records are validated with `ZServiceRecord`; an invalid one throws naming its id.
 */
export function loadDirectory(extraServices: ServiceRecord[] = []): Directory {
  const data = loadShippedData();
  const extras = extraServices.map((record, index) => {
    const parsed = ZServiceRecord.safeParse(record);
    if (!parsed.success) {
      throw new Error(`imported service ${record?.id ?? `#${index}`}: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  });
  return createDirectory({ ...data, services: mergeServices(data.services, extras) });
}
