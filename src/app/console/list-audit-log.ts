import { assertRole } from "./assert-role.ts";
import type { Actor, AuditRecord, ConsoleDeps } from "./ports.ts";

export interface AuditPage {
  entries: AuditRecord[];
  more: boolean;
  page: number;
  names: Record<string, string>;
}

/**
 * The audit log, newest first (logins, case views, changes, messages, exports). Reading it is audited too.
 * @throws AppError FORBIDDEN for anyone but admins.
 */
export async function listAuditLog(
  deps: ConsoleDeps,
  options: { actor: Actor; page?: number; pageSize?: number },
): Promise<AuditPage> {
  assertRole(options.actor, "admin");
  const pageSize = options.pageSize ?? 100;
  const page = Math.max(0, options.page ?? 0);
  const rows = await deps.store.auditLog.list({ limit: pageSize + 1, offset: page * pageSize });
  const operators = await deps.store.operators.list();
  await deps.store.audit.record({ actor: options.actor.id, action: "audit.viewed" });
  return {
    entries: rows.slice(0, pageSize),
    more: rows.length > pageSize,
    page,
    names: Object.fromEntries(operators.map((o) => [o.id, o.email])),
  };
}
