import { AppError } from "../../core/app-error.ts";
import type { ChannelKind } from "../../core/messages.ts";
import type { Json } from "../../flows/engine/types.ts";
import type { MediaInfo, Report, Repos } from "../ports.ts";
import { assertRole } from "./assert-role.ts";
import type { Actor, CaseSummary, ConsoleDeps, ConsoleRepos } from "./ports.ts";

export type TimelineEntry =
  | { kind: "reporter"; at: Date; text: string }
  | { kind: "operator"; at: Date; text: string; by: string | undefined; readAt: Date | undefined }
  | { kind: "note"; at: Date; text: string; by: string | undefined }
  | { kind: "event"; at: Date; action: string; by: string; details: Record<string, Json> | undefined };

export interface CaseView {
  summary: CaseSummary;
  /** what the reporter told us (decrypted) */
  facts: Record<string, Json>;
  /** how a message to the reporter travels: their chat, or only when they look up their code */
  reach: { type: "chat"; channel: ChannelKind } | { type: "code_only" };
  timeline: TimelineEntry[];
  /** the report's photos (metadata stripped when stored); their bytes come from `viewCasePhoto` */
  photos: MediaInfo[];
  /** active operators and admins a case can be assigned to */
  assignable: Actor[];
  names: Record<string, string>;
}

/** Audit actions shown in a case's timeline (views are audited but not shown). */
const TIMELINE_ACTIONS = ["case.assigned", "case.status_changed", "case.message_sent"];

/**
 * Opens a case: facts, triage, timeline (reporter's added information, messages to them, internal notes and
 * workflow events). The view is audited. The reporter link never leaves this function: only whether a message
 * can reach their chat.
 * @throws AppError FORBIDDEN for viewers, NOT_FOUND for an unknown id.
 */
export async function viewCase(deps: ConsoleDeps, options: { actor: Actor; reportId: string }): Promise<CaseView> {
  assertRole(options.actor, "operator");
  return deps.store.transaction(async (tx) => {
    const report = await loadReport(tx, options.reportId);
    const operators = await tx.operators.list();
    const names = Object.fromEntries(operators.map((o) => [o.id, o.email]));
    const followUps = await tx.reports.listFollowUps(report.id);
    const events = await tx.auditLog.list({ subject: report.id, actions: TIMELINE_ACTIONS, limit: 500, offset: 0 });
    const timeline: TimelineEntry[] = [
      ...followUps.map((f): TimelineEntry => {
        const by = f.operatorId ? names[f.operatorId] : undefined;
        if (f.kind === "operator") return { kind: "operator", at: f.createdAt, text: f.body, by, readAt: f.readAt };
        if (f.kind === "note") return { kind: "note", at: f.createdAt, text: f.body, by };
        return { kind: "reporter", at: f.createdAt, text: f.body };
      }),
      ...events.map(
        (e): TimelineEntry => ({
          kind: "event",
          at: e.at,
          action: e.action,
          by: names[e.actor] ?? e.actor,
          details: e.details,
        }),
      ),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    await tx.audit.record({ actor: options.actor.id, action: "case.viewed", subject: report.id });
    return {
      summary: toSummary(report),
      facts: report.body,
      reach: await reachOf(tx, report),
      timeline,
      photos: await tx.media.listForReport(report.id),
      assignable: operators
        .filter((o) => !o.disabledAt && o.role !== "viewer")
        .map((o) => ({ id: o.id, email: o.email, role: o.role })),
      names,
    };
  });
}

/** @throws AppError NOT_FOUND */
export async function loadReport(tx: Pick<Repos, "reports">, reportId: string): Promise<Report> {
  const report = await tx.reports.findById(reportId);
  if (!report) throw new AppError("NOT_FOUND", "no such case");
  return report;
}

/** Whether the reporter's chat can still be reached (linked and its encrypted address kept). */
export async function reachOf(tx: Pick<ConsoleRepos, "chatAddresses">, report: Report): Promise<CaseView["reach"]> {
  if (!report.reporterLink) return { type: "code_only" };
  const address = await tx.chatAddresses.get(report.reporterLink);
  return address ? { type: "chat", channel: address.channel } : { type: "code_only" };
}

/** Drops the facts, the source key, the reporter link and all but the tail of the receipt code. */
export function toSummary(report: Report): CaseSummary {
  const {
    body: _body,
    sourceKey: _key,
    reporterLink: _link,
    flowId: _flow,
    flowRevision: _rev,
    codeHash: _hash,
    ...summary
  } = report;
  return summary;
}
