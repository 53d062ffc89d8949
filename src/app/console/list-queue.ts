import { assertRole } from "./assert-role.ts";
import type { Actor, CaseFilter, CaseSummary, ConsoleDeps } from "./ports.ts";

export interface ListQueueOptions {
  actor: Actor;
  filter: Omit<CaseFilter, "limit" | "offset"> & { assignedToMe?: boolean };
  page?: number;
  pageSize?: number;
}

export interface QueuePage {
  cases: CaseSummary[];
  /** true when another page follows */
  more: boolean;
  page: number;
  /** operator id → email, to name assignees */
  names: Record<string, string>;
}

/**
 * The triage queue: urgency first (emergency on top), then the oldest first within an urgency — the case that
 * has waited longest is the next one to open.
 * @throws AppError FORBIDDEN for viewers.
 */
export async function listQueue(deps: ConsoleDeps, options: ListQueueOptions): Promise<QueuePage> {
  assertRole(options.actor, "operator");
  const pageSize = options.pageSize ?? 50;
  const page = Math.max(0, options.page ?? 0);
  const { assignedToMe, ...filter } = options.filter;
  const rows = await deps.store.cases.list({
    ...filter,
    ...(assignedToMe ? { assigneeId: options.actor.id } : {}),
    limit: pageSize + 1,
    offset: page * pageSize,
  });
  return { cases: rows.slice(0, pageSize), more: rows.length > pageSize, page, names: await operatorNames(deps) };
}

/** Every account's email by id (accounts are few; disabled ones still name past work). */
export async function operatorNames(deps: Pick<ConsoleDeps, "store">): Promise<Record<string, string>> {
  const operators = await deps.store.operators.list();
  return Object.fromEntries(operators.map((o) => [o.id, o.email]));
}
