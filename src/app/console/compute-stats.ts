import type { Urgency } from "../ports.ts";
import { assertRole } from "./assert-role.ts";
import { limaMonth, limaQuarter } from "./lima-time.ts";
import type { Actor, CaseFilter, ConsoleDeps } from "./ports.ts";

export interface Stats {
  total: number;
  minors: number;
  /** reports whose place could not be resolved to a district */
  unknownPlace: number;
  byDepartment: Record<string, number>;
  byProvince: Record<string, number>;
  byCategory: Record<string, number>;
  byUrgency: Record<Urgency, number>;
  byStatus: Record<string, number>;
  byChannel: Record<string, number>;
  /** "2026-11" → count, oldest first, every month in the range (zeros included) */
  byMonth: [string, number][];
  /** "2026-T4" → count, oldest first */
  byQuarter: [string, number][];
}

export interface ComputeStatsOptions {
  actor: Actor;
  from?: Date | undefined;
  before?: Date | undefined;
}

const MAX_ROWS = 200_000;

/**
 * Counts for the statistics page and the quarterly reports: by department and province, category, urgency,
 * status, channel, month and quarter (Lima time). Only structured columns are read — never the facts.
 * @throws AppError FORBIDDEN for nobody signed in with a role below viewer (all roles may see statistics).
 */
export async function computeStats(deps: ConsoleDeps, options: ComputeStatsOptions): Promise<Stats> {
  assertRole(options.actor, "viewer");
  const filter: CaseFilter = { limit: MAX_ROWS, offset: 0 };
  if (options.from) filter.createdFrom = options.from;
  if (options.before) filter.createdBefore = options.before;
  const rows = await deps.store.cases.list(filter);
  const stats: Stats = {
    total: rows.length,
    minors: 0,
    unknownPlace: 0,
    byDepartment: {},
    byProvince: {},
    byCategory: {},
    byUrgency: { emergency: 0, high: 0, medium: 0, low: 0 },
    byStatus: {},
    byChannel: {},
    byMonth: [],
    byQuarter: [],
  };
  const bump = (map: Record<string, number>, key: string) => {
    map[key] = (map[key] ?? 0) + 1;
  };
  const months: Record<string, number> = {};
  const quarters: Record<string, number> = {};
  for (const r of rows) {
    if (r.minor) stats.minors++;
    if (r.departmentCode) bump(stats.byDepartment, r.departmentCode);
    else stats.unknownPlace++;
    if (r.provinceCode) bump(stats.byProvince, r.provinceCode);
    for (const c of r.categories) bump(stats.byCategory, c);
    stats.byUrgency[r.urgency]++;
    bump(stats.byStatus, r.status);
    bump(stats.byChannel, r.channel);
    bump(months, limaMonth(r.createdAt));
    bump(quarters, limaQuarter(r.createdAt));
  }
  stats.byMonth = fillMonths(months);
  stats.byQuarter = Object.entries(quarters).sort(([a], [b]) => a.localeCompare(b));
  await deps.store.audit.record({ actor: options.actor.id, action: "stats.viewed" });
  return stats;
}

/** Every month between the first and the last with reports, so a chart shows quiet months as zero. */
function fillMonths(counts: Record<string, number>): [string, number][] {
  const keys = Object.keys(counts).sort();
  if (keys.length === 0) return [];
  const out: [string, number][] = [];
  let [y, m] = keys[0]!.split("-").map(Number) as [number, number];
  const last = keys.at(-1)!;
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push([key, counts[key] ?? 0]);
    if (key === last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
