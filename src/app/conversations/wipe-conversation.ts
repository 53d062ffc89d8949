import { mediaIdsIn } from "../media/media-ref.ts";
import type { Repos } from "../ports.ts";

/**
 * Quick exit ("salir" / "borrar"): forget the conversation. Deletes its session, its encrypted chat address,
 * every outbox message and dedupe record it has (they hold its replies, the receipt among them), the photos of
 * an unfinished report, and unlinks any report it submitted — the report itself stays (someone may be in
 * danger), but nothing ties it to this chat any more, not even a join on the source key: only the case code can
 * reach it.
 */
export async function wipeConversation(tx: Repos, conversationId: string): Promise<void> {
  const conversation = await tx.conversations.load(conversationId);
  await tx.media.deleteUnattached(mediaIdsIn(conversation?.session?.vars));
  await tx.conversations.delete(conversationId);
  await tx.chatAddresses.delete(conversationId);
  await tx.outbox.deleteAllFor(conversationId);
  await tx.inbound.deleteFor(conversationId);
  await tx.reports.unlinkReporter(conversationId);
  await tx.audit.record({ actor: "bot", action: "conversation.wiped" });
}
