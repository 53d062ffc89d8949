import type { Clock } from "../../core/clock.ts";
import type { ChannelKind } from "../../core/messages.ts";
import type { Store } from "../ports.ts";

/** The outbox "conversation" of the operators' alert chat (not a reporter: no pseudonym, no session). */
export const OPERATOR_ALERTS_CONVERSATION = "operator-alerts";

export interface OperatorAlert {
  reportId: string;
  channel: ChannelKind;
  /** the operators' chat (e.g. a Telegram group id): stored encrypted like any chat address */
  chatAddress: string;
  /** only the console reference, the urgency and the province: never what the reporter wrote, never the code */
  text: string;
}

/**
 * Queues a short alert to the operators' chat through the outbox (retried with backoff until delivered,
 * at most one per report). Returns the outbox conversation to flush.
 */
export async function queueOperatorAlert(
  deps: { store: Store; clock: Clock; newId(): string },
  alert: OperatorAlert,
): Promise<string> {
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.chatAddresses.upsert(OPERATOR_ALERTS_CONVERSATION, alert.channel, alert.chatAddress);
    await tx.outbox.enqueue([
      {
        id: deps.newId(),
        conversationId: OPERATOR_ALERTS_CONVERSATION,
        channel: alert.channel,
        message: { text: alert.text, locale: "es" },
        sourceKey: `operator_alert:${alert.reportId}`,
        seq: 0,
        createdAt: now,
      },
    ]);
    await tx.audit.record({ actor: "system", action: "report.alert_queued", subject: alert.reportId });
  });
  return OPERATOR_ALERTS_CONVERSATION;
}
