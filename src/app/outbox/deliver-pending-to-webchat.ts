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
    const delivered: OutboundMessage[] = [];
    // only what this request recorded: a second instance answering the same poll hands over nothing twice
    for (const entry of pending) if (await tx.outbox.markSent(entry.id, now)) delivered.push(entry.message);
    return delivered;
  });
}
