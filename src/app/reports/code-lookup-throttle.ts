export interface CodeLookupLimits {
  perConversation: number;
  perConversationWindowMs: number;
  /** per client address (web chat), across the conversations it opens */
  perClient: number;
  perClientWindowMs: number;
  global: number;
  globalWindowMs: number;
}

export const DEFAULT_CODE_LOOKUP_LIMITS: CodeLookupLimits = {
  perConversation: 5,
  perConversationWindowMs: 15 * 60_000,
  perClient: 10,
  perClientWindowMs: 15 * 60_000,
  global: 120,
  globalWindowMs: 60_000,
};

/**
 * Slows down case-code guessing: a conversation gets a few lookups per window, a client address (where the
 * channel knows one: the web chat, whose ids the client picks) a few more across all its conversations, and
 * everyone together a bounded number per minute. A throttled person is told to wait a few minutes (which says
 * nothing about the code), never that their code does not exist. In memory, per instance (documented in
 * THREAT_MODEL.md); 80-bit codes make guessing hopeless anyway, the throttle keeps it from even being tried at
 * speed.
 */
export class CodeLookupThrottle {
  private readonly perConversation = new Map<string, number[]>();
  private readonly perClient = new Map<string, number[]>();
  private global: number[] = [];

  constructor(private readonly limits: CodeLookupLimits = DEFAULT_CODE_LOOKUP_LIMITS) {}

  /** Records an attempt and says whether it may proceed. */
  allow(conversationId: string, now: Date, clientKey?: string): boolean {
    const t = now.getTime();
    this.global = this.global.filter((at) => at > t - this.limits.globalWindowMs);
    const mine = recent(this.perConversation, conversationId, t - this.limits.perConversationWindowMs);
    const client = clientKey ? recent(this.perClient, clientKey, t - this.limits.perClientWindowMs) : [];
    if (
      mine.length >= this.limits.perConversation ||
      client.length >= this.limits.perClient ||
      this.global.length >= this.limits.global
    ) {
      return false;
    }
    mine.push(t);
    client.push(t);
    this.global.push(t);
    if (clientKey) this.perClient.set(clientKey, client);
    this.perConversation.set(conversationId, mine);
    if (this.perConversation.size > 10_000 || this.perClient.size > 10_000) this.sweep(t);
    return true;
  }

  /**
   * A successful lookup does not count against the person: only that attempt is taken back. The failed ones
   * stay, so mixing a known code into the guesses buys no extra tries.
   */
  forgive(conversationId: string, now: Date, clientKey?: string): void {
    const t = now.getTime();
    dropOne(this.perConversation.get(conversationId), t);
    if (clientKey) dropOne(this.perClient.get(clientKey), t);
    dropOne(this.global, t);
  }

  private sweep(t: number): void {
    for (const [map, window] of [
      [this.perConversation, this.limits.perConversationWindowMs],
      [this.perClient, this.limits.perClientWindowMs],
    ] as const) {
      for (const [key, times] of map) if (times.every((at) => at <= t - window)) map.delete(key);
    }
  }
}

function recent(map: Map<string, number[]>, key: string, after: number): number[] {
  return (map.get(key) ?? []).filter((at) => at > after);
}

/** Removes the attempt recorded at `t` (the most recent one with that time). */
function dropOne(times: number[] | undefined, t: number): void {
  const index = times?.lastIndexOf(t) ?? -1;
  if (times && index >= 0) times.splice(index, 1);
}
