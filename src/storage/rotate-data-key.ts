import type { FieldCipher } from "../core/crypto.ts";
import type { Logger } from "../core/logger.ts";
import { FIELD } from "./prisma-store.ts";
import type { Db } from "./open-database.ts";

/**
 * Every encrypted column: table, primary key, column, encryption context (associated data). `perRow`: the
 * row id is part of the context (`<context>:<id>`).
 */
export const ENCRYPTED_COLUMNS = [
  { table: "Conversation", id: "id", column: "state", context: FIELD.conversationState },
  { table: "ChatAddress", id: "conversationId", column: "address", context: FIELD.chatAddress },
  { table: "ProcessedInbound", id: "key", column: "response", context: FIELD.inboundResponse },
  { table: "Report", id: "id", column: "body", context: FIELD.reportBody },
  { table: "FollowUp", id: "id", column: "body", context: FIELD.followUpBody },
  { table: "OutboxMessage", id: "id", column: "payload", context: FIELD.outboxPayload },
  { table: "Operator", id: "id", column: "totpSecret", context: FIELD.operatorTotpSecret },
  { table: "WhatsAppAuth", id: "id", column: "value", context: FIELD.whatsappAuth, perRow: true },
] as const;

export interface EncryptedColumn {
  table: string;
  id: string;
  column: string;
  context: string;
  perRow?: boolean;
}

export interface RotationResult {
  table: string;
  reencrypted: number;
}

/**
 * Re-encrypts every value sealed with an older data key under the current one, in batches. Each batch is its
 * own transaction and only rows still on an old key are touched, so an interrupted rotation simply resumes
 * when run again. Rows changed concurrently are skipped by the compare-and-set and picked up next run.
 */
export async function rotateDataKey(
  db: Db,
  kind: "sqlite" | "postgresql",
  cipher: FieldCipher,
  logger: Logger,
  columns: readonly EncryptedColumn[] = ENCRYPTED_COLUMNS,
  batchSize = 200,
): Promise<RotationResult[]> {
  // positional placeholders differ: SQLite takes ?, PostgreSQL $n
  const p = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);
  const results: RotationResult[] = [];
  for (const { table, id, column, context, perRow } of columns) {
    let reencrypted = 0;
    let afterId = "";
    for (;;) {
      const rows = await db.$queryRawUnsafe<{ id: string; value: string | null }[]>(
        `SELECT "${id}" AS id, "${column}" AS value FROM "${table}" WHERE "${id}" > ${p(1)} AND "${column}" IS NOT NULL ORDER BY "${id}" LIMIT ${batchSize}`,
        afterId,
      );
      if (rows.length === 0) break;
      afterId = rows.at(-1)!.id;
      const stale = rows.filter((r) => r.value && cipher.needsRotation(r.value));
      await db.$transaction(async (tx) => {
        for (const row of stale) {
          const rowContext = perRow ? `${context}:${row.id}` : context;
          const fresh = cipher.encrypt(cipher.decrypt(row.value!, rowContext), rowContext);
          const changed = await tx.$executeRawUnsafe(
            `UPDATE "${table}" SET "${column}" = ${p(1)} WHERE "${id}" = ${p(2)} AND "${column}" = ${p(3)}`,
            fresh,
            row.id,
            row.value,
          );
          reencrypted += changed;
        }
      });
    }
    logger.info({ table, reencrypted }, "data key rotation");
    results.push({ table, reencrypted });
  }
  return results;
}
