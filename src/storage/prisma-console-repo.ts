import type {
  AuditLogReader,
  CaseRepo,
  CaseSummary,
  ConsoleRepos,
  ConsoleSessionRepo,
  ConsoleStore,
  Operator,
  OperatorRepo,
  Role,
} from "../app/console/ports.ts";
import type { ReportStatus, Store, Urgency } from "../app/ports.ts";
import type { FieldCipher } from "../core/crypto.ts";
import type { ChannelKind } from "../core/messages.ts";
import type { Json } from "../flows/engine/types.ts";
import type { Prisma } from "../generated/sqlite/client.ts";
import { createRepos, FIELD, guard, mapStorageError, PrismaStore, type Tx } from "./prisma-store.ts";

/**
 * The console's repositories on the same database and in the same transactions as the app's (a message to the
 * reporter, its follow-up and its outbox entry commit together). Built from the service's PrismaStore.
 */
export function createPrismaConsoleStore(store: Store): ConsoleStore {
  if (!(store instanceof PrismaStore)) throw new Error("the console needs the database store");
  const { db, cipher, newId } = store;
  const repos = (tx: Tx): ConsoleRepos => ({ ...createRepos(tx, cipher, newId), ...consoleRepos(tx, cipher) });
  return {
    ...repos(db),
    async transaction(fn) {
      try {
        return await db.$transaction((tx) => fn(repos(tx)), { maxWait: 10_000, timeout: 20_000 });
      } catch (error) {
        throw mapStorageError(error);
      }
    },
  };
}

function consoleRepos(db: Tx, cipher: FieldCipher) {
  return {
    operators: operatorRepo(db, cipher),
    sessions: sessionRepo(db),
    cases: caseRepo(db, cipher),
    auditLog: auditLogReader(db),
  };
}

type OperatorRow = Awaited<ReturnType<Tx["operator"]["findUniqueOrThrow"]>>;

function operatorRepo(db: Tx, cipher: FieldCipher): OperatorRepo {
  const toOperator = (row: OperatorRow): Operator => ({
    id: row.id,
    email: row.email,
    role: row.role as Role,
    passwordHash: row.passwordHash,
    mustChangePassword: row.mustChangePassword,
    oneTimePasswordExpiresAt: row.oneTimePasswordExpiresAt ?? undefined,
    totpSecret: row.totpSecret ? cipher.decrypt(row.totpSecret, FIELD.operatorTotpSecret) : undefined,
    disabledAt: row.disabledAt ?? undefined,
    createdAt: row.createdAt,
  });
  return {
    async create(o) {
      const row = await guard(
        db.operator.create({
          data: { id: o.id, email: o.email, role: o.role, passwordHash: o.passwordHash, oneTimePasswordExpiresAt: o.oneTimePasswordExpiresAt, createdAt: o.createdAt },
        }),
      );
      return toOperator(row);
    },
    async findByEmail(email) {
      const row = await guard(db.operator.findUnique({ where: { email } }));
      return row ? toOperator(row) : undefined;
    },
    async findById(id) {
      const row = await guard(db.operator.findUnique({ where: { id } }));
      return row ? toOperator(row) : undefined;
    },
    async list() {
      const rows = await guard(db.operator.findMany({ orderBy: { email: "asc" } }));
      return rows.map(toOperator);
    },
    async update(id, patch) {
      const data: Prisma.OperatorUpdateInput = {};
      if (patch.passwordHash !== undefined) data.passwordHash = patch.passwordHash;
      if (patch.mustChangePassword !== undefined) data.mustChangePassword = patch.mustChangePassword;
      if (patch.oneTimePasswordExpiresAt !== undefined) data.oneTimePasswordExpiresAt = patch.oneTimePasswordExpiresAt;
      if (patch.totpSecret !== undefined)
        data.totpSecret = patch.totpSecret === null ? null : cipher.encrypt(patch.totpSecret, FIELD.operatorTotpSecret);
      if (patch.disabledAt !== undefined) data.disabledAt = patch.disabledAt;
      await guard(db.operator.update({ where: { id }, data }));
    },
  };
}

function sessionRepo(db: Tx): ConsoleSessionRepo {
  return {
    async create(s) {
      await guard(db.consoleSession.create({ data: { ...s } }));
    },
    async find(id) {
      const row = await guard(db.consoleSession.findUnique({ where: { id } }));
      return row ?? undefined;
    },
    async touch(id, lastSeenAt, expiresAt) {
      await guard(db.consoleSession.updateMany({ where: { id }, data: { lastSeenAt, expiresAt } }));
    },
    async delete(id) {
      await guard(db.consoleSession.deleteMany({ where: { id } }));
    },
    async deleteForOperator(operatorId, exceptId) {
      await guard(
        db.consoleSession.deleteMany({ where: { operatorId, ...(exceptId ? { id: { not: exceptId } } : {}) } }),
      );
    },
    async deleteExpired(now) {
      return (await guard(db.consoleSession.deleteMany({ where: { expiresAt: { lte: now } } }))).count;
    },
  };
}

/** The columns a case summary needs: never the body, the source key or the reporter link. */
const SUMMARY_SELECT = {
  id: true,
  codeTail: true,
  channel: true,
  locale: true,
  kind: true,
  urgency: true,
  categories: true,
  minor: true,
  referrals: true,
  reasons: true,
  departmentCode: true,
  provinceCode: true,
  districtCode: true,
  status: true,
  assigneeId: true,
  referredTo: true,
  referredAt: true,
  outcome: true,
  createdAt: true,
  updatedAt: true,
  closedAt: true,
} as const satisfies Prisma.ReportSelect;

type SummaryRow = Prisma.ReportGetPayload<{ select: typeof SUMMARY_SELECT }>;

function caseRepo(db: Tx, cipher: FieldCipher): CaseRepo {
  const toSummary = (row: SummaryRow): CaseSummary => ({
    id: row.id,
    codeTail: row.codeTail,
    channel: row.channel as ChannelKind,
    locale: row.locale,
    kind: row.kind,
    urgency: row.urgency as Urgency,
    categories: JSON.parse(row.categories),
    minor: row.minor,
    referrals: JSON.parse(row.referrals),
    reasons: JSON.parse(row.reasons),
    departmentCode: row.departmentCode ?? undefined,
    provinceCode: row.provinceCode ?? undefined,
    districtCode: row.districtCode ?? undefined,
    status: row.status as ReportStatus,
    assigneeId: row.assigneeId ?? undefined,
    referredTo: row.referredTo ?? undefined,
    referredAt: row.referredAt ?? undefined,
    outcome: row.outcome ?? undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt ?? undefined,
  });
  return {
    async list(f) {
      const where: Prisma.ReportWhereInput = {};
      if (f.statuses?.length) where.status = { in: f.statuses };
      if (f.urgencies?.length) where.urgency = { in: f.urgencies };
      // categories is a JSON array of codes: '"code"' only matches a whole element
      if (f.category) where.categories = { contains: JSON.stringify(f.category) };
      if (f.departmentCode) where.departmentCode = f.departmentCode;
      if (f.provinceCode) where.provinceCode = f.provinceCode;
      if (f.minor !== undefined) where.minor = f.minor;
      if (f.channel) where.channel = f.channel;
      if (f.assigneeId) where.assigneeId = f.assigneeId;
      if (f.codeHash) where.codeHash = f.codeHash;
      if (f.createdFrom || f.createdBefore)
        where.createdAt = {
          ...(f.createdFrom ? { gte: f.createdFrom } : {}),
          ...(f.createdBefore ? { lt: f.createdBefore } : {}),
        };
      const rows = await guard(
        db.report.findMany({
          where,
          select: SUMMARY_SELECT,
          orderBy: [{ urgencyRank: "desc" }, { createdAt: "asc" }, { id: "asc" }],
          take: f.limit,
          skip: f.offset,
        }),
      );
      return rows.map(toSummary);
    },
    async update(id, expectedStatus, patch) {
      const result = await guard(
        db.report.updateMany({
          where: { id, status: expectedStatus },
          data: {
            ...(patch.status !== undefined ? { status: patch.status } : {}),
            ...(patch.assigneeId !== undefined ? { assigneeId: patch.assigneeId } : {}),
            ...(patch.referredTo !== undefined ? { referredTo: patch.referredTo } : {}),
            ...(patch.referredAt !== undefined ? { referredAt: patch.referredAt } : {}),
            ...(patch.outcome !== undefined ? { outcome: patch.outcome } : {}),
            ...(patch.closedAt !== undefined ? { closedAt: patch.closedAt } : {}),
            updatedAt: patch.updatedAt,
          },
        }),
      );
      return result.count === 1;
    },
    async provinceCodes() {
      const rows = await guard(
        db.report.findMany({
          where: { provinceCode: { not: null } },
          distinct: ["provinceCode"],
          select: { provinceCode: true },
          orderBy: { provinceCode: "asc" },
        }),
      );
      return rows.map((r) => r.provinceCode!).filter(Boolean);
    },
    async facts(ids) {
      const out = new Map<string, Record<string, Json>>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await guard(
          db.report.findMany({ where: { id: { in: ids.slice(i, i + 500) } }, select: { id: true, body: true } }),
        );
        for (const row of rows) out.set(row.id, cipher.decryptJson(row.body, FIELD.reportBody));
      }
      return out;
    },
  };
}

function auditLogReader(db: Tx): AuditLogReader {
  return {
    async list(q) {
      const rows = await guard(
        db.auditLog.findMany({
          where: {
            ...(q.subject ? { subject: q.subject } : {}),
            ...(q.actions?.length ? { action: { in: q.actions } } : {}),
          },
          orderBy: [{ at: "desc" }, { id: "desc" }],
          take: q.limit,
          skip: q.offset,
        }),
      );
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        subject: r.subject ?? undefined,
        details: r.details ? (JSON.parse(r.details) as Record<string, Json>) : undefined,
      }));
    },
  };
}
