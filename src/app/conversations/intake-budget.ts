import { AppError } from "../../core/app-error.ts";
import type { ChannelKind } from "../../core/messages.ts";

export interface IntakeBudgetOptions {
  /** channels where anyone can open as many chats as they like (the web chat: the client picks the id) */
  channels: readonly ChannelKind[];
  /** new conversations per minute, all clients together */
  newConversationsPerMinute: number;
  /** new conversations per client address in `clientWindowMs` (when the channel knows the client) */
  newConversationsPerClient: number;
  clientWindowMs: number;
  /** reports per hour, all clients together, before the service slows down */
  reportsPerHour: number;
  /** extra wait for every message of these channels while the report budget is spent */
  slowdownMs: number;
}

export const DEFAULT_INTAKE_BUDGET: IntakeBudgetOptions = {
  channels: ["webchat"],
  newConversationsPerMinute: 60,
  newConversationsPerClient: 20,
  clientWindowMs: 10 * 60_000,
  reportsPerHour: 200,
  slowdownMs: 2_000,
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The reply to a new chat turned away while the service is saturated. */
export const BUSY_MESSAGE_KEY = "errors.busy";

/**
 * Global and per-client budgets against scripted abuse of the open channels: a script can no longer fill the
 * database with conversations or the queue with fake emergencies. It never drops a report in progress: only a
 * *new* conversation is turned away (nothing is stored for it, and the person is told to retry and how to get
 * help now), and when reports arrive faster than `reportsPerHour`, conversations already under way are slowed
 * down, not stopped. In memory, per instance (like the other throttles).
 */
export class IntakeBudget {
  private newConversations: number[] = [];
  private readonly perClient = new Map<string, number[]>();
  private reports: number[] = [];

  constructor(
    private readonly options: IntakeBudgetOptions = DEFAULT_INTAKE_BUDGET,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /**
   * A conversation is about to be created.
   * @throws AppError RATE_LIMITED (reply: `errors.busy`) when a budget is spent
   */
  admitConversation(channel: ChannelKind, clientKey: string | undefined, now: Date): void {
    if (!this.options.channels.includes(channel)) return;
    const t = now.getTime();
    this.newConversations = this.newConversations.filter((at) => at > t - MINUTE);
    const mine = clientKey ? (this.perClient.get(clientKey) ?? []).filter((at) => at > t - this.options.clientWindowMs) : [];
    const busy =
      this.newConversations.length >= this.options.newConversationsPerMinute ||
      mine.length >= this.options.newConversationsPerClient ||
      this.reportBudgetSpent(t);
    if (busy) throw new AppError("RATE_LIMITED", "new conversations over budget", { messageKey: BUSY_MESSAGE_KEY });
    this.newConversations.push(t);
    if (clientKey) {
      mine.push(t);
      this.perClient.set(clientKey, mine);
      if (this.perClient.size > 50_000) this.sweep(t);
    }
  }

  /** Waits before a turn of these channels while the report budget is spent (slower, never refused). */
  async pace(channel: ChannelKind, now: Date): Promise<void> {
    if (this.options.channels.includes(channel) && this.reportBudgetSpent(now.getTime())) await this.sleep(this.options.slowdownMs);
  }

  reportFiled(channel: ChannelKind, now: Date): void {
    if (this.options.channels.includes(channel)) this.reports.push(now.getTime());
  }

  private reportBudgetSpent(t: number): boolean {
    this.reports = this.reports.filter((at) => at > t - HOUR);
    return this.reports.length >= this.options.reportsPerHour;
  }

  private sweep(t: number): void {
    for (const [key, times] of this.perClient) {
      if (times.every((at) => at <= t - this.options.clientWindowMs)) this.perClient.delete(key);
    }
  }
}
