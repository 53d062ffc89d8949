/**
 * The console's reference for a case, e.g. `TB-3F9A-1C2E`: derived from the report's random id, printed on
 * the ficha and in exports. Unlike the receipt code it opens nothing in the bot.
 */
export function caseReference(reportId: string): string {
  const hex = reportId.replace(/[^0-9a-fA-F]/g, "").toUpperCase().padEnd(8, "0");
  return `TB-${hex.slice(0, 4)}-${hex.slice(4, 8)}`;
}
