import { caseReference } from "../../app/console/case-reference.ts";
import { queueOperatorAlert } from "../../app/console/queue-operator-alert.ts";
import type { Report } from "../../app/ports.ts";
import type { Service } from "../../compose.ts";
import { createPresenter } from "../views/present.ts";

/**
 * The operators' Telegram alert (OPERATOR_ALERT_TELEGRAM_CHAT_ID): every new emergency report queues one
 * short message to that chat through the outbox, delivered by the Telegram channel's sender. It carries the
 * console reference (TB-xxxx-xxxx, which opens nothing in the bot), the urgency and the province name —
 * never the receipt code, never anything the reporter wrote. Returns a function that stops the alerts.
 */
export function startOperatorAlerts(service: Service, options: { chatId: string }): () => void {
  const p = createPresenter(service.translator, service.directory);
  const log = service.logger.child({ job: "operator_alerts" });
  const listener = (report: Report) => {
    if (report.urgency !== "emergency") return;
    const text = operatorAlertText(p, report);
    queueOperatorAlert(
      { store: service.store, clock: service.clock, newId: service.identity.newId },
      { reportId: report.id, channel: "telegram", chatAddress: options.chatId, text },
    )
      .then((conversationId) => service.outbox.flushConversation(conversationId))
      .catch((error: unknown) => log.error({ err: { name: (error as Error).name } }, "operator alert not queued"));
  };
  service.onReportCreated.add(listener);
  return () => service.onReportCreated.delete(listener);
}

export function operatorAlertText(p: ReturnType<typeof createPresenter>, report: Pick<Report, "id" | "urgency" | "provinceCode">): string {
  return p.t("alert.emergency", {
    reference: caseReference(report.id),
    urgency: p.t(`urgency.${report.urgency}`),
    province: p.province(report.provinceCode) ?? p.t("unknown"),
  });
}
