import type { Json } from "../../flows/engine/types.ts";
import { assertRole, hasRole } from "./assert-role.ts";
import type { Actor, CaseFilter, CaseSummary, ConsoleDeps } from "./ports.ts";
import { AppError } from "../../core/app-error.ts";

export interface ExportReportsOptions {
  actor: Actor;
  filter: Omit<CaseFilter, "limit" | "offset">;
  /** include the decrypted facts (admins only) */
  withFacts: boolean;
}

export interface ExportedReports {
  rows: { summary: CaseSummary; facts: Record<string, Json> | undefined }[];
  names: Record<string, string>;
}

const MAX_EXPORT = 100_000;

/**
 * Reports for a CSV export. Operators get the structured columns only (dates, status, triage, place codes,
 * referral, outcome); an admin may add the facts the reporter typed — files travel, so the default keeps free
 * text out. Never the receipt code or the reporter link. Audited with the row count and whether facts were
 * included.
 * @throws AppError FORBIDDEN for viewers, and for operators asking for the facts.
 */
export async function exportReports(deps: ConsoleDeps, options: ExportReportsOptions): Promise<ExportedReports> {
  assertRole(options.actor, "operator");
  if (options.withFacts && !hasRole(options.actor, "admin"))
    throw new AppError("FORBIDDEN", "only admins export the facts");
  const cases = await deps.store.cases.list({ ...options.filter, limit: MAX_EXPORT, offset: 0 });
  const facts = options.withFacts ? await deps.store.cases.facts(cases.map((c) => c.id)) : undefined;
  const operators = await deps.store.operators.list();
  await deps.store.audit.record({
    actor: options.actor.id,
    action: "reports.exported",
    details: { count: cases.length, withFacts: options.withFacts },
  });
  return {
    rows: cases.map((summary) => ({ summary, facts: facts?.get(summary.id) })),
    names: Object.fromEntries(operators.map((o) => [o.id, o.email])),
  };
}
