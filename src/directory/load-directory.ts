import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { createDirectory } from "./create-directory.ts";
import { type Directory, type District, type ServiceRecord, ZServiceRecord } from "./types.ts";

const DATA = join(dirname(fileURLToPath(import.meta.url)), "data");

/**
 * Reads the shipped data once: Peru's districts (ubigeo CSV from jmcastagnetto/ubigeo-peru-aumentado, MIT,
 * see data/ubigeo/LICENSE) and the sourced service records. `extraServices` are imported ones (e.g. MIMP's
 * CEM list loaded with `npm run directory -- import`).
 */
export function loadDirectory(extraServices: ServiceRecord[] = []): Directory {
  const rows = parse(readFileSync(join(DATA, "ubigeo", "ubigeo_distrito.csv"), "utf8"), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const districts: District[] = rows
    .filter((r) => r.inei && r.latitude && r.longitude)
    .map((r) => ({
      code: r.inei!.padStart(6, "0"),
      name: r.distrito!,
      capital: r.capital ?? r.distrito!,
      province: r.provincia!,
      provinceCode: `${r.inei!.padStart(6, "0").slice(0, 4)}00`,
      department: r.departamento!,
      departmentCode: `${r.inei!.padStart(6, "0").slice(0, 2)}0000`,
      latitude: Number(r.latitude),
      longitude: Number(r.longitude),
    }));
  const services = z.array(ZServiceRecord).parse(JSON.parse(readFileSync(join(DATA, "services.json"), "utf8")));
  return createDirectory({ districts, services: [...services, ...extraServices] });
}
