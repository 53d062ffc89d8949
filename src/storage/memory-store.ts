import { randomUUID } from "node:crypto";
import { KeyedMutex } from "../app/conversation-lock.ts";
import type {
  AuditEntry,
  ConversationRecord,
  FollowUp,
  MediaInfo,
  OutboxClaim,
  OutboxEntry,
  PendingOutbox,
  Report,
  Repos,
  Store,
} from "../app/ports.ts";
import { AppError } from "../core/app-error.ts";
import type { OutboundMessage } from "../core/messages.ts";

interface OutboxRow extends OutboxEntry {
  status: "pending" | "sent" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  sentAt?: Date;
  claimedBy: string | undefined;
  claimedUntil: Date | undefined;
}

interface ConversationRow extends ConversationRecord {
  lastInboundAt: Date;
  waitExpiresAt: Date | undefined;
  reminderSentAt: Date | undefined;
}

interface State {
  conversations: Map<string, ConversationRow>;
  addresses: Map<string, { channel: ConversationRecord["channel"]; address: string }>;
  inbound: Map<string, { conversationId: string; response: OutboundMessage[]; createdAt: Date }>;
  reports: Map<string, Report>;
  followUps: Map<string, FollowUp>;
  outbox: Map<string, OutboxRow>;
  media: Map<string, MediaInfo & { data: Buffer }>;
  audit: (AuditEntry & { at: Date })[];
}

/**
 * In-memory implementation of the storage ports for unit tests. Transactions run one at a time and roll back
 * by restoring a snapshot, so tests see the same all-or-nothing behaviour as the database.
 */
export class MemoryStore implements Store {
  state: State = {
    conversations: new Map(),
    addresses: new Map(),
    inbound: new Map(),
    reports: new Map(),
    followUps: new Map(),
    outbox: new Map(),
    media: new Map(),
    audit: [],
  };
  private readonly serial = new KeyedMutex();
  /** the time stamped on rows the database would stamp (tests pass their fixed clock) */
  constructor(private readonly now: () => Date = () => new Date()) {}
  private readonly repos = createRepos(
    () => this.state,
    () => this.now(),
  );
  readonly conversations = this.repos.conversations;
  readonly chatAddresses = this.repos.chatAddresses;
  readonly inbound = this.repos.inbound;
  readonly reports = this.repos.reports;
  readonly outbox = this.repos.outbox;
  readonly audit = this.repos.audit;
  readonly retention = this.repos.retention;
  readonly media = this.repos.media;
  readonly channelAuth = memoryChannelAuth(new Map());
  readonly inbox = memoryInbox(new Map());

  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
    return this.serial.run("tx", async () => {
      const snapshot = structuredClone(this.state);
      try {
        return await fn(this.repos);
      } catch (error) {
        this.state = snapshot;
        throw error;
      }
    });
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}

function createRepos(state: () => State, now: () => Date): Repos {
  /** Pending outbox messages of any of these conversations? */
  const hasPendingOutbox = (conversations: ReadonlySet<string>) =>
    [...state().outbox.values()].some((o) => conversations.has(o.conversationId) && o.status === "pending");
  /** Stores new outbox messages, pending, claimed for `claim.owner` when given. */
  const putOutbox = (entries: OutboxEntry[], claim: OutboxClaim | undefined) => {
    for (const e of entries) {
      state().outbox.set(e.id, {
        ...clone(e),
        status: "pending",
        attempts: 0,
        nextAttemptAt: e.createdAt,
        claimedBy: claim?.owner,
        claimedUntil: claim?.until,
      });
    }
  };
  const clone = <T>(value: T): T => structuredClone(value);
  const deleteWhere = <V>(map: Map<string, V>, test: (v: V) => boolean) => {
    let n = 0;
    for (const [k, v] of map) if (test(v) && map.delete(k)) n++;
    return n;
  };
  const loadConversation = async (id: string): Promise<ConversationRecord | undefined> => {
    const row = state().conversations.get(id);
    return row ? clone({ id: row.id, channel: row.channel, locale: row.locale, session: row.session, version: row.version }) : undefined;
  };
  return {
    retention: {
      async idleConversationIds(before, limit) {
        return [...state().conversations.values()].filter((c) => c.lastInboundAt < before).slice(0, limit).map((c) => c.id);
      },
      async deleteClosedReports(before) {
        const closed = (r: Report) => ["closed", "duplicate", "not_actionable"].includes(r.status) && !!r.closedAt && r.closedAt < before;
        const ids = new Set([...state().reports.values()].filter(closed).map((r) => r.id));
        deleteWhere(state().followUps, (f) => ids.has(f.reportId));
        return deleteWhere(state().reports, (r) => ids.has(r.id));
      },
      async deleteProcessedInbound(before) {
        return deleteWhere(state().inbound, (i) => i.createdAt < before);
      },
      async deleteFinishedOutbox(before) {
        return deleteWhere(state().outbox, (o) => o.status !== "pending" && o.createdAt < before);
      },
      async forgetReportSources(before) {
        let n = 0;
        for (const r of state().reports.values()) {
          if (r.createdAt < before && !r.sourceKey.startsWith("forgotten:")) {
            r.sourceKey = `forgotten:${randomUUID()}`;
            n++;
          }
        }
        return n;
      },
      async deleteUnattachedMedia(before) {
        return deleteWhere(state().media, (m) => !m.reportId && m.createdAt < before);
      },
      async deleteAudit(before) {
        const kept = state().audit.filter((a) => a.at >= before);
        const removed = state().audit.length - kept.length;
        state().audit = kept;
        return removed;
      },
      async compact() {},
    },
    conversations: {
      load: loadConversation,
      async loadForInbound(id, inboundKey) {
        const prior = inboundKey === undefined ? undefined : state().inbound.get(inboundKey);
        const outboxPending = hasPendingOutbox(new Set([id]));
        return { record: await loadConversation(id), prior: prior ? { response: clone(prior.response) } : undefined, outboxPending };
      },
      async save(r) {
        const existing = state().conversations.get(r.id);
        if (r.expectedVersion === undefined ? existing : existing?.version !== r.expectedVersion) {
          throw new AppError("CONFLICT", "conversation changed concurrently");
        }
        state().conversations.set(r.id, {
          id: r.id,
          channel: r.channel,
          locale: r.locale,
          session: clone(r.session),
          version: (existing?.version ?? 0) + 1,
          lastInboundAt: r.lastInboundAt,
          waitExpiresAt: r.waitExpiresAt,
          reminderSentAt: r.reminderSentAt,
        });
      },
      async delete(id) {
        state().conversations.delete(id);
      },
      async listNeedingReminder(idleSince, limit) {
        return [...state().conversations.values()]
          .filter((c) => c.lastInboundAt <= idleSince && !c.reminderSentAt && c.waitExpiresAt)
          .slice(0, limit)
          .map(clone);
      },
    },
    chatAddresses: {
      async upsert(conversationId, channel, address) {
        state().addresses.set(conversationId, { channel, address });
      },
      async get(conversationId) {
        return clone(state().addresses.get(conversationId));
      },
      async delete(conversationId) {
        state().addresses.delete(conversationId);
      },
    },
    inbound: {
      async find(key) {
        const row = state().inbound.get(key);
        return row ? { response: clone(row.response) } : undefined;
      },
      async record(key, conversationId, response) {
        if (state().inbound.has(key)) throw new AppError("CONFLICT", "inbound already recorded");
        state().inbound.set(key, { conversationId, response: clone(response), createdAt: now() });
      },
      async deleteFor(conversationId) {
        return deleteWhere(state().inbound, (i) => i.conversationId === conversationId);
      },
    },
    reports: {
      async create(r) {
        for (const existing of state().reports.values()) {
          if (existing.codeHash === r.codeHash || existing.sourceKey === r.sourceKey) {
            throw new AppError("CONFLICT", "report exists");
          }
        }
        const report: Report = {
          ...clone(r),
          status: "new",
          assigneeId: undefined,
          referredTo: undefined,
          referredAt: undefined,
          outcome: undefined,
          updatedAt: r.createdAt,
          closedAt: undefined,
        };
        state().reports.set(r.id, report);
        return clone(report);
      },
      async findBySourceKey(sourceKey) {
        return clone([...state().reports.values()].find((r) => r.sourceKey === sourceKey));
      },
      async findByCodeHash(codeHash) {
        return clone([...state().reports.values()].find((r) => r.codeHash === codeHash));
      },
      async findById(id) {
        return clone(state().reports.get(id));
      },
      async setReporterLink(reportId, link) {
        const report = state().reports.get(reportId);
        if (report) report.reporterLink = link;
      },
      async unlinkReporter(link) {
        let count = 0;
        for (const report of state().reports.values()) {
          if (report.reporterLink === link) {
            report.reporterLink = undefined;
            report.sourceKey = `forgotten:${randomUUID()}`;
            count++;
          }
        }
        return count;
      },
      async listPlainCodes() {
        return []; // nothing older than this version lives in memory
      },
      async replacePlainCode() {
        return false;
      },
      async addFollowUp(f) {
        const row: FollowUp = { ...f, deliveredAt: undefined, readAt: undefined };
        state().followUps.set(f.id, row);
        return clone(row);
      },
      async listFollowUps(reportId) {
        return [...state().followUps.values()]
          .filter((f) => f.reportId === reportId)
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
          .map(clone);
      },
      async markFollowUpsRead(ids, at) {
        for (const id of ids) {
          const f = state().followUps.get(id);
          if (f) f.readAt = at;
        }
      },
    },
    outbox: {
      async enqueue(entries) {
        putOutbox(entries, undefined);
      },
      async enqueueClaimed(entries, claim, othersPending) {
        const others = othersPending ?? hasPendingOutbox(new Set(entries.map((e) => e.conversationId)));
        putOutbox(entries, others ? undefined : claim);
        return others ? undefined : sortOutbox(entries.map((e) => state().outbox.get(e.id)!));
      },
      async pendingFor(conversationId) {
        return sortOutbox(
          [...state().outbox.values()].filter(
            (o) => o.conversationId === conversationId && o.status === "pending",
          ),
        );
      },
      async due(now, limit) {
        const free = (o: OutboxRow) => o.claimedUntil === undefined || o.claimedUntil < now;
        return sortOutbox(
          [...state().outbox.values()].filter((o) => o.status === "pending" && o.nextAttemptAt <= now && free(o)),
        ).slice(0, limit);
      },
      async claim(conversationId, { owner, now, until }) {
        const rows = [...state().outbox.values()].filter((o) => o.conversationId === conversationId && o.status === "pending");
        const heldByOther = rows.some((o) => o.claimedBy !== owner && o.claimedUntil !== undefined && o.claimedUntil >= now);
        if (!heldByOther) {
          for (const o of rows) {
            const free = o.claimedUntil === undefined || o.claimedUntil < now || o.claimedBy === owner;
            if (o.nextAttemptAt <= now && free) Object.assign(o, { claimedBy: owner, claimedUntil: until });
          }
        }
        return sortOutbox(rows);
      },
      async release(conversationId, owner) {
        for (const o of state().outbox.values()) {
          if (o.conversationId === conversationId && o.status === "pending" && o.claimedBy === owner) {
            Object.assign(o, { claimedBy: undefined, claimedUntil: undefined });
          }
        }
      },
      async markSent(id, at) {
        const row = state().outbox.get(id);
        if (row?.status !== "pending") return false;
        Object.assign(row, { status: "sent", sentAt: at, claimedBy: undefined, claimedUntil: undefined });
        return true;
      },
      async markSentMany(ids, at) {
        let n = 0;
        for (const id of ids) {
          const row = state().outbox.get(id);
          if (row?.status !== "pending") continue;
          Object.assign(row, { status: "sent", sentAt: at, claimedBy: undefined, claimedUntil: undefined });
          n++;
        }
        return n;
      },
      async markRetry(id, nextAttemptAt, failed) {
        const row = state().outbox.get(id);
        if (row?.status === "pending") {
          row.attempts += 1;
          row.claimedBy = undefined;
          row.claimedUntil = undefined;
          row.nextAttemptAt = nextAttemptAt;
          if (failed) row.status = "failed";
        }
      },
      async deleteFor(conversationId) {
        for (const [id, row] of state().outbox) {
          if (row.conversationId === conversationId && row.status === "pending") state().outbox.delete(id);
        }
      },
      async deleteAllFor(conversationId) {
        return deleteWhere(state().outbox, (o) => o.conversationId === conversationId);
      },
    },
    media: {
      async store(m) {
        state().media.set(m.id, { id: m.id, reportId: undefined, mimeType: m.mimeType, bytes: m.data.length, width: m.width, height: m.height, createdAt: m.createdAt, data: Buffer.from(m.data) });
      },
      async attach(ids, reportId) {
        let n = 0;
        for (const id of ids) {
          const m = state().media.get(id);
          if (m && !m.reportId) {
            m.reportId = reportId;
            n++;
          }
        }
        return n;
      },
      async deleteUnattached(ids) {
        return deleteWhere(state().media, (m) => ids.includes(m.id) && !m.reportId);
      },
      async listForReport(reportId) {
        return [...state().media.values()].filter((m) => m.reportId === reportId).map(({ data: _data, ...info }) => clone(info));
      },
      async read(reportId, id) {
        const m = state().media.get(id);
        return m && m.reportId === reportId ? { ...clone({ ...m, data: undefined }), data: Buffer.from(m.data) } : undefined;
      },
    },
    audit: {
      async record(entry) {
        state().audit.push({ ...clone(entry), at: now() });
      },
    },
  };
}

function sortOutbox(rows: OutboxRow[]): PendingOutbox[] {
  return rows
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq)
    .map((row) => structuredClone({ ...row }));
}

function memoryChannelAuth(values: Map<string, string>): Store["channelAuth"] {
  return {
    async get(ids) {
      return new Map(ids.filter((id) => values.has(id)).map((id) => [id, values.get(id)!]));
    },
    async set(entries) {
      for (const { id, value } of entries) {
        if (value === null) values.delete(id);
        else values.set(id, value);
      }
    },
    async clear() {
      values.clear();
    },
  };
}

function memoryInbox(items: Map<string, { channel: string; payload: string }>): Store["inbox"] {
  return {
    async put(channel, entries) {
      for (const e of entries) if (!items.has(e.key)) items.set(e.key, { channel, payload: e.payload });
    },
    async list(channel, limit) {
      return [...items]
        .filter(([, v]) => v.channel === channel)
        .slice(0, limit)
        .map(([key, v]) => ({ key, payload: v.payload }));
    },
    async remove(keys) {
      for (const key of keys) items.delete(key);
    },
  };
}
