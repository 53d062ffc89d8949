import { type DirectoryStore, type ServiceRecord, ZServiceRecord } from "../directory/types.ts";
import type { Db } from "./open-database.ts";

/**
 * Imported directory services (e.g. MIMP's CEM list) in the `DirectoryService` table. Upserts by id, so
 * importing the same file twice changes nothing; rows that no longer validate are skipped when read.
 */
export function createPrismaDirectoryStore(db: Db): DirectoryStore {
  return {
    async upsertServices(records: ServiceRecord[]) {
      let inserted = 0;
      let updated = 0;
      await db.$transaction(async (tx) => {
        for (const record of records) {
          const fields = {
            kind: record.kind,
            data: JSON.stringify(record),
            ubigeo: record.ubigeo ?? null,
            latitude: record.latitude ?? null,
            longitude: record.longitude ?? null,
            source: record.source,
          };
          const existing = await tx.directoryService.findUnique({ where: { id: record.id }, select: { id: true } });
          if (existing) {
            await tx.directoryService.update({ where: { id: record.id }, data: fields });
            updated++;
          } else {
            await tx.directoryService.create({ data: { id: record.id, ...fields } });
            inserted++;
          }
        }
      });
      return { inserted, updated };
    },
    async listServices() {
      const rows = await db.directoryService.findMany({ orderBy: { id: "asc" } });
      return rows.flatMap((row) => {
        const parsed = ZServiceRecord.safeParse(JSON.parse(row.data));
        return parsed.success ? [parsed.data as ServiceRecord] : [];
      });
    },
  };
}
