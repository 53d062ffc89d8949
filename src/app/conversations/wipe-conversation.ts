import type { Repos } from "../ports.ts";

/**
 * Quick exit ("salir" / "borrar"): forget the conversation. Deletes its session, its encrypted chat address
 * and its undelivered messages, and unlinks any report it submitted — the report itself stays (someone may be
 * in danger), but nothing ties it to this chat any more; only the case code can reach it.
 */
export async function wipeConversation(tx: Repos, conversationId: string): Promise<void> {
  await tx.conversations.delete(conversationId);
  await tx.chatAddresses.delete(conversationId);
  await tx.outbox.deleteFor(conversationId);
  await tx.reports.unlinkReporter(conversationId);
  await tx.audit.record({ actor: "bot", action: "conversation.wiped" });
}
