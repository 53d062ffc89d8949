/**
 * A short, deterministic fingerprint of (flow, node, revision), carried in button ids so that a press on an
 * old keyboard is recognised instead of being applied to a different question. FNV-1a 32-bit, base36.
 */
export function fingerprint(flowId: string, nodeId: string, revision: number): string {
  let hash = 0x811c9dc5;
  for (const ch of `${flowId}:${nodeId}:${revision}`) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, "0");
}

/** The choice id of the "skip" button every optional question gets. */
export const SKIP_CHOICE = "skip";

/** Button id = `<fingerprint>.<choice id>`; at most 7 + 1 + 16 bytes, well under Telegram's 64. */
export function buttonId(fp: string, choiceId: string): string {
  return `${fp}.${choiceId}`;
}

export function parseButtonId(id: string): { fingerprint: string; choiceId: string } | undefined {
  const match = /^([0-9a-z]{7})\.([a-z0-9_]{1,16})$/.exec(id);
  return match ? { fingerprint: match[1]!, choiceId: match[2]! } : undefined;
}

/** True for an optional question's "skip" button (numbered menus list it last or as a hint). */
export function isSkipButtonId(id: string): boolean {
  return parseButtonId(id)?.choiceId === SKIP_CHOICE;
}

/**
 * Command buttons work at any step, whatever question is waiting: "menu" (offered after repeated misses) and
 * "reply" (under a team message; carries the report id, checked by the action against this conversation).
 * `cmd.reply.<uuid>` is at most 46 bytes, under Telegram's 64.
 */
export type CommandButton = { command: "menu" } | { command: "reply"; reportId: string };

export const MENU_BUTTON_ID = "cmd.menu";

export function replyButtonId(reportId: string): string {
  return `cmd.reply.${reportId}`;
}

export function parseCommandButton(id: string): CommandButton | undefined {
  if (id === MENU_BUTTON_ID) return { command: "menu" };
  const reply = /^cmd\.reply\.([A-Za-z0-9-]{1,48})$/.exec(id);
  return reply ? { command: "reply", reportId: reply[1]! } : undefined;
}
