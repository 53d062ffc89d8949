import type { Clock } from "../../core/clock.ts";
import type { ChannelKind } from "../../core/messages.ts";
import type { Json } from "../../flows/engine/types.ts";
import type { Translator } from "../../i18n/i18n.ts";
import type { AuditEntry, ReasonRef, ReportStatus, Repos, Urgency } from "../ports.ts";

/**
 * Ports of the operator console. Values are plaintext here (a TOTP secret is encrypted by storage). Nothing
 * in these types can carry a reporter's identity: a case exposes its facts, never `reporterLink` or a chat id.
 */

/** viewer: statistics only; operator: cases; admin: cases + audit log. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** The signed-in person, as the use cases see them. */
export interface Actor {
  id: string;
  email: string;
  role: Role;
}

export interface Operator extends Actor {
  passwordHash: string;
  mustChangePassword: boolean;
  /** when the one-time password (new account, reset) stops working; undefined once the person chose theirs */
  oneTimePasswordExpiresAt: Date | undefined;
  /** base32 TOTP secret once enrolled */
  totpSecret: string | undefined;
  disabledAt: Date | undefined;
  createdAt: Date;
}

export interface NewOperator {
  id: string;
  email: string;
  role: Role;
  passwordHash: string;
  oneTimePasswordExpiresAt: Date;
  createdAt: Date;
}

export interface OperatorPatch {
  passwordHash?: string;
  mustChangePassword?: boolean;
  oneTimePasswordExpiresAt?: Date | null;
  totpSecret?: string | null;
  disabledAt?: Date | null;
}

export interface OperatorRepo {
  /** fails with CONFLICT when the email is taken */
  create(operator: NewOperator): Promise<Operator>;
  findByEmail(email: string): Promise<Operator | undefined>;
  findById(id: string): Promise<Operator | undefined>;
  list(): Promise<Operator[]>;
  update(id: string, patch: OperatorPatch): Promise<void>;
}

/** A console session; `id` is the SHA-256 of the cookie token (the token itself is never stored). */
export interface ConsoleSession {
  id: string;
  operatorId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** the earlier of the idle and the absolute deadline (for purging) */
  expiresAt: Date;
}

export interface ConsoleSessionRepo {
  create(session: ConsoleSession): Promise<void>;
  find(id: string): Promise<ConsoleSession | undefined>;
  touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void>;
  delete(id: string): Promise<void>;
  /** ends every session of an operator (password change, disable) except `exceptId` */
  deleteForOperator(operatorId: string, exceptId?: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

/** Queue filters; every field optional except paging. Sorted by urgency (highest first), then oldest first. */
export interface CaseFilter {
  statuses?: ReportStatus[];
  urgencies?: Urgency[];
  category?: string;
  departmentCode?: string;
  provinceCode?: string;
  minor?: boolean;
  channel?: ChannelKind;
  assigneeId?: string;
  /** keyed hash of an exact receipt code (an operator looking up a code a reporter read out) */
  codeHash?: string;
  createdFrom?: Date;
  createdBefore?: Date;
  limit: number;
  offset: number;
}

/**
 * A report without its facts and without any link to the reporter. Not even the receipt code: whoever holds it
 * can read and answer the case in the bot, so the console only shows its last four characters (enough to
 * confirm a code a reporter reads out on the phone).
 */
export interface CaseSummary {
  id: string;
  /** last 4 characters of the receipt code */
  codeTail: string;
  channel: ChannelKind;
  locale: string;
  kind: string;
  urgency: Urgency;
  categories: string[];
  minor: boolean;
  referrals: string[];
  reasons: ReasonRef[];
  departmentCode: string | undefined;
  provinceCode: string | undefined;
  districtCode: string | undefined;
  status: ReportStatus;
  assigneeId: string | undefined;
  referredTo: string | undefined;
  referredAt: Date | undefined;
  outcome: string | undefined;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | undefined;
}

export interface CasePatch {
  status?: ReportStatus;
  assigneeId?: string | null;
  referredTo?: string | null;
  referredAt?: Date | null;
  outcome?: string | null;
  closedAt?: Date | null;
  updatedAt: Date;
}

export interface CaseRepo {
  list(filter: CaseFilter): Promise<CaseSummary[]>;
  /** compare-and-set: applies the patch only while the case still has `expectedStatus`; false otherwise */
  update(id: string, expectedStatus: ReportStatus, patch: CasePatch): Promise<boolean>;
  /** province codes that have at least one report (for the filter list) */
  provinceCodes(): Promise<string[]>;
  /** the decrypted facts (report bodies) of these cases, by id */
  facts(ids: string[]): Promise<Map<string, Record<string, Json>>>;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  at: Date;
}

/** Newest first. */
export interface AuditQuery {
  subject?: string;
  actions?: string[];
  limit: number;
  offset: number;
}

export interface AuditLogReader {
  list(query: AuditQuery): Promise<AuditRecord[]>;
}

/** Everything usable inside one console transaction: the app's repositories plus the console's own. */
export interface ConsoleRepos extends Repos {
  operators: OperatorRepo;
  sessions: ConsoleSessionRepo;
  cases: CaseRepo;
  auditLog: AuditLogReader;
}

export interface ConsoleStore extends ConsoleRepos {
  transaction<T>(fn: (tx: ConsoleRepos) => Promise<T>): Promise<T>;
}

/** Password hashing, random secrets and TOTP, behind a port so the use cases stay free of SDKs. */
export interface Credentials {
  hashPassword(password: string): Promise<string>;
  verifyPassword(hash: string, password: string): Promise<boolean>;
  /** verifies against a fixed dummy hash: unknown accounts take as long as known ones */
  burnTime(password: string): Promise<void>;
  /** a one-time password from a CSPRNG (≥ 100 bits) */
  newPassword(): string;
  /** a 256-bit random token, base64url */
  newToken(): string;
  /** SHA-256 of a token, hex (what is stored for a session) */
  digest(token: string): string;
  /** constant-time comparison of two strings */
  same(a: string, b: string): boolean;
  newTotpSecret(): string;
  totpUri(secret: string, label: string): string;
  /** the matched time step, or undefined when the code is wrong */
  verifyTotp(secret: string, code: string, at: Date): Promise<number | undefined>;
}

export interface ConsoleSettings {
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  requireTotpForAdmins: boolean;
  /** how long a one-time password (new account, reset) works */
  oneTimePasswordTtlMs: number;
}

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = {
  idleTimeoutMs: 30 * 60_000,
  absoluteTimeoutMs: 12 * 60 * 60_000,
  requireTotpForAdmins: false,
  oneTimePasswordTtlMs: 72 * 60 * 60_000,
};

/** What every console use case receives. */
export interface ConsoleDeps {
  store: ConsoleStore;
  credentials: Credentials;
  clock: Clock;
  newId(): string;
  translator: Translator;
  settings: ConsoleSettings;
}
