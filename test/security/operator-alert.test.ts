import { afterEach, describe, expect, it } from "vitest";
import { caseReference } from "../../src/app/console/case-reference.ts";
import { startOperatorAlerts } from "../../src/console/alerts/operator-alerts.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";
import { startTelegramHarness, type TelegramHarness } from "../helpers/telegram-harness.ts";

const ALERT_CHAT = -1001234567;

describe("operators' Telegram alert (OPERATOR_ALERT_TELEGRAM_CHAT_ID)", () => {
  let h: TelegramHarness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it("should send the alert chat exactly the reference, urgency and province of a new emergency, and nothing for other reports", async () => {
    h = await startTelegramHarness({ OPERATOR_ALERT_TELEGRAM_CHAT_ID: String(ALERT_CHAT) });
    const stop = startOperatorAlerts(h.service, { chatId: h.config.OPERATOR_ALERT_TELEGRAM_CHAT_ID! });
    const description = "la tienen encerrada en un bar de Puerto Maldonado y no la dejan salir";
    const code = await h.fileReport(5552001, { kind: "Retienen a alguien", description });
    await h.api.waitFor(() => h.messagesTo(ALERT_CHAT).length > 0);

    const db = (h.service.store as PrismaStore).db;
    const report = await db.report.findFirstOrThrow();
    expect(report.urgency).toBe("emergency");
    const alerts = h.messagesTo(ALERT_CHAT).map((m) => m.text);
    expect(alerts).toEqual([
      `🚨 Emergencia nueva: ${caseReference(report.id)} · Urgencia: Emergencia · Provincia: Tambopata. Ábrela en la consola.`,
    ]);
    expect(alerts[0]).not.toContain(code);
    expect(alerts[0]).not.toContain("Puerto Maldonado");

    // a report that is not an emergency alerts nobody
    await h.fileReport(5552002, { description: "Vi un aviso de trabajo de limpieza que paga poco, no sé si es normal" });
    const reports = await db.report.findMany();
    expect(reports).toHaveLength(2);
    expect(reports.filter((r) => r.urgency === "emergency")).toHaveLength(1);
    await h.service.outbox.flushDue();
    expect(h.messagesTo(ALERT_CHAT)).toHaveLength(1);
    stop();
  });
});
