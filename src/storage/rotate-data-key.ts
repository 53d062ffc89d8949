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
  { table: "InboxUpdate", id: "key", column: "payload", context: FIELD.inboxPayload, perRow: true },
  // photos are large: a few per batch
  { table: "ReportMedia", id: "id", column: "data", context: FIELD.reportMedia, perRow: true, binary: true, batchSize: 10 },
] as const;

export interface EncryptedColumn {
  table: string;
  id: string;
  column: string;
  context: string;
  perRow?: boolean;
  /** the plaintext is bytes (photos), not UTF-8 text */
  binary?: boolean;
  /** rows per batch for this table (default: the run's batch size) */
  batchSize?: number;
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
  for (const spec of columns as readonly EncryptedColumn[]) {
    const { table, id, column, context, perRow, binary } = spec;
    const limit = spec.batchSize ?? batchSize;
    let reencrypted = 0;
    let afterId = "";
    for (;;) {
      const rows = await db.$queryRawUnsafe<{ id: string; value: string | null }[]>(
        `SELECT "${id}" AS id, "${column}" AS value FROM "${table}" WHERE "${id}" > ${p(1)} AND "${column}" IS NOT NULL ORDER BY "${id}" LIMIT ${limit}`,
        afterId,
      );
      if (rows.length === 0) break;
      afterId = rows.at(-1)!.id;
      const stale = rows.filter((r) => r.value && cipher.needsRotation(r.value));
      await db.$transaction(async (tx) => {
        for (const row of stale) {
          const rowContext = perRow ? `${context}:${row.id}` : context;
          const fresh = binary
            ? cipher.encryptBytes(cipher.decryptBytes(row.value!, rowContext), rowContext)
            : cipher.encrypt(cipher.decrypt(row.value!, rowContext), rowContext);
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
