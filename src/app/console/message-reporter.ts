import { AppError } from "../../core/app-error.ts";
import type { ChannelKind, OutboundMessage } from "../../core/messages.ts";
import { replyButtonId } from "../../flows/engine/fingerprint.ts";
import type { Translator } from "../../i18n/i18n.ts";
import { assertRole } from "./assert-role.ts";
import type { Actor, ConsoleDeps } from "./ports.ts";
import { loadReport, reachOf } from "./view-case.ts";

export const MAX_MESSAGE_LENGTH = 2000;

export interface MessageReporterOptions {
  actor: Actor;
  reportId: string;
  text: string;
}

export type MessageReporterResult =
  /** queued for the reporter's chat; `conversationId` lets the adapter nudge the sender (never shown) */
  | { delivery: "chat"; channel: ChannelKind; conversationId: string }
  /** no reachable chat: the reporter reads it with "Seguir mi caso" and their code */
  | { delivery: "code_only" };

/**
 * Sends the reporter a message through the bot without the operator ever learning who they are. The message
 * joins the case timeline and, when the reporter's chat is still linked, is queued in the outbox in the same
 * transaction (web chat hands it over on its next poll; Telegram/WhatsApp senders push it). Either way it is
 * readable with the case code.
 * @throws AppError FORBIDDEN for viewers, NOT_FOUND, INVALID_INPUT for an empty or too long message.
 */
export async function messageReporter(
  deps: ConsoleDeps,
  options: MessageReporterOptions,
): Promise<MessageReporterResult> {
  assertRole(options.actor, "operator");
  const text = options.text.trim();
  if (!text || text.length > MAX_MESSAGE_LENGTH) throw new AppError("INVALID_INPUT", "message empty or too long");
  return deps.store.transaction(async (tx) => {
    const report = await loadReport(tx, options.reportId);
    const now = deps.clock.now();
    const followUp = await tx.reports.addFollowUp({
      id: deps.newId(),
      reportId: report.id,
      kind: "operator",
      operatorId: options.actor.id,
      body: text,
      createdAt: now,
    });
    const reach = await reachOf(tx, report);
    if (reach.type === "chat" && report.reporterLink) {
      await tx.outbox.enqueue([
        {
          id: deps.newId(),
          conversationId: report.reporterLink,
          channel: reach.channel,
          message: teamMessage(deps.translator, report.locale, text, report.id, reach.channel),
          sourceKey: `follow_up:${followUp.id}`,
          seq: 0,
          createdAt: now,
        },
      ]);
    }
    await tx.audit.record({
      actor: options.actor.id,
      action: "case.message_sent",
      subject: report.id,
      details: { delivery: reach.type, ...(reach.type === "chat" ? { channel: reach.channel } : {}) },
    });
    return reach.type === "chat" && report.reporterLink
      ? { delivery: "chat" as const, channel: reach.channel, conversationId: report.reporterLink }
      : { delivery: "code_only" as const };
  });
}

/** The text as it reaches the reporter's chat, in the language they used: a header, the message, how to answer. */
export function teamMessageText(translator: Translator, locale: string, text: string, replyButton = false): string {
  const hint = replyButton ? "team_message.reply_hint_button" : "team_message.reply_hint";
  return `${translator.t(locale, "team_message.header")}\n${text}\n\n${translator.t(locale, hint)}`;
}

/**
 * The team's message with a "Reply" button that opens an answer to this case, no code needed (the bot checks
 * the report is linked to the chat). WhatsApp shows buttons as typed numbers, which would answer whatever
 * question is waiting in the chat, so there the text says how to answer with the code.
 */
export function teamMessage(
  translator: Translator,
  locale: string,
  text: string,
  reportId: string,
  channel: ChannelKind,
): OutboundMessage {
  if (channel === "whatsapp") return { text: teamMessageText(translator, locale, text), locale };
  return {
    text: teamMessageText(translator, locale, text, true),
    locale,
    buttons: [{ id: replyButtonId(reportId), label: translator.t(locale, "team_message.reply_button") }],
  };
}
