import type { ChannelKind, OutboundMessage } from "../core/messages.ts";
import type { Json, Session } from "../flows/engine/types.ts";

/**
 * Ports: what the use cases need from storage and the outside world. `storage/` implements them with Prisma
 * (and in memory for tests). Values here are plaintext: encryption at rest is the storage layer's job.
 */

export interface ConversationRecord {
  id: string;
  channel: ChannelKind;
  locale: string;
  /** undefined when the stored state could not be read (corrupt or from an unknown version) */
  session: Session | undefined;
  version: number;
}

export interface SaveConversation {
  id: string;
  channel: ChannelKind;
  locale: string;
  session: Session;
  /** version read before the change; a concurrent writer makes the save fail with CONFLICT */
  expectedVersion: number | undefined;
  lastInboundAt: Date;
  waitExpiresAt: Date | undefined;
  reminderSentAt?: Date | undefined;
}

/** What a turn reads first: its conversation, and the replies recorded if its inbound was handled before. */
export interface TurnStart {
  record: ConversationRecord | undefined;
  /** set when the inbound key was seen before (a duplicate: nothing may change) */
  prior: { response: OutboundMessage[] } | undefined;
  /** the conversation has outbox messages not sent yet (for `OutboxRepo.enqueueClaimed`) */
  outboxPending: boolean;
}

export interface ConversationRepo {
  load(id: string): Promise<ConversationRecord | undefined>;
  /** `load`, `InboundLog.find(inboundKey)` and whether outbox messages are pending, together (one query) */
  loadForInbound(id: string, inboundKey: string | undefined): Promise<TurnStart>;
  save(record: SaveConversation): Promise<void>;
  delete(id: string): Promise<void>;
  /** waiting conversations whose last inbound is older than `idleSince` and not yet reminded */
  listNeedingReminder(idleSince: Date, limit: number): Promise<ConversationRecord[]>;
}

export interface ChatAddressRepo {
  upsert(conversationId: string, channel: ChannelKind, address: string): Promise<void>;
  get(conversationId: string): Promise<{ channel: ChannelKind; address: string } | undefined>;
  delete(conversationId: string): Promise<void>;
}

export interface InboundLog {
  /** the replies recorded for an already-processed inbound, or undefined when it is new */
  find(key: string): Promise<{ response: OutboundMessage[] } | undefined>;
  record(key: string, conversationId: string, response: OutboundMessage[]): Promise<void>;
  /** "borrar": every dedupe record of the conversation (they hold its replies, case code included) */
  deleteFor(conversationId: string): Promise<number>;
}

export type Urgency = "emergency" | "high" | "medium" | "low";
export type ReportStatus = "new" | "in_review" | "referred" | "closed" | "duplicate" | "not_actionable";
export const URGENCY_RANK: Record<Urgency, number> = { emergency: 3, high: 2, medium: 1, low: 0 };

export interface ReasonRef {
  key: string;
  params?: Record<string, string | number>;
}

export interface NewReport {
  id: string;
  /**
   * keyed HMAC of the receipt code (`Identity.caseCodeHash`): the code itself is never stored, so a copy of
   * the database holds no code that works in the bot
   */
  codeHash: string;
  /** last 4 characters of the receipt code (the console shows them to confirm a code read out on the phone) */
  codeTail: string;
  sourceKey: string;
  channel: ChannelKind;
  locale: string;
  flowId: string;
  flowRevision: number;
  kind: string;
  /** everything the reporter told us (encrypted at rest) */
  body: Record<string, Json>;
  urgency: Urgency;
  categories: string[];
  minor: boolean;
  referrals: string[];
  reasons: ReasonRef[];
  departmentCode: string | undefined;
  provinceCode: string | undefined;
  districtCode: string | undefined;
  reporterLink: string | undefined;
  createdAt: Date;
}

export interface Report extends NewReport {
  status: ReportStatus;
  assigneeId: string | undefined;
  referredTo: string | undefined;
  referredAt: Date | undefined;
  outcome: string | undefined;
  updatedAt: Date;
  closedAt: Date | undefined;
}

export type FollowUpKind = "reporter" | "operator" | "note";

export interface FollowUp {
  id: string;
  reportId: string;
  kind: FollowUpKind;
  operatorId: string | undefined;
  body: string;
  createdAt: Date;
  deliveredAt: Date | undefined;
  readAt: Date | undefined;
}

export interface ReportRepo {
  /** fails with CONFLICT when the case code or the source key already exists */
  create(report: NewReport): Promise<Report>;
  findBySourceKey(sourceKey: string): Promise<Report | undefined>;
  findByCodeHash(codeHash: string): Promise<Report | undefined>;
  findById(id: string): Promise<Report | undefined>;
  setReporterLink(reportId: string, link: string | undefined): Promise<void>;
  /**
   * "borrar": forget which conversation reported what. Also replaces the reports' source keys (the inbound
   * key, an HMAC of the chat and its message id) with random values, so no key-holder can match them to a chat.
   */
  unlinkReporter(link: string): Promise<number>;
  /** receipts stored in clear by an older version ("plain:<code>" after the migration), for hashing at start-up */
  listPlainCodes(limit: number): Promise<{ id: string; code: string }[]>;
  /** compare-and-set: replaces the plain code only while it is still the one read */
  replacePlainCode(id: string, code: string, codeHash: string): Promise<boolean>;
  addFollowUp(followUp: Omit<FollowUp, "deliveredAt" | "readAt">): Promise<FollowUp>;
  listFollowUps(reportId: string): Promise<FollowUp[]>;
  markFollowUpsRead(ids: string[], at: Date): Promise<void>;
}

export interface OutboxEntry {
  id: string;
  conversationId: string;
  channel: ChannelKind;
  message: OutboundMessage;
  sourceKey: string;
  seq: number;
  createdAt: Date;
}

export interface PendingOutbox extends OutboxEntry {
  attempts: number;
  nextAttemptAt: Date;
  /** the instance sending it now, while `claimedUntil` is in the future (a lease) */
  claimedBy: string | undefined;
  claimedUntil: Date | undefined;
}

/** Who claims outbox messages, and until when (a lease: a crashed instance's claims expire). */
export interface OutboxClaim {
  owner: string;
  now: Date;
  until: Date;
}

export interface OutboxRepo {
  enqueue(entries: OutboxEntry[]): Promise<void>;
  /**
   * Stores a turn's replies already claimed for `claim.owner` when the conversation has no other pending
   * message (nothing can go out before them) and returns them, ready to send without reading them back;
   * otherwise stores them unclaimed, behind the others, and returns undefined. `othersPending`: what the
   * caller read in this transaction (`TurnStart.outboxPending`), so the store need not look again.
   */
  enqueueClaimed(entries: OutboxEntry[], claim: OutboxClaim, othersPending?: boolean): Promise<PendingOutbox[] | undefined>;
  /** pending messages of one conversation, oldest first */
  pendingFor(conversationId: string): Promise<PendingOutbox[]>;
  /** pending messages due now across conversations that nobody holds a live claim on, oldest first */
  due(now: Date, limit: number): Promise<PendingOutbox[]>;
  /**
   * Claims the conversation's due pending messages for `claim.owner` (those unclaimed, expired, or already
   * its own), unless another owner holds a live claim on one of them; then returns the conversation's
   * pending messages, oldest first, each with its claim. Atomic per row: two instances never hold one row.
   */
  claim(conversationId: string, claim: OutboxClaim): Promise<PendingOutbox[]>;
  /** drops `owner`'s claims on the conversation's pending messages (it stopped before sending them) */
  release(conversationId: string, owner: string): Promise<void>;
  /** records a successful send; false when it was no longer pending (someone else recorded it) */
  markSent(id: string, at: Date): Promise<boolean>;
  /** records several successful sends in one write; returns how many of them were still pending */
  markSentMany(ids: string[], at: Date): Promise<number>;
  /** records a failed attempt (and drops the claim); `failed` gives up for good */
  markRetry(id: string, nextAttemptAt: Date, failed: boolean): Promise<void>;
  /** pending messages of a conversation (idle expiry) */
  deleteFor(conversationId: string): Promise<void>;
  /** "borrar": every message of a conversation, sent and failed ones too (they hold its replies) */
  deleteAllFor(conversationId: string): Promise<number>;
}

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string | undefined;
  details?: Record<string, Json> | undefined;
}

export interface AuditRepo {
  record(entry: AuditEntry): Promise<void>;
}

/** Deletion of expired data (retention policy); each method returns how many rows it removed. */
export interface RetentionRepo {
  /** conversations whose last message is older than `before` */
  idleConversationIds(before: Date, limit: number): Promise<string[]>;
  /** closed / duplicate / not-actionable reports closed before `before`, with their timeline */
  deleteClosedReports(before: Date): Promise<number>;
  deleteProcessedInbound(before: Date): Promise<number>;
  /** sent or failed outbox rows */
  deleteFinishedOutbox(before: Date): Promise<number>;
  /**
   * after the dedupe window: replaces the source keys of reports created before `before` with random values
   * (dedupe no longer needs them, and they are an HMAC of the chat that sent the report)
   */
  forgetReportSources(before: Date): Promise<number>;
  /** photos never attached to a report (the conversation ended without submitting) */
  deleteUnattachedMedia(before: Date): Promise<number>;
  deleteAudit(before: Date): Promise<number>;
  /** reclaim space and overwrite freed pages (SQLite VACUUM, then a WAL checkpoint that empties the WAL); no-op elsewhere */
  compact(): Promise<void>;
}

/** A photo as stored: re-encoded without metadata by the media pipeline (app/media/accept-photo.ts). */
export interface NewMedia {
  id: string;
  mimeType: "image/jpeg";
  width: number;
  height: number;
  data: Buffer;
  createdAt: Date;
}

export interface MediaInfo {
  id: string;
  reportId: string | undefined;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  createdAt: Date;
}

/** Photos of reports, encrypted at rest. */
export interface MediaRepo {
  store(media: NewMedia): Promise<void>;
  /** attaches still-unattached photos to a report; returns how many */
  attach(ids: string[], reportId: string): Promise<number>;
  /** "borrar": photos of an unfinished report */
  deleteUnattached(ids: string[]): Promise<number>;
  listForReport(reportId: string): Promise<MediaInfo[]>;
  /** a photo with its bytes, only when it belongs to `reportId` */
  read(reportId: string, id: string): Promise<(MediaInfo & { data: Buffer }) | undefined>;
}

/** The repositories usable inside one transaction. */
export interface Repos {
  conversations: ConversationRepo;
  chatAddresses: ChatAddressRepo;
  inbound: InboundLog;
  reports: ReportRepo;
  outbox: OutboxRepo;
  audit: AuditRepo;
  retention: RetentionRepo;
  media: MediaRepo;
}

export interface TransactionOptions {
  /**
   * Serialize transactions holding the same key across every instance sharing the database (PostgreSQL
   * advisory transaction lock). Used for per-conversation ordering when several instances run.
   */
  lockKey?: string;
}

/**
 * A channel's own session secrets (WhatsApp's Baileys auth state: credentials and signal keys). Values are
 * opaque strings to the app and encrypted at rest. Outside conversation transactions: the channel writes them.
 */
export interface ChannelAuthRepo {
  /** the stored values of these ids (missing ids are absent from the map) */
  get(ids: string[]): Promise<Map<string, string>>;
  /** writes (value) and deletes (null) all in one transaction: a crash leaves all or none of them */
  set(entries: { id: string; value: string | null }[]): Promise<void>;
  /** forget everything (logged out, bad session) */
  clear(): Promise<void>;
}

/** A platform update as fetched, kept (encrypted at rest) until the channel has handled it. */
export interface InboxItem {
  /** unique per channel and update, e.g. "telegram:123456" */
  key: string;
  payload: string;
}

/**
 * Updates a polling channel fetched but has not handled yet: stored before the platform is told they
 * arrived, removed once handled, replayed at start (after a crash or an interrupted shutdown).
 */
export interface InboxRepo {
  /** keys already stored are left as they are */
  put(channel: ChannelKind, items: InboxItem[]): Promise<void>;
  /** the oldest `limit` items still stored (undecryptable ones are dropped) */
  list(channel: ChannelKind, limit: number): Promise<InboxItem[]>;
  remove(keys: string[]): Promise<void>;
}

/** Unit of work: `fn` runs in one transaction; a thrown error rolls everything back. */
export interface Store extends Repos {
  channelAuth: ChannelAuthRepo;
  inbox: InboxRepo;
  transaction<T>(fn: (tx: Repos) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** true when the database answers (for /healthz) */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Pseudonyms and ids: keyed HMACs and CSPRNG values, behind a port so tests can fix them. */
export interface Identity {
  conversationId(channel: ChannelKind, chatRef: string): string;
  inboundKey(channel: ChannelKind, chatRef: string, messageId: string): string;
  newId(): string;
  newCaseCode(): string;
  /** keyed HMAC of a canonical case code: what is stored and looked up instead of the code */
  caseCodeHash(code: string): string;
}

