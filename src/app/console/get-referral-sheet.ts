import type { Json } from "../../flows/engine/types.ts";
import { assertRole } from "./assert-role.ts";
import type { Actor, CaseSummary, ConsoleDeps } from "./ports.ts";
import { loadReport, toSummary } from "./view-case.ts";

export interface ReferralSheet {
  summary: CaseSummary;
  facts: Record<string, Json>;
  /** information the reporter added later (facts too); operator messages and internal notes stay out */
  additions: { at: Date; text: string }[];
  preparedBy: string;
  preparedAt: Date;
}

/**
 * The ficha de derivación: what a receiving service (PNP, Fiscalía, CEM, UPE…) needs to act — facts, triage,
 * place, destination — and nothing about who reported: no reporter link, no channel address, no receipt code
 * (the code would let its holder read and answer the case in the bot).
 * @throws AppError FORBIDDEN for viewers, NOT_FOUND.
 */
export async function getReferralSheet(
  deps: ConsoleDeps,
  options: { actor: Actor; reportId: string },
): Promise<ReferralSheet> {
  assertRole(options.actor, "operator");
  return deps.store.transaction(async (tx) => {
    const report = await loadReport(tx, options.reportId);
    const followUps = await tx.reports.listFollowUps(report.id);
    await tx.audit.record({ actor: options.actor.id, action: "case.referral_sheet_viewed", subject: report.id });
    return {
      summary: toSummary(report),
      facts: report.body,
      additions: followUps.filter((f) => f.kind === "reporter").map((f) => ({ at: f.createdAt, text: f.body })),
      preparedBy: options.actor.email,
      preparedAt: deps.clock.now(),
    };
  });
}
