import type {
  AuditRecord,
  CaseFilter,
  CaseSummary,
  ConsoleRepos,
  ConsoleSession,
  ConsoleStore,
  Operator,
} from "../app/console/ports.ts";
import { URGENCY_RANK, type Report } from "../app/ports.ts";
import { toSummary } from "../app/console/view-case.ts";
import { AppError } from "../core/app-error.ts";
import type { MemoryStore } from "./memory-store.ts";

interface ConsoleState {
  operators: Map<string, Operator>;
  sessions: Map<string, ConsoleSession>;
}

/**
 * In-memory console store for unit tests, on top of a MemoryStore: one transaction covers both (a failure rolls
 * back the console's maps as well as the base store).
 */
export class MemoryConsoleStore implements ConsoleStore {
  state: ConsoleState = { operators: new Map(), sessions: new Map() };
  private readonly repos: ConsoleRepos;

  constructor(readonly base: MemoryStore) {
    this.repos = createRepos(base, () => this.state);
  }

  get conversations() { return this.repos.conversations; }
  get chatAddresses() { return this.repos.chatAddresses; }
  get inbound() { return this.repos.inbound; }
  get reports() { return this.repos.reports; }
  get outbox() { return this.repos.outbox; }
  get audit() { return this.repos.audit; }
  get retention() { return this.repos.retention; }
  get media() { return this.repos.media; }
  get operators() { return this.repos.operators; }
  get sessions() { return this.repos.sessions; }
  get cases() { return this.repos.cases; }
  get auditLog() { return this.repos.auditLog; }

  transaction<T>(fn: (tx: ConsoleRepos) => Promise<T>): Promise<T> {
    return this.base.transaction(async () => {
      const snapshot = structuredClone(this.state);
      try {
        return await fn(this.repos);
      } catch (error) {
        this.state = snapshot;
        throw error;
      }
    });
  }
}

function createRepos(base: MemoryStore, state: () => ConsoleState): ConsoleRepos {
  const clone = <T>(v: T): T => structuredClone(v);
  const summary = (r: Report): CaseSummary => toSummary(clone(r));
  const matches = (r: Report, f: CaseFilter) =>
    (!f.statuses?.length || f.statuses.includes(r.status)) &&
    (!f.urgencies?.length || f.urgencies.includes(r.urgency)) &&
    (!f.category || r.categories.includes(f.category)) &&
    (!f.departmentCode || r.departmentCode === f.departmentCode) &&
    (!f.provinceCode || r.provinceCode === f.provinceCode) &&
    (f.minor === undefined || r.minor === f.minor) &&
    (!f.channel || r.channel === f.channel) &&
    (!f.assigneeId || r.assigneeId === f.assigneeId) &&
    (!f.codeHash || r.codeHash === f.codeHash) &&
    (!f.createdFrom || r.createdAt >= f.createdFrom) &&
    (!f.createdBefore || r.createdAt < f.createdBefore);
  return {
    conversations: base.conversations,
    chatAddresses: base.chatAddresses,
    inbound: base.inbound,
    reports: base.reports,
    outbox: base.outbox,
    audit: base.audit,
    retention: base.retention,
    media: base.media,
    operators: {
      async create(o) {
        for (const existing of state().operators.values())
          if (existing.email === o.email) throw new AppError("CONFLICT", "email taken");
        const row: Operator = {
          ...o,
          mustChangePassword: true,
          totpSecret: undefined,
          disabledAt: undefined,
        };
        state().operators.set(o.id, row);
        return clone(row);
      },
      async findByEmail(email) {
        return clone([...state().operators.values()].find((o) => o.email === email));
      },
      async findById(id) {
        return clone(state().operators.get(id));
      },
      async list() {
        return [...state().operators.values()].sort((a, b) => a.email.localeCompare(b.email)).map(clone);
      },
      async update(id, patch) {
        const row = state().operators.get(id);
        if (!row) throw new AppError("NOT_FOUND", "no such operator");
        if (patch.passwordHash !== undefined) row.passwordHash = patch.passwordHash;
        if (patch.mustChangePassword !== undefined) row.mustChangePassword = patch.mustChangePassword;
        if (patch.oneTimePasswordExpiresAt !== undefined) row.oneTimePasswordExpiresAt = patch.oneTimePasswordExpiresAt ?? undefined;
        if (patch.totpSecret !== undefined) row.totpSecret = patch.totpSecret ?? undefined;
        if (patch.disabledAt !== undefined) row.disabledAt = patch.disabledAt ?? undefined;
      },
    },
    sessions: {
      async create(s) {
        state().sessions.set(s.id, clone(s));
      },
      async find(id) {
        return clone(state().sessions.get(id));
      },
      async touch(id, lastSeenAt, expiresAt) {
        const s = state().sessions.get(id);
        if (s) Object.assign(s, { lastSeenAt, expiresAt });
      },
      async delete(id) {
        state().sessions.delete(id);
      },
      async deleteForOperator(operatorId, exceptId) {
        for (const [id, s] of state().sessions) if (s.operatorId === operatorId && id !== exceptId) state().sessions.delete(id);
      },
      async deleteExpired(now) {
        let n = 0;
        for (const [id, s] of state().sessions) if (s.expiresAt <= now && state().sessions.delete(id)) n++;
        return n;
      },
    },
    cases: {
      async list(f) {
        return [...base.state.reports.values()]
          .filter((r) => matches(r, f))
          .sort(
            (a, b) =>
              URGENCY_RANK[b.urgency] - URGENCY_RANK[a.urgency] ||
              a.createdAt.getTime() - b.createdAt.getTime() ||
              a.id.localeCompare(b.id),
          )
          .slice(f.offset, f.offset + f.limit)
          .map(summary);
      },
      async update(id, expectedStatus, patch) {
        const r = base.state.reports.get(id);
        if (!r || r.status !== expectedStatus) return false;
        if (patch.status !== undefined) r.status = patch.status;
        if (patch.assigneeId !== undefined) r.assigneeId = patch.assigneeId ?? undefined;
        if (patch.referredTo !== undefined) r.referredTo = patch.referredTo ?? undefined;
        if (patch.referredAt !== undefined) r.referredAt = patch.referredAt ?? undefined;
        if (patch.outcome !== undefined) r.outcome = patch.outcome ?? undefined;
        if (patch.closedAt !== undefined) r.closedAt = patch.closedAt ?? undefined;
        r.updatedAt = patch.updatedAt;
        return true;
      },
      async provinceCodes() {
        const codes = new Set<string>();
        for (const r of base.state.reports.values()) if (r.provinceCode) codes.add(r.provinceCode);
        return [...codes].sort();
      },
      async facts(ids) {
        const out = new Map<string, Report["body"]>();
        for (const id of ids) {
          const r = base.state.reports.get(id);
          if (r) out.set(id, clone(r.body));
        }
        return out;
      },
    },
    auditLog: {
      async list(q) {
        const rows: AuditRecord[] = base.state.audit.map((a, i) => ({ ...clone(a), id: String(i) }));
        return rows
          .filter((a) => (!q.subject || a.subject === q.subject) && (!q.actions?.length || q.actions.includes(a.action)))
          .reverse()
          .slice(q.offset, q.offset + q.limit);
      },
    },
  };
}
