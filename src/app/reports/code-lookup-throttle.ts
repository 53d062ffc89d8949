/**
 * Slows down case-code guessing: a conversation gets a few lookups per window, and all conversations together
 * a bounded number per minute. In memory: per instance (documented in THREAT_MODEL.md); 80-bit codes make
 * guessing hopeless anyway, the throttle keeps it from even being tried at speed.
 */
export class CodeLookupThrottle {
  private readonly perConversation = new Map<string, number[]>();
  private global: number[] = [];

  constructor(
    private readonly limits = {
      perConversation: 5,
      perConversationWindowMs: 15 * 60_000,
      global: 120,
      globalWindowMs: 60_000,
    },
  ) {}

  /** Records an attempt and says whether it may proceed. */
  allow(conversationId: string, now: Date): boolean {
    const t = now.getTime();
    this.global = this.global.filter((at) => at > t - this.limits.globalWindowMs);
    const mine = (this.perConversation.get(conversationId) ?? []).filter(
      (at) => at > t - this.limits.perConversationWindowMs,
    );
    if (mine.length >= this.limits.perConversation || this.global.length >= this.limits.global) {
      this.perConversation.set(conversationId, mine);
      return false;
    }
    mine.push(t);
    this.global.push(t);
    this.perConversation.set(conversationId, mine);
    if (this.perConversation.size > 10_000) this.sweep(t);
    return true;
  }

  /** A successful lookup does not count against the person. */
  forgive(conversationId: string): void {
    this.perConversation.delete(conversationId);
  }

  private sweep(t: number): void {
    for (const [key, times] of this.perConversation) {
      if (times.every((at) => at <= t - this.limits.perConversationWindowMs))
        this.perConversation.delete(key);
    }
  }
}
