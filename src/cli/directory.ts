import { existsSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { decodeCsvBytes } from "../directory/decode-text.ts";
import { parseCemCsv } from "../directory/import-cem-csv.ts";
import { loadDirectory, loadShippedData } from "../directory/load-directory.ts";
import { createJsonFileStore, storePathFromEnv } from "../directory/load-json-store.ts";
import { type DirectoryStore, NEEDS, type Need, type ServiceRecord } from "../directory/types.ts";
import { parseConfig } from "../config/config.ts";
import { migrate } from "../storage/migrate.ts";
import { openDatabase } from "../storage/open-database.ts";
import { createPrismaDirectoryStore } from "../storage/prisma-directory-store.ts";

const USAGE = `Usage:
  npm run directory -- import FILE.csv [--source URL] [--verified-on YYYY-MM-DD]
      Imports the CEM rows of MIMP's directory (CSV export of "SERVICIOS MIMP"; , or ; separated; UTF-8 or
      Latin-1) into the store (DIRECTORY_STORE_PATH, default data/directory-imported.json).
      Bad rows are listed on stderr with their line; exit 1 if any row was bad (the good ones are imported).
      Without DIRECTORY_STORE_PATH the records go to the database (DATABASE_URL), which the service reads.
  npm run directory -- list
  npm run directory -- resolve "mazuko" | "-12.593,-69.189"
  npm run directory -- nearest "puerto maldonado" [${NEEDS.join("|")} ...]
      list, resolve and nearest use what the service uses: the shipped records plus the imported ones (the
      database, and the JSON store when DIRECTORY_STORE_PATH is set).`;

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Where imports go: the service's database (DATABASE_URL, migrated if needed), which the service reads at
 * start; or a JSON file when DIRECTORY_STORE_PATH is set (offline review of a file before loading it).
 */
async function importStore(): Promise<DirectoryStore & { label: string }> {
  if (process.env.DIRECTORY_STORE_PATH) return { ...createJsonFileStore(storePathFromEnv()), label: storePathFromEnv() };
  const config = parseConfig(process.env);
  await migrate(config.DATABASE_URL);
  const { db } = await openDatabase(config.DATABASE_URL);
  const store = createPrismaDirectoryStore(db);
  return {
    label: databaseLabel(config.DATABASE_URL),
    upsertServices: async (records) => {
      try {
        return await store.upsertServices(records);
      } finally {
        await db.$disconnect();
      }
    },
    listServices: async () => {
      try {
        return await store.listServices();
      } finally {
        await db.$disconnect();
      }
    },
  };
}

async function importFile(file: string, source: string | undefined, verifiedOn: string): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    console.error(`cannot read ${file}: ${reason}`);
    return 1;
  }
  if (!source) console.error(`note: no --source given; records will cite "file:${basename(file)}"`);
  const { text, encoding } = decodeCsvBytes(bytes);
  const districts = new Map(loadShippedData().districts.map((d) => [d.code, d]));
  const result = parseCemCsv(text, { source: source ?? `file:${basename(file)}`, verifiedOn, districts });

  for (const issue of result.errors) console.error(`${file}:${issue.line}: error: ${issue.message}`);
  for (const issue of result.warnings) console.error(`${file}:${issue.line}: warning: ${issue.message}`);

  const store = await importStore();
  const saved =
    result.records.length > 0 ? await store.upsertServices(result.records) : { inserted: 0, updated: 0 };
  const warnedRows = new Set(result.warnings.map((w) => w.line)).size;
  console.log(
    [
      `${file} (${encoding}):`,
      `  imported ${result.records.length} CEM record(s): ${saved.inserted} new, ${saved.updated} updated`,
      `  bad rows: ${result.errors.length}, rows with warnings: ${warnedRows}`,
      `  skipped (other MIMP services): ${result.skipped.length}${summarizeSkipped(result.skipped)}`,
      `  store: ${store.label}`,
    ].join("\n"),
  );
  return result.errors.length > 0 ? 1 : 0;
}

function summarizeSkipped(skipped: { centro: string }[]): string {
  if (skipped.length === 0) return "";
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.centro, (counts.get(s.centro) ?? 0) + 1);
  return ` (${[...counts].map(([centro, n]) => `${centro}: ${n}`).join("; ")})`;
}

/** Names the database without its URL (a PostgreSQL URL may hold a password). */
function databaseLabel(url: string): string {
  return url.startsWith("file:") ? `database (SQLite ${url.slice("file:".length)})` : "database (PostgreSQL)";
}

/**
 * The imported records the service would read at start (src/compose.ts): the JSON store when
 * DIRECTORY_STORE_PATH is set, plus the database. A SQLite file that does not exist yet is not created, and a
 * database that cannot be read is reported on stderr, so listing never changes anything.
 */
async function importedServices(): Promise<ServiceRecord[]> {
  const records: ServiceRecord[] = [];
  const read: string[] = ["shipped data"];
  if (process.env.DIRECTORY_STORE_PATH) {
    records.push(...(await createJsonFileStore(storePathFromEnv()).listServices()));
    read.push(storePathFromEnv());
  }
  const config = parseConfig(process.env);
  const sqliteFile = config.DATABASE_URL.startsWith("file:") ? resolve(config.DATABASE_URL.slice("file:".length)) : undefined;
  if (sqliteFile && !existsSync(sqliteFile)) {
    console.error(`note: no database at ${sqliteFile} yet; showing shipped${process.env.DIRECTORY_STORE_PATH ? " and JSON-store" : ""} records only`);
  } else {
    try {
      const { db } = await openDatabase(config.DATABASE_URL);
      try {
        records.push(...(await createPrismaDirectoryStore(db).listServices()));
        read.push(databaseLabel(config.DATABASE_URL));
      } finally {
        await db.$disconnect();
      }
    } catch (error) {
      console.error(`warning: could not read imported services from the ${databaseLabel(config.DATABASE_URL)}: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  console.error(`services from: ${read.join(" + ")}`);
  return records;
}

async function directoryWithImports() {
  return loadDirectory(await importedServices());
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { source: { type: "string" }, "verified-on": { type: "string" }, help: { type: "boolean" } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.error(USAGE);
    return 2;
  }
  switch (command) {
    case "import": {
      const verifiedOn = values["verified-on"] ?? today();
      if (rest.length !== 1 || !/^\d{4}-\d{2}-\d{2}$/.test(verifiedOn)) break;
      return importFile(rest[0]!, values.source, verifiedOn);
    }
    case "list": {
      const directory = await directoryWithImports();
      for (const s of directory.services) {
        const flag = !s.confirmed ? "✗ " : s.verification?.status === "unconfirmed" ? "! " : "  ";
        const checked = s.verification?.status ?? "not recorded";
        console.log(`${flag}${s.id.padEnd(40)} ${s.kind.padEnd(10)} ${(s.phones.join(" / ") || s.url || "-").padEnd(34)} ${checked}`);
      }
      console.log(
        `${directory.services.length} services (✗ = unconfirmed, never shown to users; ! = shown although unconfirmed, see its verification.exception)`,
      );
      return 0;
    }
    case "resolve":
    case "nearest": {
      if (rest.length === 0) break;
      const directory = await directoryWithImports();
      const [query, ...needs] = command === "resolve" ? [rest.join(" ")] : rest;
      const place = directory.resolvePlace({ text: query! });
      console.log(place ? JSON.stringify(place) : "place not found");
      if (command === "nearest") {
        const unknown = needs.filter((n) => !(NEEDS as readonly string[]).includes(n));
        if (unknown.length > 0) {
          console.error(`unknown need(s): ${unknown.join(", ")}`);
          return 2;
        }
        for (const match of directory.nearest(place, needs.length ? (needs as Need[]) : ["general"])) {
          const km = match.distanceKm === undefined ? "" : ` ${match.distanceKm} km`;
          const contact = match.service.phones.join(" / ") || match.service.url || "(ask Línea 100)";
          console.log(`  [${match.why}${km}] ${match.service.name}: ${contact} (${match.service.hours})`);
        }
      }
      return place ? 0 : 1;
    }
  }
  console.error(USAGE);
  return 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("directory failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
