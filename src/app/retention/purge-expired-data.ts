import type { Clock } from "../../core/clock.ts";
import type { Store } from "../ports.ts";

export interface RetentionPolicy {
  /** idle conversations (session, encrypted chat address, undelivered messages), photos never submitted */
  sessionHours: number;
  /** reports closed (closed / duplicate / not actionable) this long ago, with their timeline */
  closedReportDays: number;
  /** dedupe records and delivered/failed outbox rows; after it, reports forget which inbound created them */
  technicalDays: number;
  auditDays: number;
}

export interface PurgeResult {
  conversations: number;
  reports: number;
  processedInbound: number;
  outbox: number;
  /** reports whose source key was replaced by a random value */
  reportSources: number;
  /** photos of reports never submitted */
  media: number;
  audit: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Deletes what the retention policy says has expired. Idle conversations are wiped like "borrar" except that
 * their reports stay linked (if the same chat writes again, operator replies can still reach it). Runs in
 * batches; safe to run on several instances at once.
 */
export async function purgeExpiredData(
  deps: { store: Store; clock: Clock; locks: { run<T>(key: string, work: () => Promise<T>): Promise<T> } },
  policy: RetentionPolicy,
): Promise<PurgeResult> {
  const now = deps.clock.now().getTime();
  const result: PurgeResult = { conversations: 0, reports: 0, processedInbound: 0, outbox: 0, reportSources: 0, media: 0, audit: 0 };
  const idleBefore = new Date(now - policy.sessionHours * HOUR);
  for (;;) {
    const ids = await deps.store.retention.idleConversationIds(idleBefore, 200);
    if (ids.length === 0) break;
    for (const id of ids) {
      await deps.locks.run(id, () =>
        deps.store.transaction(
          async (tx) => {
            await tx.conversations.delete(id);
            await tx.chatAddresses.delete(id);
            await tx.outbox.deleteFor(id);
          },
          { lockKey: id },
        ),
      );
    }
    result.conversations += ids.length;
  }
  result.reports = await deps.store.retention.deleteClosedReports(new Date(now - policy.closedReportDays * DAY));
  result.processedInbound = await deps.store.retention.deleteProcessedInbound(new Date(now - policy.technicalDays * DAY));
  result.outbox = await deps.store.retention.deleteFinishedOutbox(new Date(now - policy.technicalDays * DAY));
  // the dedupe window is over: the source key (an HMAC of chat + message id) would only serve to re-link
  result.reportSources = await deps.store.retention.forgetReportSources(new Date(now - policy.technicalDays * DAY));
  result.media = await deps.store.retention.deleteUnattachedMedia(idleBefore);
  result.audit = await deps.store.retention.deleteAudit(new Date(now - policy.auditDays * DAY));
  if (result.reports) await deps.store.audit.record({ actor: "system", action: "retention.reports_purged", details: { count: result.reports } });
  return result;
}


