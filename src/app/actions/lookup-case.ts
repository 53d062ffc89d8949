import { parseCaseCode } from "../../core/case-code.ts";
import type { Json } from "../../flows/engine/types.ts";
import type { Identity } from "../ports.ts";
import type { CodeLookupThrottle } from "../reports/code-lookup-throttle.ts";
import type { ActionHandler } from "./action-runner.ts";

/**
 * `lookup_case`: status and team messages for a case code. Wrong and unknown codes get the same answer, and
 * repeated tries are throttled (a throttled try gets its own neutral "try again in a few minutes", so a real
 * reporter is never told their code does not exist). Codes are looked up by their keyed hash: the database
 * holds no code. A successful lookup links the report to this conversation so the team's next messages reach
 * the person here (they proved they hold the code).
 */
export function lookupCase(throttle: CodeLookupThrottle, identity: Pick<Identity, "caseCodeHash">): ActionHandler {
  return async (params, context): Promise<Json> => {
    const code = typeof params.code === "string" ? parseCaseCode(params.code) : undefined;
    if (!throttle.allow(context.conversationId, context.now, context.clientKey)) return { found: false, throttled: true };
    const report = code ? await context.tx.reports.findByCodeHash(identity.caseCodeHash(code)) : undefined;
    if (!report) return { found: false };
    throttle.forgive(context.conversationId, context.now, context.clientKey);

    if (report.reporterLink !== context.conversationId) {
      await context.tx.reports.setReporterLink(report.id, context.conversationId);
    }
    const messages = (await context.tx.reports.listFollowUps(report.id)).filter((f) => f.kind === "operator");
    await context.tx.reports.markFollowUpsRead(
      messages.filter((m) => !m.readAt).map((m) => m.id),
      context.now,
    );
    await context.tx.audit.record({ actor: "bot", action: "report.looked_up", subject: report.id });
    return {
      found: true,
      status: report.status,
      messageLines: messages.map((m) => ({ key: "follow.message_line", params: { text: m.body } })),
    };
  };
}
