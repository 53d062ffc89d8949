import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleTestService, fileReport, startConsoleService } from "./console-helpers.ts";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The whole operator journey in a real browser against the real service (HTTP on loopback, temp SQLite): an
 * account made with the CLI, first login and forced password change, a web-chat report appearing live in the
 * queue, the case workflow, a message reaching the reporter's web chat, the ficha, the CSV export, stats/map.
 */
describe("operator console in a browser", () => {
  let t: ConsoleTestService;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startConsoleService();
    server = await new Promise<Server>((resolve) => {
      const s = t.app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    t.console.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await t.cleanup();
  });

  it("should take an operator from first login through a case to the ficha, export and stats", async () => {
    // The account comes from the CLI, against the same database and keys as the running service.
    const cli = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/operator.ts", "create", "--email", "rosa@cem.example.pe", "--role", "operator"],
      {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: t.dataDir, DATABASE_URL: t.service.config.DATABASE_URL, LOG_LEVEL: "warn" },
      },
    );
    const oneTime = /one-time password: (\S+)/.exec(cli.stdout)?.[1];
    expect(oneTime, cli.stdout).toMatch(/^[A-Za-z0-9]{20}$/);

    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const cspErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") cspErrors.push(m.text());
    });

    // first login → forced password change → the queue
    await page.goto(`${base}/console`);
    expect(page.url()).toContain("/console/login");
    await page.fill("#email", "rosa@cem.example.pe");
    await page.fill("#password", oneTime!);
    await page.click("main button[type=submit]");
    await page.waitForURL("**/console/password");
    await page.fill("#current", oneTime!);
    await page.fill("#next", "mi frase de acceso muy larga");
    await page.fill("#confirm", "mi frase de acceso muy larga");
    await page.click("main button[type=submit]");
    await page.waitForURL(`${base}/console`);
    await expect.poll(() => t.console.liveClients()).toBe(1);

    // an emergency report through the web chat appears without a reload
    const chatId = "browser-reporter-01";
    const receipt = (await fileReport(t.app, chatId, "Mi prima está encerrada en un bar de Mazuko y no la dejan salir"))
      .map((m) => m.text)
      .join("\n");
    const caseCode = /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/.exec(receipt)?.[0];
    expect(caseCode, receipt).toBeDefined();
    await page.locator("#live.alert-emergency").waitFor();
    await page.locator("#queue-rows a").first().waitFor();
    expect(await page.locator("#queue-rows").textContent()).toContain("Emergencia");

    // the case: facts, assign, statuses
    await page.locator("#queue-rows a").first().click();
    await page.waitForURL(/\/console\/cases\//);
    const caseUrl = page.url();
    expect(await page.locator("#h-facts + dl").textContent()).toContain("encerrada en un bar de Mazuko");
    await page.click("#assign-me");
    await page.waitForURL(/ok=saved/);
    expect(await page.locator("main").textContent()).toContain("rosa@cem.example.pe");
    await page.selectOption("#to", "in_review");
    await page.click("#field-outcome ~ .actions button");
    await page.waitForURL(/ok=saved/);
    expect(await page.locator("#current-status").textContent()).toBe("En revisión");
    await page.selectOption("#to", "referred");
    await page.selectOption("#destination", "FISTRAP");
    await page.click("#field-outcome ~ .actions button");
    await page.waitForURL(/ok=saved/);
    expect(await page.locator("#current-status").textContent()).toBe("Derivado");

    // a message to the reporter reaches their web chat
    await page.fill("#message-text", "¿Puedes decirnos el nombre del bar?");
    await page.click("#message-text ~ .actions button");
    await page.waitForURL(/ok=sent_chat/);
    const delivered = (await (await fetch(`${base}/api/webchat/${chatId}/messages`)).json()) as { messages: { text: string }[] };
    const text = delivered.messages.map((m) => m.text).join("\n");
    expect(text).toContain("Mensaje del equipo sobre tu caso");
    expect(text).toContain("¿Puedes decirnos el nombre del bar?");
    await page.goto(caseUrl);
    expect(await page.locator("ol.timeline").textContent()).toContain("¿Puedes decirnos el nombre del bar?");

    // the ficha: facts, triage, destination — no receipt code, no chat id
    await page.click("#ficha-link");
    await page.waitForURL(/\/ficha$/);
    const ficha = (await page.locator("article.ficha").textContent()) ?? "";
    expect(ficha).toContain("Fiscalía especializada en trata");
    expect(ficha).toContain("encerrada en un bar de Mazuko");
    expect(ficha).toMatch(/TB-[0-9A-F]{4}-[0-9A-F]{4}/);
    const fichaHtml = await page.content();
    expect(fichaHtml).not.toContain(caseCode!);
    expect(fichaHtml).not.toContain(chatId);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");

    // close the case
    await page.goto(caseUrl);
    await page.selectOption("#to", "closed");
    await page.selectOption("#outcome", "authority_acting");
    await page.click("#field-outcome ~ .actions button");
    await page.waitForURL(/ok=saved/);
    expect(await page.locator("#current-status").textContent()).toBe("Cerrado");

    // CSV export of every status
    await page.goto(`${base}/console?status=all`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv).toContain(`"referencia","recibido_lima"`);
    expect(csv).toContain("Emergencia");
    expect(csv).not.toContain(caseCode!);
    expect(csv).not.toContain("encerrada");

    // stats and the offline map
    await page.goto(`${base}/console/stats`);
    expect(await page.locator("#stat-total").textContent()).toBe("1");
    expect(await page.locator("#incidence-map circle.hot").count()).toBe(1);
    expect(await page.locator("#incidence-map").textContent()).toContain("Madre de Dios");

    if (process.env.CONSOLE_SCREENSHOTS) {
      await page.setViewportSize({ width: 1280, height: 1800 });
      await page.screenshot({ path: "/tmp/console-stats.png", fullPage: false });
      await page.goto(caseUrl);
      await page.screenshot({ path: "/tmp/console-case.png", fullPage: true });
      await page.goto(`${base}/console?status=all`);
      await page.screenshot({ path: "/tmp/console-queue.png" });
    }
    expect(cspErrors).toEqual([]);
    await context.close();
  });
});
