import { AppError } from "../../core/app-error.ts";
import { assertRole } from "./assert-role.ts";
import type { Actor, ConsoleDeps } from "./ports.ts";
import { loadReport } from "./view-case.ts";

export interface AssignCaseOptions {
  actor: Actor;
  reportId: string;
  /** an active operator or admin; undefined unassigns */
  assigneeId: string | undefined;
}

/**
 * Assigns a case (or clears the assignment). Audited with who and to whom.
 * @throws AppError FORBIDDEN for viewers, NOT_FOUND for an unknown case, INVALID_INPUT for an assignee who
 *   cannot work cases, CONFLICT when the case changed meanwhile.
 */
export async function assignCase(deps: ConsoleDeps, options: AssignCaseOptions): Promise<void> {
  assertRole(options.actor, "operator");
  await deps.store.transaction(async (tx) => {
    const report = await loadReport(tx, options.reportId);
    if (options.assigneeId) {
      const assignee = await tx.operators.findById(options.assigneeId);
      if (!assignee || assignee.disabledAt || assignee.role === "viewer")
        throw new AppError("INVALID_INPUT", "assignee cannot work cases");
    }
    if (report.assigneeId === options.assigneeId) return;
    const updated = await tx.cases.update(report.id, report.status, {
      assigneeId: options.assigneeId ?? null,
      updatedAt: deps.clock.now(),
    });
    if (!updated) throw new AppError("CONFLICT", "case changed meanwhile");
    await tx.audit.record({
      actor: options.actor.id,
      action: "case.assigned",
      subject: report.id,
      details: { to: options.assigneeId ?? null },
    });
  });
}
