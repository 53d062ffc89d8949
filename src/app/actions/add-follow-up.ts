import { parseCaseCode } from "../../core/case-code.ts";
import type { Identity, Report } from "../ports.ts";
import type { ActionContext, ActionHandler } from "./action-runner.ts";

/**
 * `add_follow_up`: more information from the reporter, added to the case's timeline. The case is named by its
 * code (`code`), or, for an answer to a team message, by `reportId` — accepted only when that report is linked
 * to this very conversation, so a forged button can reach no other case.
 */
export function addFollowUp(identity: Identity, onAdded?: (reportId: string) => void): ActionHandler {
  return async (params, context) => {
    const text = typeof params.text === "string" ? params.text.trim() : "";
    const report = await findReport(identity, params, context);
    if (!report || !text) return { added: false };
    await context.tx.reports.addFollowUp({
      id: identity.newId(),
      reportId: report.id,
      kind: "reporter",
      operatorId: undefined,
      body: text,
      createdAt: context.now,
    });
    await context.tx.audit.record({ actor: "bot", action: "report.follow_up_added", subject: report.id });
    if (onAdded) context.afterCommit(() => onAdded(report.id));
    return { added: true };
  };
}

async function findReport(
  identity: Identity,
  params: Record<string, unknown>,
  context: ActionContext,
): Promise<Report | undefined> {
  if (typeof params.reportId === "string") {
    const report = await context.tx.reports.findById(params.reportId);
    return report?.reporterLink === context.conversationId ? report : undefined;
  }
  const code = typeof params.code === "string" ? parseCaseCode(params.code) : undefined;
  return code ? context.tx.reports.findByCodeHash(identity.caseCodeHash(code)) : undefined;
}
