import { afterEach, describe, expect, it } from "vitest";
import { createOperator } from "../../src/app/console/create-operator.ts";
import { messageReporter } from "../../src/app/console/message-reporter.ts";
import { createConsoleDeps } from "../../src/console/console-deps.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";
import { cellsContaining } from "../helpers/scan-tables.ts";
import { startTelegramHarness, type TelegramHarness } from "../helpers/telegram-harness.ts";

describe("borrar", () => {
  let h: TelegramHarness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it("should leave no row holding the chat's pseudonym and no join that re-links its report, yet say goodbye and keep the code working", async () => {
    h = await startTelegramHarness();
    const chat = 5553001;
    const code = await h.fileReport(chat, { description: "Ofrecen trabajo en un bar de Mazuko con pasaje pagado" });
    const db = (h.service.store as PrismaStore).db;
    const report = await db.report.findFirstOrThrow();

    // an operator writes to the reporter: a delivered outbox row for this chat
    const deps = createConsoleDeps(h.service);
    const { operator } = await createOperator(deps, { email: "op@example.org", role: "operator", actor: "test" });
    await messageReporter(deps, { actor: { id: operator.id, email: operator.email, role: "operator" }, reportId: report.id, text: "¿Sigue pasando?" });
    await h.service.outbox.flushDue();
    await h.api.waitFor(() => h.textsTo(chat).some((t) => t.includes("¿Sigue pasando?")));

    const pseudonym = h.service.identity.conversationId("telegram", String(chat));
    // the scan does find the pseudonym while the conversation lives (so finding nothing below means something)
    expect(await cellsContaining(db, [pseudonym])).toEqual(
      expect.arrayContaining(["Conversation.id", "ChatAddress.conversationId", "ProcessedInbound.conversationId", "OutboxMessage.conversationId", "Report.reporterLink"]),
    );
    expect((await db.processedInbound.findMany({ select: { key: true } })).map((p) => p.key)).toContain(report.sourceKey);

    await h.step(chat, () => h.api.pushText(chat, "borrar"));
    expect(h.textsTo(chat).at(-1)).toContain("borramos esta conversación");

    expect(await cellsContaining(db, [pseudonym, String(chat)])).toEqual([]);
    const after = await db.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(after.reporterLink).toBeNull();
    // no table shares a key with the report any more, and the key is not an inbound HMAC a key-holder could
    // recompute from a suspect's chat id and the (sequential) update ids
    expect(await cellsContaining(db, [after.sourceKey], (table, column) => table === "Report" && column === "sourceKey")).toEqual([]);
    const joins = await db.$queryRawUnsafe<unknown[]>(
      `SELECT r.id FROM Report r JOIN ProcessedInbound p ON p.key = r.sourceKey
       UNION SELECT r.id FROM Report r JOIN OutboxMessage o ON o.sourceKey = r.sourceKey OR o.conversationId = r.reporterLink`,
    );
    expect(joins).toEqual([]);
    const guesses = Array.from({ length: 400 }, (_, i) => h.service.identity.inboundKey("telegram", String(chat), String(900 + i)));
    expect(guesses).not.toContain(after.sourceKey);

    // the report itself stays, reachable with the code only
    await h.step(5553002, () => h.api.pushText(5553002, "/start"));
    await h.step(5553002, () => h.press(5553002, "Español"));
    await h.step(5553002, () => h.press(5553002, "Seguir mi caso"));
    await h.step(5553002, () => h.api.pushText(5553002, code));
    expect(h.textsTo(5553002).join("\n")).toContain("Estado de tu caso");
  });
});
