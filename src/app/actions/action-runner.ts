import type { ChannelKind } from "../../core/messages.ts";
import type { EngineInput, Json } from "../../flows/engine/types.ts";
import type { Repos } from "../ports.ts";

/** What an action may use: the open transaction and facts about the turn (never the raw chat id). */
export interface ActionContext {
  tx: Repos;
  now: Date;
  conversationId: string;
  channel: ChannelKind;
  /** the inbound that triggered this turn: a report created from it is unique per source key */
  sourceKey: string;
  /** opaque client key for abuse budgets (web chat), never stored */
  clientKey?: string | undefined;
  locale(): string;
  flow(): { id: string; revision: number };
  /** runs after the transaction committed (notifications must never announce a rolled-back change) */
  afterCommit(callback: () => void): void;
}

export type ActionHandler = (params: Record<string, Json>, context: ActionContext) => Promise<Json>;

export interface ActionRunner {
  run(action: string, params: Record<string, Json>, context: ActionContext): Promise<EngineInput>;
}

/**
 * Runs the actions flows request. Expected failures become `{ ok: false }` so the flow takes its error path;
 * infrastructure errors propagate (the transaction rolls back and the user is told to try again).
 */
export function createActionRunner(
  handlers: Record<string, ActionHandler>,
): ActionRunner & { names: string[] } {
  return {
    names: Object.keys(handlers),
    async run(action, params, context) {
      const handler = handlers[action];
      if (!handler) return { kind: "action_result", ok: false, error: `unknown action ${action}` };
      const value = await handler(params, context);
      return { kind: "action_result", ok: true, value };
    },
  };
}
