import type { Clock } from "../../core/clock.ts";
import type { OutboundMessage } from "../../core/messages.ts";
import type { Identity, Store } from "../ports.ts";

/**
 * The web chat has no push: messages queued for it (operator replies) are handed over when the page asks,
 * and marked sent in the same transaction.
 */
export async function deliverPendingToWebchat(
  deps: { store: Store; identity: Identity; clock: Clock },
  webchatConversationId: string,
): Promise<OutboundMessage[]> {
  const conversationId = deps.identity.conversationId("webchat", webchatConversationId);
  return deps.store.transaction(async (tx) => {
    const pending = await tx.outbox.pendingFor(conversationId);
    const now = deps.clock.now();
    for (const entry of pending) await tx.outbox.markSent(entry.id, now);
    return pending.map((entry) => entry.message);
  });
}
