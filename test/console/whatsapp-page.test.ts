import { afterEach, describe, expect, it } from "vitest";
import type { WhatsAppStatus } from "../../src/bots/whatsapp/whatsapp-channel.ts";
import { type ConsoleTestService, logInAgent, startConsoleService } from "./console-helpers.ts";

/** Stands in for the WhatsApp channel: a status to show and a record of admin restarts. */
function stubChannel(status: WhatsAppStatus) {
  const restarts: { clearAuth: boolean }[] = [];
  return { restarts, status: () => status, restart: async (o: { clearAuth: boolean }) => void restarts.push(o) };
}

describe("console: the WhatsApp connection page", () => {
  let t: ConsoleTestService;
  afterEach(async () => {
    await t.cleanup();
  });

  it("should show an admin the pairing QR as an inline SVG, and audit reconnect / unpair", async () => {
    const channel = stubChannel({ connection: "needs_pairing", qr: "2@pairing-ref-from-baileys,abc,def", reconnectAttempts: 0 });
    t = await startConsoleService({}, {}, { whatsapp: channel });
    const password = await t.createAccount("admin@example.org", "admin");
    const { agent, csrf } = await logInAgent(t.app, "admin@example.org", password, "a-long-new-passphrase-1");
    const page = await agent.get("/console/whatsapp");
    expect(page.status).toBe(200);
    expect(page.headers["cache-control"]).toContain("no-store");
    expect(page.text).toContain('data-connection="needs_pairing"');
    expect(page.text).toMatch(/<div class="qr" id="whatsapp-qr"><svg[^>]*>/);
    expect(page.text).not.toContain("pairing-ref-from-baileys"); // only the picture, not the payload

    const noCsrf = await agent.post("/console/whatsapp/unpair").type("form").send({});
    expect(noCsrf.status).toBe(403);
    expect(channel.restarts).toEqual([]);
    const unpair = await agent.post("/console/whatsapp/unpair").type("form").send({ _csrf: csrf });
    expect(unpair.status).toBe(303);
    await agent.post("/console/whatsapp/reconnect").type("form").send({ _csrf: csrf });
    expect(channel.restarts).toEqual([{ clearAuth: true }, { clearAuth: false }]);
    const audit = await agent.get("/console/audit");
    expect(audit.text).toContain("WhatsApp desvinculado");
    expect(audit.text).toContain("WhatsApp reconectado");
  });

  it("should show why a stopped connection needs an admin, and say when WhatsApp is off", async () => {
    const channel = stubChannel({ connection: "stopped", reason: "logged_out", instruction: "WhatsApp logged this device out. Pair again.", reconnectAttempts: 1 });
    t = await startConsoleService({}, {}, { whatsapp: channel });
    const password = await t.createAccount("admin@example.org", "admin");
    const { agent } = await logInAgent(t.app, "admin@example.org", password, "a-long-new-passphrase-1");
    const page = await agent.get("/console/whatsapp");
    expect(page.text).toContain("Detenido: necesita una acción");
    expect(page.text).toContain("logged_out");
    expect(page.text).toContain("WhatsApp cerró la sesión de este servidor");
    await t.cleanup();

    t = await startConsoleService();
    const p2 = await t.createAccount("admin@example.org", "admin");
    const off = await logInAgent(t.app, "admin@example.org", p2, "a-long-new-passphrase-1");
    expect((await off.agent.get("/console/whatsapp")).text).toContain("WhatsApp está apagado");
    expect((await off.agent.post("/console/whatsapp/reconnect").type("form").send({ _csrf: off.csrf })).status).toBe(404);
  });

  it("should not let operators or viewers see the pairing page", async () => {
    t = await startConsoleService({}, {}, { whatsapp: stubChannel({ connection: "open", reconnectAttempts: 0 }) });
    for (const role of ["operator", "viewer"] as const) {
      const password = await t.createAccount(`${role}@example.org`, role);
      const { agent, csrf } = await logInAgent(t.app, `${role}@example.org`, password, "a-long-new-passphrase-1");
      expect((await agent.get("/console/whatsapp")).status).toBe(403);
      expect((await agent.post("/console/whatsapp/unpair").type("form").send({ _csrf: csrf })).status).toBe(403);
    }
  });
});
