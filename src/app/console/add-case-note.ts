import { AppError } from "../../core/app-error.ts";
import { assertRole } from "./assert-role.ts";
import type { Actor, ConsoleDeps } from "./ports.ts";
import { loadReport } from "./view-case.ts";

export const MAX_NOTE_LENGTH = 4000;

/**
 * Adds an internal note to a case's timeline (encrypted at rest, never shown to the reporter).
 * @throws AppError FORBIDDEN for viewers, NOT_FOUND, INVALID_INPUT for an empty or too long note.
 */
export async function addCaseNote(deps: ConsoleDeps, options: { actor: Actor; reportId: string; text: string }): Promise<void> {
  assertRole(options.actor, "operator");
  const text = options.text.trim();
  if (!text || text.length > MAX_NOTE_LENGTH) throw new AppError("INVALID_INPUT", "note empty or too long");
  await deps.store.transaction(async (tx) => {
    const report = await loadReport(tx, options.reportId);
    await tx.reports.addFollowUp({
      id: deps.newId(),
      reportId: report.id,
      kind: "note",
      operatorId: options.actor.id,
      body: text,
      createdAt: deps.clock.now(),
    });
    await tx.audit.record({ actor: options.actor.id, action: "case.note_added", subject: report.id });
  });
}
