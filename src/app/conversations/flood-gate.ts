import { AppError } from "../../core/app-error.ts";

export interface FloodGateOptions {
  /** messages a conversation may send in a burst */
  burst: number;
  /** one more message allowed every `refillMs` */
  refillMs: number;
  /** messages allowed to wait their turn; beyond this a flood is answered "slow down" without processing */
  maxQueued: number;
}

/**
 * Per-conversation flood control: a token bucket that slows a flooding chat down (its messages wait their
 * turn) instead of dropping them, so a report in progress is never lost. Only a chat with a long queue of
 * waiting messages gets RATE_LIMITED. People typing normally never notice it.
 */
export class FloodGate {
  private readonly buckets = new Map<string, { tokens: number; at: number; queued: number }>();

  constructor(
    private readonly options: FloodGateOptions = { burst: 20, refillMs: 1_000, maxQueued: 30 },
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when the conversation may proceed; throws RATE_LIMITED when its queue is full. */
  async pass(conversationId: string): Promise<void> {
    const bucket = this.refill(conversationId);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    if (bucket.queued >= this.options.maxQueued) throw new AppError("RATE_LIMITED", "conversation flooding");
    bucket.queued++;
    bucket.tokens -= 1; // reserve the next token
    try {
      await this.sleep(Math.ceil(-bucket.tokens * this.options.refillMs));
    } finally {
      bucket.queued--;
    }
  }

  private refill(id: string) {
    const t = this.now();
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { tokens: this.options.burst, at: t, queued: 0 };
      this.buckets.set(id, bucket);
      if (this.buckets.size > 50_000) this.sweep(t);
    }
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (t - bucket.at) / this.options.refillMs);
    bucket.at = t;
    return bucket;
  }

  private sweep(t: number): void {
    for (const [id, b] of this.buckets) {
      if (b.queued === 0 && b.tokens + (t - b.at) / this.options.refillMs >= this.options.burst) this.buckets.delete(id);
    }
  }
}
