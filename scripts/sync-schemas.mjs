// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (the source of truth).
// `node scripts/sync-schemas.mjs --check` exits 1 when the committed copy is out of date.
import { readFileSync, writeFileSync } from "node:fs";

export function postgresSchemaFrom(sqliteSchema) {
  return sqliteSchema
    .replace(
      /^\/\/ The source of truth[\s\S]*?\n\n/m,
      "// GENERATED from prisma/schema.prisma by scripts/sync-schemas.mjs. Do not edit.\n\n",
    )
    .replace(
      'output          = "../src/generated/sqlite"',
      'output          = "../../src/generated/postgresql"',
    )
    .replace('provider = "sqlite"', 'provider = "postgresql"');
}

const source = readFileSync("prisma/schema.prisma", "utf8");
const target = "prisma/postgresql/schema.prisma";
const wanted = postgresSchemaFrom(source);
if (process.argv.includes("--check")) {
  const current = readFileSync(target, "utf8");
  if (current !== wanted) {
    console.error(`${target} is out of date: run node scripts/sync-schemas.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(target, wanted);
}
