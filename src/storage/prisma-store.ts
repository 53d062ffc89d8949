import type {
  AuditRepo,
  ChannelAuthRepo,
  ChatAddressRepo,
  InboxRepo,
  ConversationRecord,
  ConversationRepo,
  FollowUp,
  FollowUpKind,
  InboundLog,
  MediaInfo,
  MediaRepo,
  OutboxClaim,
  OutboxEntry,
  OutboxRepo,
  PendingOutbox,
  Report,
  ReportRepo,
  ReportStatus,
  Repos,
  RetentionRepo,
  Store,
  TransactionOptions,
  Urgency,
} from "../app/ports.ts";
import { URGENCY_RANK } from "../app/ports.ts";
import { AppError } from "../core/app-error.ts";
import type { FieldCipher } from "../core/crypto.ts";
import type { ChannelKind, OutboundMessage } from "../core/messages.ts";
import type { Session } from "../flows/engine/types.ts";
import { Prisma } from "../generated/sqlite/client.ts";
import type { Db } from "./open-database.ts";

/** A Prisma client or an open transaction on it. */
export type Tx = Prisma.TransactionClient | Db;
type IdFactory = () => string;

/*
 * The statements every message runs (the turn's dedupe check, session load and save, the outbox rows, the
 * dedupe record; the inbox, the send records, the chat address) use Prisma's raw API through the same client
 * or transaction: Prisma 6.19 compiles every typed query to a plan on every call (0.3–0.6 ms of CPU), a raw
 * one costs a third of that. Everything else stays typed.
 *
 * The raw SQL is the same on SQLite and PostgreSQL (quoted identifiers, ON CONFLICT, no counts: PostgreSQL
 * returns them as bigint). Values go in as parameters; dates as JS Dates, which the driver adapter writes
 * exactly as it does for typed queries (SQLite: ISO 8601 text, PostgreSQL: timestamp(3)), so typed and raw
 * queries read each other's rows. Columns Prisma fills itself (`@default(now())`, `@updatedAt`, other
 * defaults) are always written explicitly: the database's own defaults would differ (CURRENT_TIMESTAMP is
 * another text format on SQLite).
 */
const { sql, join } = Prisma;

function queryRows<T>(db: Tx, query: Prisma.Sql): Promise<T[]> {
  return guard(db.$queryRaw<T[]>(query));
}

function execute(db: Tx, query: Prisma.Sql): Promise<number> {
  return guard(db.$executeRaw(query));
}

/** IN lists in chunks: SQLite and PostgreSQL limit the parameters of one statement */
const IN_CHUNK = 500;

function chunks<T>(items: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Encryption contexts (bound as associated data): a value copied into another column does not decrypt. */
export const FIELD = {
  conversationState: "conversation.state",
  chatAddress: "chat_address.address",
  inboundResponse: "processed_inbound.response",
  reportBody: "report.body",
  followUpBody: "follow_up.body",
  outboxPayload: "outbox.payload",
  operatorTotpSecret: "operator.totp_secret",
  whatsappAuth: "whatsapp_auth.value",
  /** per row: `inbox_update.payload:<key>` */
  inboxPayload: "inbox_update.payload",
  /** per row: `report_media.data:<id>` */
  reportMedia: "report_media.data",
} as const;

/**
 * Prisma implementation of the storage ports. Everything a person typed (session answers, report text,
 * messages, chat addresses) is encrypted here, so the rest of the app works with plaintext.
 */
export class PrismaStore implements Store {
  readonly conversations: ConversationRepo;
  readonly chatAddresses: ChatAddressRepo;
  readonly inbound: InboundLog;
  readonly reports: ReportRepo;
  readonly outbox: OutboxRepo;
  readonly audit: AuditRepo;
  readonly retention: RetentionRepo;
  readonly media: MediaRepo;
  readonly channelAuth: ChannelAuthRepo;
  readonly inbox: InboxRepo;

  constructor(
    readonly db: Db,
    /** readable so the console store (storage/prisma-console-repo.ts) can share this store's transactions */
    readonly cipher: FieldCipher,
    readonly newId: IdFactory,
    /** PostgreSQL: take advisory locks for `lockKey`; SQLite has a single writer and needs none */
    readonly kind: "sqlite" | "postgresql" = "sqlite",
  ) {
    const repos = createRepos(db, cipher, newId);
    this.conversations = repos.conversations;
    this.chatAddresses = repos.chatAddresses;
    this.inbound = repos.inbound;
    this.reports = repos.reports;
    this.outbox = repos.outbox;
    this.audit = repos.audit;
    this.retention = repos.retention;
    this.media = repos.media;
    this.channelAuth = channelAuthRepo(db, cipher);
    this.inbox = inboxRepo(db, cipher);
  }

  /** On SQLite the transaction waits its turn at the connection's gate (open-database.ts) as a whole. */
  async transaction<T>(fn: (tx: Repos) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    try {
      return await this.db.$transaction(
        async (tx) => {
          if (options.lockKey && this.kind === "postgresql") {
            // Held until commit/rollback: one turn per conversation at a time across all instances.
            await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", options.lockKey);
          }
          return fn(createRepos(tx, this.cipher, this.newId));
        },
        { maxWait: 10_000, timeout: 20_000 },
      );
    } catch (error) {
      throw mapStorageError(error);
    }
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.$queryRawUnsafe("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.db.$disconnect();
  }
}

/** Maps driver errors to the app's codes: duplicates → CONFLICT, busy/unreachable → STORAGE_UNAVAILABLE. */
export function mapStorageError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; message?: string; cause?: { code?: string } };
  const text = `${e?.code ?? ""} ${e?.cause?.code ?? ""} ${e?.message ?? ""}`;
  if (/P2002|UNIQUE constraint|unique constraint|23505/.test(text)) {
    return new AppError("CONFLICT", "unique constraint", undefined, { cause: error });
  }
  if (
    /SQLITE_BUSY|database is locked|database is closed|connection is not open|pool after calling end|P2028|P1001|P1017|ECONNREFUSED|ECONNRESET|40001|40P01|57P01|timeout|Timed out/i.test(
      text,
    )
  ) {
    return new AppError("STORAGE_UNAVAILABLE", "database busy or unreachable", undefined, { cause: error });
  }
  return error;
}

/** Awaits a query, mapping driver errors to AppError codes. */
export async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw mapStorageError(error);
  }
}

/** The repositories over one client or transaction (exported for the console store, which adds its own). */
export function createRepos(db: Tx, cipher: FieldCipher, newId: IdFactory): Repos {
  return {
    retention: retentionRepo(db, newId),
    conversations: conversationRepo(db, cipher),
    chatAddresses: chatAddressRepo(db, cipher),
    inbound: inboundLog(db, cipher),
    reports: reportRepo(db, cipher, newId),
    media: mediaRepo(db, cipher),
    outbox: outboxRepo(db, cipher),
    audit: {
      async record(entry) {
        await guard(
          db.auditLog.create({
            data: {
              id: newId(),
              actor: entry.actor,
              action: entry.action,
              subject: entry.subject ?? null,
              details: entry.details ? JSON.stringify(entry.details) : null,
            },
          }),
        );
      },
    },
  };
}

/** Baileys' auth state rows; the row id is bound into the encryption context, so values can't be swapped. */
function channelAuthRepo(db: Db, cipher: FieldCipher): ChannelAuthRepo {
  const context = (id: string) => `${FIELD.whatsappAuth}:${id}`;
  return {
    async get(ids) {
      const rows = await guard(db.whatsAppAuth.findMany({ where: { id: { in: ids } } }));
      const values = new Map<string, string>();
      for (const row of rows) {
        const value = safeDecrypt(cipher, row.value, context(row.id));
        if (value !== undefined) values.set(row.id, value);
      }
      return values;
    },
    async set(entries) {
      if (entries.length === 0) return;
      const removed = entries.filter((e) => e.value === null).map((e) => e.id);
      const written = entries.filter((e): e is { id: string; value: string } => e.value !== null);
      await guard(
        db.$transaction(async (tx) => {
          if (removed.length) await tx.whatsAppAuth.deleteMany({ where: { id: { in: removed } } });
          for (const { id, value } of written) {
            const sealed = cipher.encrypt(value, context(id));
            await tx.whatsAppAuth.upsert({ where: { id }, create: { id, value: sealed }, update: { value: sealed } });
          }
        }),
      );
    },
    async clear() {
      await guard(db.whatsAppAuth.deleteMany({}));
    },
  };
}

const CLOSED_STATUSES = ["closed", "duplicate", "not_actionable"];

/** A source key that no longer names an inbound message (see `ReportRepo.unlinkReporter`). */
const FORGOTTEN_SOURCE = "forgotten:";

function retentionRepo(db: Tx, newId: IdFactory): RetentionRepo {
  return {
    async idleConversationIds(before, limit) {
      const rows = await guard(
        db.conversation.findMany({ where: { lastInboundAt: { lt: before } }, select: { id: true }, take: limit }),
      );
      return rows.map((r) => r.id);
    },
    async deleteClosedReports(before) {
      const where = { status: { in: CLOSED_STATUSES }, closedAt: { lt: before } };
      const ids = (await guard(db.report.findMany({ where, select: { id: true } }))).map((r) => r.id);
      if (ids.length === 0) return 0;
      await guard(db.followUp.deleteMany({ where: { reportId: { in: ids } } }));
      await guard(db.reportMedia.deleteMany({ where: { reportId: { in: ids } } }));
      return (await guard(db.report.deleteMany({ where: { id: { in: ids } } }))).count;
    },
    async deleteProcessedInbound(before) {
      return (await guard(db.processedInbound.deleteMany({ where: { createdAt: { lt: before } } }))).count;
    },
    async deleteFinishedOutbox(before) {
      return (
        await guard(db.outboxMessage.deleteMany({ where: { status: { in: ["sent", "failed"] }, createdAt: { lt: before } } }))
      ).count;
    },
    async forgetReportSources(before) {
      const rows = await guard(
        db.report.findMany({
          where: { createdAt: { lt: before }, NOT: { sourceKey: { startsWith: FORGOTTEN_SOURCE } } },
          select: { id: true },
        }),
      );
      for (const { id } of rows) await forgetSource(db, id, newId);
      return rows.length;
    },
    async deleteUnattachedMedia(before) {
      return (await guard(db.reportMedia.deleteMany({ where: { reportId: null, createdAt: { lt: before } } }))).count;
    },
    async deleteAudit(before) {
      return (await guard(db.auditLog.deleteMany({ where: { at: { lt: before } } }))).count;
    },
    async compact() {
      const provider = (db as { _activeProvider?: string })._activeProvider;
      if (provider !== "sqlite") return;
      await guard(db.$executeRawUnsafe("VACUUM"));
      // in WAL mode the rewritten pages reach the main file at a checkpoint; TRUNCATE also empties the WAL,
      // so neither file keeps a copy of what was deleted
      await guard(db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)"));
    },
  };
}

type RecordRow = { id: string; channel: string; locale: string; state: string; version: number };
type TurnStartRow = { [K in keyof RecordRow]: RecordRow[K] | null } & {
  priorKey: string | null;
  priorResponse: string | null;
  pendingId: string | null;
};

function conversationRepo(db: Tx, cipher: FieldCipher): ConversationRepo {
  const toRecord = (row: RecordRow) => {
    let session: Session | undefined;
    try {
      session = cipher.decryptJson<Session>(row.state, FIELD.conversationState);
    } catch {
      session = undefined; // unreadable (e.g. a lost key): the engine resets it to the menu
    }
    const record: ConversationRecord = {
      id: row.id,
      channel: row.channel as ChannelKind,
      locale: row.locale,
      session,
      version: row.version,
    };
    return record;
  };
  return {
    async load(id) {
      const [row] = await queryRows<RecordRow>(
        db,
        sql`SELECT "id", "channel", "locale", "state", "version" FROM "Conversation" WHERE "id" = ${id}`,
      );
      return row ? toRecord(row) : undefined;
    },
    async loadForInbound(id, inboundKey) {
      // one row whatever exists: each side is joined to a constant row
      const [row] = await queryRows<TurnStartRow>(
        db,
        sql`SELECT p."key" AS "priorKey", p."response" AS "priorResponse", c."id", c."channel", c."locale", c."state", c."version",
              (SELECT o."id" FROM "OutboxMessage" AS o WHERE o."conversationId" = ${id} AND o."status" = 'pending' LIMIT 1) AS "pendingId"
            FROM (SELECT 1 AS "one") AS "turn"
            LEFT JOIN "ProcessedInbound" AS p ON p."key" = ${inboundKey ?? null}
            LEFT JOIN "Conversation" AS c ON c."id" = ${id}`,
      );
      const prior = row && row.priorKey !== null ? { response: decodeResponse(cipher, row.priorResponse) } : undefined;
      const record = row && row.id !== null ? toRecord(row as RecordRow) : undefined;
      return { record, prior, outboxPending: Boolean(row && row.pendingId !== null) };
    },
    async save(r) {
      const state = cipher.encryptJson(r.session, FIELD.conversationState);
      const now = new Date();
      const waitExpiresAt = r.waitExpiresAt ?? null;
      const reminderSentAt = r.reminderSentAt ?? null;
      if (r.expectedVersion === undefined) {
        await execute(
          db,
          sql`INSERT INTO "Conversation" ("id", "channel", "locale", "state", "version", "lastInboundAt", "waitExpiresAt", "reminderSentAt", "createdAt", "updatedAt")
              VALUES (${r.id}, ${r.channel}, ${r.locale}, ${state}, 1, ${r.lastInboundAt}, ${waitExpiresAt}, ${reminderSentAt}, ${now}, ${now})`,
        );
        return;
      }
      const updated = await execute(
        db,
        sql`UPDATE "Conversation" SET "channel" = ${r.channel}, "locale" = ${r.locale}, "state" = ${state}, "version" = "version" + 1,
              "lastInboundAt" = ${r.lastInboundAt}, "waitExpiresAt" = ${waitExpiresAt}, "reminderSentAt" = ${reminderSentAt}, "updatedAt" = ${now}
            WHERE "id" = ${r.id} AND "version" = ${r.expectedVersion}`,
      );
      if (updated !== 1) throw new AppError("CONFLICT", "conversation changed concurrently");
    },
    async delete(id) {
      await guard(db.conversation.deleteMany({ where: { id } }));
    },
    async listNeedingReminder(idleSince, limit) {
      const rows = await guard(
        db.conversation.findMany({
          where: { lastInboundAt: { lte: idleSince }, reminderSentAt: null, waitExpiresAt: { not: null } },
          orderBy: { lastInboundAt: "asc" },
          take: limit,
        }),
      );
      return rows.map(toRecord);
    },
  };
}

function chatAddressRepo(db: Tx, cipher: FieldCipher): ChatAddressRepo {
  return {
    async upsert(conversationId, channel, address) {
      // written when a conversation starts: there is rarely a row to compare with, so no read first
      const sealed = cipher.encrypt(address, FIELD.chatAddress);
      const now = new Date();
      await execute(
        db,
        sql`INSERT INTO "ChatAddress" ("conversationId", "channel", "address", "updatedAt") VALUES (${conversationId}, ${channel}, ${sealed}, ${now})
            ON CONFLICT ("conversationId") DO UPDATE SET "channel" = ${channel}, "address" = ${sealed}, "updatedAt" = ${now}`,
      );
    },
    async get(conversationId) {
      const [row] = await queryRows<{ channel: string; address: string }>(
        db,
        sql`SELECT "channel", "address" FROM "ChatAddress" WHERE "conversationId" = ${conversationId}`,
      );
      if (!row) return undefined;
      const address = safeDecrypt(cipher, row.address, FIELD.chatAddress);
      return address === undefined ? undefined : { channel: row.channel as ChannelKind, address };
    },
    async delete(conversationId) {
      await guard(db.chatAddress.deleteMany({ where: { conversationId } }));
    },
  };
}

function safeDecrypt(cipher: FieldCipher, sealed: string, context: string): string | undefined {
  try {
    return cipher.decrypt(sealed, context);
  } catch {
    return undefined;
  }
}

function decodeResponse(cipher: FieldCipher, sealed: string | null): OutboundMessage[] {
  return sealed ? (cipher.decryptJson<OutboundMessage[]>(sealed, FIELD.inboundResponse) ?? []) : [];
}

function inboundLog(db: Tx, cipher: FieldCipher): InboundLog {
  return {
    async find(key) {
      const [row] = await queryRows<{ response: string | null }>(db, sql`SELECT "response" FROM "ProcessedInbound" WHERE "key" = ${key}`);
      return row ? { response: decodeResponse(cipher, row.response) } : undefined;
    },
    async record(key, conversationId, response) {
      const sealed = cipher.encryptJson(response, FIELD.inboundResponse);
      await execute(
        db,
        sql`INSERT INTO "ProcessedInbound" ("key", "conversationId", "response", "createdAt") VALUES (${key}, ${conversationId}, ${sealed}, ${new Date()})`,
      );
    },
    async deleteFor(conversationId) {
      return (await guard(db.processedInbound.deleteMany({ where: { conversationId } }))).count;
    },
  };
}

async function forgetSource(db: Tx, reportId: string, newId: IdFactory): Promise<void> {
  await guard(db.report.update({ where: { id: reportId }, data: { sourceKey: `${FORGOTTEN_SOURCE}${newId()}` } }));
}

type ReportRow = Awaited<ReturnType<Db["report"]["findUniqueOrThrow"]>>;

/** How the migration carried over codes stored in clear, until start-up hashes them. */
const PLAIN_CODE = "plain:";

function reportRepo(db: Tx, cipher: FieldCipher, newId: IdFactory): ReportRepo {
  const toReport = (row: ReportRow): Report => ({
    id: row.id,
    codeHash: row.codeHash,
    codeTail: row.codeTail,
    sourceKey: row.sourceKey,
    channel: row.channel as ChannelKind,
    locale: row.locale,
    flowId: row.flowId,
    flowRevision: row.flowRevision,
    kind: row.kind,
    body: cipher.decryptJson(row.body, FIELD.reportBody),
    urgency: row.urgency as Urgency,
    categories: JSON.parse(row.categories),
    minor: row.minor,
    referrals: JSON.parse(row.referrals),
    reasons: JSON.parse(row.reasons),
    departmentCode: row.departmentCode ?? undefined,
    provinceCode: row.provinceCode ?? undefined,
    districtCode: row.districtCode ?? undefined,
    reporterLink: row.reporterLink ?? undefined,
    createdAt: row.createdAt,
    status: row.status as ReportStatus,
    assigneeId: row.assigneeId ?? undefined,
    referredTo: row.referredTo ?? undefined,
    referredAt: row.referredAt ?? undefined,
    outcome: row.outcome ?? undefined,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt ?? undefined,
  });
  const toFollowUp = (row: {
    id: string;
    reportId: string;
    kind: string;
    operatorId: string | null;
    body: string;
    createdAt: Date;
    deliveredAt: Date | null;
    readAt: Date | null;
  }): FollowUp => ({
    id: row.id,
    reportId: row.reportId,
    kind: row.kind as FollowUpKind,
    operatorId: row.operatorId ?? undefined,
    body: cipher.decrypt(row.body, FIELD.followUpBody),
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt ?? undefined,
    readAt: row.readAt ?? undefined,
  });
  return {
    async create(r) {
      const row = await guard(
        db.report.create({
          data: {
            id: r.id,
            codeHash: r.codeHash,
            codeTail: r.codeTail,
            sourceKey: r.sourceKey,
            channel: r.channel,
            locale: r.locale,
            flowId: r.flowId,
            flowRevision: r.flowRevision,
            kind: r.kind,
            body: cipher.encryptJson(r.body, FIELD.reportBody),
            urgency: r.urgency,
            urgencyRank: URGENCY_RANK[r.urgency],
            categories: JSON.stringify(r.categories),
            minor: r.minor,
            referrals: JSON.stringify(r.referrals),
            reasons: JSON.stringify(r.reasons),
            departmentCode: r.departmentCode ?? null,
            provinceCode: r.provinceCode ?? null,
            districtCode: r.districtCode ?? null,
            reporterLink: r.reporterLink ?? null,
            createdAt: r.createdAt,
          },
        }),
      );
      return toReport(row);
    },
    async findBySourceKey(sourceKey) {
      const row = await guard(db.report.findUnique({ where: { sourceKey } }));
      return row ? toReport(row) : undefined;
    },
    async findByCodeHash(codeHash) {
      const row = await guard(db.report.findUnique({ where: { codeHash } }));
      return row ? toReport(row) : undefined;
    },
    async findById(id) {
      const row = await guard(db.report.findUnique({ where: { id } }));
      return row ? toReport(row) : undefined;
    },
    async setReporterLink(reportId, link) {
      await guard(db.report.update({ where: { id: reportId }, data: { reporterLink: link ?? null } }));
    },
    async unlinkReporter(link) {
      const rows = await guard(db.report.findMany({ where: { reporterLink: link }, select: { id: true } }));
      for (const { id } of rows) {
        await guard(
          db.report.update({ where: { id }, data: { reporterLink: null, sourceKey: `${FORGOTTEN_SOURCE}${newId()}` } }),
        );
      }
      return rows.length;
    },
    async listPlainCodes(limit) {
      const rows = await guard(
        db.report.findMany({ where: { codeHash: { startsWith: PLAIN_CODE } }, select: { id: true, codeHash: true }, take: limit }),
      );
      return rows.map((r) => ({ id: r.id, code: r.codeHash.slice(PLAIN_CODE.length) }));
    },
    async replacePlainCode(id, code, codeHash) {
      const result = await guard(
        db.report.updateMany({ where: { id, codeHash: `${PLAIN_CODE}${code}` }, data: { codeHash, codeTail: code.slice(-4) } }),
      );
      return result.count === 1;
    },
    async addFollowUp(f) {
      const row = await guard(
        db.followUp.create({
          data: {
            id: f.id,
            reportId: f.reportId,
            kind: f.kind,
            operatorId: f.operatorId ?? null,
            body: cipher.encrypt(f.body, FIELD.followUpBody),
            createdAt: f.createdAt,
          },
        }),
      );
      return toFollowUp(row);
    },
    async listFollowUps(reportId) {
      const rows = await guard(db.followUp.findMany({ where: { reportId }, orderBy: { createdAt: "asc" } }));
      return rows.map(toFollowUp);
    },
    async markFollowUpsRead(ids, at) {
      if (ids.length === 0) return;
      await guard(db.followUp.updateMany({ where: { id: { in: ids } }, data: { readAt: at } }));
    },
  };
}

type OutboxRow = {
  id: string;
  conversationId: string;
  channel: string;
  payload: string;
  sourceKey: string;
  seq: number;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  claimedBy: string | null;
  claimedUntil: Date | null;
};

const OUTBOX_COLUMNS = sql`"id", "conversationId", "channel", "payload", "sourceKey", "seq", "createdAt", "attempts", "nextAttemptAt", "claimedBy", "claimedUntil"`;

function outboxRepo(db: Tx, cipher: FieldCipher): OutboxRepo {
  const toPending = (row: OutboxRow): PendingOutbox => ({
    id: row.id,
    conversationId: row.conversationId,
    channel: row.channel as ChannelKind,
    message: cipher.decryptJson<OutboundMessage>(row.payload, FIELD.outboxPayload),
    sourceKey: row.sourceKey,
    seq: row.seq,
    createdAt: row.createdAt,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    claimedBy: row.claimedBy ?? undefined,
    claimedUntil: row.claimedUntil ?? undefined,
  });
  const pendingFor = async (conversationId: string) => {
    const rows = await queryRows<OutboxRow>(
      db,
      sql`SELECT ${OUTBOX_COLUMNS} FROM "OutboxMessage" WHERE "conversationId" = ${conversationId} AND "status" = 'pending' ORDER BY "createdAt", "seq"`,
    );
    return rows.map(toPending);
  };
  const insert = async (entries: OutboxEntry[], claim?: OutboxClaim) => {
    for (const part of chunks(entries, 50)) {
      const values = part.map(
        (e) =>
          sql`(${e.id}, ${e.conversationId}, ${e.channel}, ${cipher.encryptJson(e.message, FIELD.outboxPayload)}, 'pending', 0, ${e.createdAt},
               ${e.sourceKey}, ${e.seq}, ${e.createdAt}, ${claim?.owner ?? null}, ${claim?.until ?? null})`,
      );
      await execute(
        db,
        sql`INSERT INTO "OutboxMessage" ("id", "conversationId", "channel", "payload", "status", "attempts", "nextAttemptAt", "sourceKey", "seq", "createdAt", "claimedBy", "claimedUntil")
            VALUES ${join(values)}`,
      );
    }
  };
  const markSent = (ids: string[], at: Date) =>
    execute(
      db,
      sql`UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${at}, "claimedBy" = NULL, "claimedUntil" = NULL
          WHERE "id" IN (${join(ids)}) AND "status" = 'pending'`,
    );
  return {
    async enqueue(entries) {
      if (entries.length === 0) return;
      await insert(entries);
    },
    async enqueueClaimed(entries, claim, othersPending) {
      if (entries.length === 0) return [];
      const conversationIds = [...new Set(entries.map((e) => e.conversationId))];
      const others =
        othersPending ??
        (
          await queryRows<{ id: string }>(
            db,
            sql`SELECT "id" FROM "OutboxMessage" WHERE "conversationId" IN (${join(conversationIds)}) AND "status" = 'pending' LIMIT 1`,
          )
        ).length > 0;
      if (others) {
        await insert(entries);
        return undefined;
      }
      await insert(entries, claim);
      return entries.map((e) => ({ ...e, attempts: 0, nextAttemptAt: e.createdAt, claimedBy: claim.owner, claimedUntil: claim.until }));
    },
    pendingFor,
    async due(now, limit) {
      const rows = await guard(
        db.outboxMessage.findMany({
          where: { status: "pending", nextAttemptAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
          orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
          take: limit,
        }),
      );
      return rows.map(toPending);
    },
    async claim(conversationId, { owner, now, until }) {
      const heldByOther = await queryRows<{ id: string }>(
        db,
        sql`SELECT "id" FROM "OutboxMessage"
            WHERE "conversationId" = ${conversationId} AND "status" = 'pending' AND "claimedBy" <> ${owner} AND "claimedUntil" >= ${now} LIMIT 1`,
      );
      if (heldByOther.length === 0) {
        // one UPDATE: PostgreSQL re-checks each row under its row lock, so two instances never both claim it
        await execute(
          db,
          sql`UPDATE "OutboxMessage" SET "claimedBy" = ${owner}, "claimedUntil" = ${until}
              WHERE "conversationId" = ${conversationId} AND "status" = 'pending' AND "nextAttemptAt" <= ${now}
                AND ("claimedUntil" IS NULL OR "claimedUntil" < ${now} OR "claimedBy" = ${owner})`,
        );
      }
      return pendingFor(conversationId);
    },
    async release(conversationId, owner) {
      await guard(
        db.outboxMessage.updateMany({
          where: { conversationId, status: "pending", claimedBy: owner },
          data: { claimedBy: null, claimedUntil: null },
        }),
      );
    },
    async markSent(id, at) {
      return (await markSent([id], at)) === 1;
    },
    async markSentMany(ids, at) {
      let recorded = 0;
      for (const part of chunks(ids)) recorded += await markSent(part, at);
      return recorded;
    },
    async markRetry(id, nextAttemptAt, failed) {
      await guard(
        db.outboxMessage.updateMany({
          where: { id, status: "pending" },
          data: {
            attempts: { increment: 1 },
            nextAttemptAt,
            claimedBy: null,
            claimedUntil: null,
            ...(failed ? { status: "failed" } : {}),
          },
        }),
      );
    },
    async deleteFor(conversationId) {
      await guard(db.outboxMessage.deleteMany({ where: { conversationId, status: "pending" } }));
    },
    async deleteAllFor(conversationId) {
      return (await guard(db.outboxMessage.deleteMany({ where: { conversationId } }))).count;
    },
  };
}

/** Updates fetched and not yet handled; the key is bound into the encryption context (no swapping rows). */
function inboxRepo(db: Db, cipher: FieldCipher): InboxRepo {
  const context = (key: string) => `${FIELD.inboxPayload}:${key}`;
  return {
    async put(channel, items) {
      const unique = [...new Map(items.map((i) => [i.key, i])).values()];
      const now = new Date();
      // keys stored already (fetched again after a restart) are left as they are
      for (const part of chunks(unique, 100)) {
        const values = part.map((i) => sql`(${i.key}, ${channel}, ${cipher.encrypt(i.payload, context(i.key))}, ${now})`);
        await execute(db, sql`INSERT INTO "InboxUpdate" ("key", "channel", "payload", "createdAt") VALUES ${join(values)} ON CONFLICT ("key") DO NOTHING`);
      }
    },
    async list(channel, limit) {
      const rows = await guard(
        db.inboxUpdate.findMany({ where: { channel }, orderBy: [{ createdAt: "asc" }, { key: "asc" }], take: limit }),
      );
      return rows.flatMap((row) => {
        const payload = safeDecrypt(cipher, row.payload, context(row.key));
        return payload === undefined ? [] : [{ key: row.key, payload }];
      });
    },
    async remove(keys) {
      for (const part of chunks(keys)) await execute(db, sql`DELETE FROM "InboxUpdate" WHERE "key" IN (${join(part)})`);
    },
  };
}

function mediaRepo(db: Tx, cipher: FieldCipher): MediaRepo {
  const context = (id: string) => `${FIELD.reportMedia}:${id}`;
  const info = (row: { id: string; reportId: string | null; mimeType: string; bytes: number; width: number; height: number; createdAt: Date }): MediaInfo => ({
    id: row.id,
    reportId: row.reportId ?? undefined,
    mimeType: row.mimeType,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    createdAt: row.createdAt,
  });
  const INFO = { id: true, reportId: true, mimeType: true, bytes: true, width: true, height: true, createdAt: true } as const;
  return {
    async store(m) {
      await guard(
        db.reportMedia.create({
          data: {
            id: m.id,
            mimeType: m.mimeType,
            bytes: m.data.length,
            width: m.width,
            height: m.height,
            data: cipher.encryptBytes(m.data, context(m.id)),
            createdAt: m.createdAt,
          },
        }),
      );
    },
    async attach(ids, reportId) {
      if (ids.length === 0) return 0;
      return (await guard(db.reportMedia.updateMany({ where: { id: { in: ids }, reportId: null }, data: { reportId } }))).count;
    },
    async deleteUnattached(ids) {
      if (ids.length === 0) return 0;
      return (await guard(db.reportMedia.deleteMany({ where: { id: { in: ids }, reportId: null } }))).count;
    },
    async listForReport(reportId) {
      const rows = await guard(db.reportMedia.findMany({ where: { reportId }, select: INFO, orderBy: { createdAt: "asc" } }));
      return rows.map(info);
    },
    async read(reportId, id) {
      const row = await guard(db.reportMedia.findFirst({ where: { id, reportId } }));
      return row ? { ...info(row), data: cipher.decryptBytes(row.data, context(row.id)) } : undefined;
    },
  };
}
