import type { Db } from "../../src/storage/open-database.ts";

/** Every table of the database (SQLite), Prisma's bookkeeping aside: new tables are scanned without a list. */
export async function allTables(db: Db): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name",
  );
  return rows.map((r) => r.name);
}

/** `table.column` of every cell, in every table, whose text contains one of the needles. */
export async function cellsContaining(db: Db, needles: string[], skip: (table: string, column: string) => boolean = () => false): Promise<string[]> {
  const hits: string[] = [];
  for (const table of await allTables(db)) {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || skip(table, column)) continue;
        const text = Buffer.isBuffer(value) ? value.toString("latin1") : String(value);
        for (const needle of needles) if (text.includes(needle)) hits.push(`${table}.${column}`);
      }
    }
  }
  return [...new Set(hits)];
}
