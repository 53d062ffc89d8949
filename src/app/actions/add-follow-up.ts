import { parseCaseCode } from "../../core/case-code.ts";
import type { Identity } from "../ports.ts";
import type { ActionHandler } from "./action-runner.ts";

/** `add_follow_up`: more information from the reporter, added to the case's timeline. */
export function addFollowUp(identity: Identity, onAdded?: (reportId: string) => void): ActionHandler {
  return async (params, context) => {
    const code = typeof params.code === "string" ? parseCaseCode(params.code) : undefined;
    const text = typeof params.text === "string" ? params.text.trim() : "";
    const report = code ? await context.tx.reports.findByCodeHash(identity.caseCodeHash(code)) : undefined;
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
