import { AppError } from "../../core/app-error.ts";
import type { ReportStatus } from "../ports.ts";
import { assertRole } from "./assert-role.ts";
import {
  CLOSING_STATUSES,
  canTransition,
  OUTCOMES,
  type Outcome,
  REFERRAL_DESTINATIONS,
  type ReferralDestination,
} from "./case-workflow.ts";
import type { Actor, CasePatch, ConsoleDeps } from "./ports.ts";
import { loadReport } from "./view-case.ts";

export interface ChangeCaseStatusOptions {
  actor: Actor;
  reportId: string;
  /** the status the operator saw: a case changed by someone else meanwhile is not overwritten */
  from: ReportStatus;
  to: ReportStatus;
  /** required for `referred` */
  referredTo?: ReferralDestination | undefined;
  /** when it was referred (default now; never in the future) */
  referredAt?: Date | undefined;
  /** required for `closed` */
  outcome?: Outcome | undefined;
}

/**
 * Moves a case along the workflow (see case-workflow.ts). `referred` records where and when; `closed` records
 * the outcome; closing statuses stamp `closedAt` (retention counts from it), reopening clears it.
 * @throws AppError FORBIDDEN for viewers, NOT_FOUND, CONFLICT when the case is no longer in `from`,
 *   INVALID_INPUT for a transition the workflow does not allow or missing referral/outcome details.
 */
export async function changeCaseStatus(deps: ConsoleDeps, options: ChangeCaseStatusOptions): Promise<void> {
  assertRole(options.actor, "operator");
  const now = deps.clock.now();
  const { from, to } = options;
  if (!canTransition(from, to)) throw new AppError("INVALID_INPUT", "transition not allowed", { from, to });
  const patch: CasePatch = { status: to, updatedAt: now };
  if (to === "referred") {
    if (!options.referredTo || !REFERRAL_DESTINATIONS.includes(options.referredTo))
      throw new AppError("INVALID_INPUT", "referral destination required");
    const at = options.referredAt ?? now;
    if (at.getTime() > now.getTime()) throw new AppError("INVALID_INPUT", "referral date in the future");
    patch.referredTo = options.referredTo;
    patch.referredAt = at;
  }
  if (to === "closed") {
    if (!options.outcome || !OUTCOMES.includes(options.outcome)) throw new AppError("INVALID_INPUT", "outcome required");
    patch.outcome = options.outcome;
  }
  patch.closedAt = CLOSING_STATUSES.has(to) ? now : null;
  if (!CLOSING_STATUSES.has(to)) patch.outcome = null;
  await deps.store.transaction(async (tx) => {
    const report = await loadReport(tx, options.reportId);
    if (report.status !== from) throw new AppError("CONFLICT", "case status changed meanwhile");
    if (!(await tx.cases.update(report.id, from, patch))) throw new AppError("CONFLICT", "case status changed meanwhile");
    await tx.audit.record({
      actor: options.actor.id,
      action: "case.status_changed",
      subject: report.id,
      details: {
        from,
        to,
        ...(patch.referredTo ? { referredTo: patch.referredTo } : {}),
        ...(patch.outcome ? { outcome: patch.outcome } : {}),
      },
    });
  });
}
