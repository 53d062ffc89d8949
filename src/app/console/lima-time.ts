/** Peru keeps UTC−5 all year (no daylight saving since 1994): months and quarters are counted in Lima time. */
const LIMA_OFFSET_MS = 5 * 60 * 60_000;

function lima(date: Date): Date {
  return new Date(date.getTime() - LIMA_OFFSET_MS);
}

/** "2026-11" */
export function limaMonth(date: Date): string {
  const d = lima(date);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** "2026-T4" (trimestre) */
export function limaQuarter(date: Date): string {
  const d = lima(date);
  return `${d.getUTCFullYear()}-T${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** The instant a Lima calendar day ("2026-11-24") starts. */
export function limaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + LIMA_OFFSET_MS);
}

/** "2026-11-24" in Lima. */
export function limaDay(date: Date): string {
  return lima(date).toISOString().slice(0, 10);
}
