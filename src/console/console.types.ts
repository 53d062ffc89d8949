import { z } from "zod";
import { OUTCOMES, REFERRAL_DESTINATIONS, STATUSES } from "../app/console/case-workflow.ts";

/**
 * Edge schemas of the console: query strings and url-encoded form bodies. Unknown fields are refused (400),
 * lengths are bounded before anything reaches a use case.
 */
const csrf = z.string().max(128).optional();
const status = z.enum(STATUSES as [string, ...string[]]);
const urgency = z.enum(["emergency", "high", "medium", "low"]);
const ubigeo = z.string().regex(/^\d{6}$/);
/** A calendar day ("2026-02-30" and "2026-13-45" are not: they would reach the database as an invalid date). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => {
    const date = new Date(`${d}T00:00:00.000Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === d;
  }, "not a calendar day");
const empty = z.literal("");

export const ZCaseId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/** The queue's filters (query string of /console and /console/queue/rows, hidden fields of the export). */
export const ZQueueFilters = z
  .object({
    status: z.union([z.enum(["open", "all"]), status]).optional(),
    urgency: z.union([urgency, empty]).optional(),
    category: z.union([z.string().regex(/^[a-z_]{1,40}$/), empty]).optional(),
    department: z.union([ubigeo, empty]).optional(),
    province: z.union([ubigeo, empty]).optional(),
    minor: z.enum(["yes", "no", ""]).optional(),
    channel: z.enum(["webchat", "telegram", "whatsapp", "terminal", ""]).optional(),
    mine: z.enum(["1", ""]).optional(),
    code: z.string().max(40).optional(),
    page: z.coerce.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export type TQueueFilters = z.infer<typeof ZQueueFilters>;

export const ZLoginForm = z
  .object({
    email: z.string().max(254),
    password: z.string().max(256),
    totp: z.string().max(12).optional(),
    _csrf: csrf,
  })
  .strict();

export const ZPasswordForm = z
  .object({
    username: z.string().max(254).optional(),
    current: z.string().max(256),
    next: z.string().max(1024),
    confirm: z.string().max(1024),
    _csrf: csrf,
  })
  .strict();

export const ZTotpForm = z
  .object({ password: z.string().max(256), secret: z.string().regex(/^[A-Z2-7]{16,64}$/), code: z.string().max(12), _csrf: csrf })
  .strict();

export const ZAssignForm = z
  .object({ assignee: z.union([z.literal("me"), empty, z.string().regex(/^[A-Za-z0-9-]{1,64}$/)]), _csrf: csrf })
  .strict();

export const ZStatusForm = z
  .object({
    from: status,
    to: status,
    destination: z.union([z.enum(REFERRAL_DESTINATIONS), empty]).optional(),
    referredAt: z.union([day, empty]).optional(),
    outcome: z.union([z.enum(OUTCOMES), empty]).optional(),
    _csrf: csrf,
  })
  .strict();

export const ZTextForm = z.object({ text: z.string().max(4000), _csrf: csrf }).strict();

export const ZExportForm = ZQueueFilters.extend({
  withFacts: z.enum(["1", ""]).optional(),
  _csrf: csrf,
}).strict();

export const ZStatsQuery = z.object({ from: z.union([day, empty]).optional(), to: z.union([day, empty]).optional() }).strict();

export const ZPageQuery = z.object({ page: z.coerce.number().int().min(0).max(100_000).optional() }).strict();

export const ZCaseQuery = z.object({ ok: z.enum(["saved", "sent_chat", "sent_code"]).optional() }).strict();

export const ZLoginQuery = z.object({ m: z.enum(["logged_out", "session_ended", "password_changed"]).optional() }).strict();
