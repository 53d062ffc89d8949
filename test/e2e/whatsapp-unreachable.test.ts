import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** A loopback port with nothing listening: WhatsApp Web "unreachable", as on this offline machine. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("the real service with WhatsApp on and WhatsApp Web unreachable (the real Baileys package)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "trata-bot-wa-down-"));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("should stay up: /healthz shows WhatsApp disconnected and retrying, the web chat works, few log lines, SIGTERM exits 0", { timeout: 60_000 }, async () => {
    const wsPort = await closedPort();
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: `file:${join(dataDir, "db.sqlite")}`,
        PORT: "0",
        LOG_LEVEL: "info",
        WHATSAPP_ENABLED: "1",
        WHATSAPP_WS_URL: `ws://127.0.0.1:${wsPort}/ws/chat`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += String(d)));
    child.stderr!.on("data", (d) => (out += String(d)));
    const until = async (check: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!check()) {
        if (Date.now() > end) throw new Error(`timed out; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => /"port":\d+/.test(out), 30_000);
    const port = Number(/"port":(\d+)/.exec(out)![1]);
    const base = `http://127.0.0.1:${port}`;

    await until(() => out.includes("whatsapp disconnected; reconnecting"), 20_000);
    const health = (await (await fetch(`${base}/healthz`)).json()) as { status: string; whatsapp: { connection: string } };
    expect(health.status).toBe("ok");
    expect(["waiting_to_reconnect", "connecting"]).toContain(health.whatsapp.connection);
    expect(health.whatsapp).not.toHaveProperty("qr");

    const reply = await fetch(`${base}/api/webchat/wa-down-test-01/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "hola" }),
    });
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);

    // a few seconds of failing reconnects (backoff 2 s, 4 s, ...) make only a handful of log lines
    await new Promise((r) => setTimeout(r, 5_000));
    const whatsappLines = out.split("\n").filter((l) => l.includes('"channel":"whatsapp"'));
    expect(whatsappLines.length).toBeLessThanOrEqual(6);
    expect(out).not.toMatch(/Unhandled|TypeError|at .*node_modules/);

    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child!.once("exit", resolve));
    expect(code).toBe(0);
    child = undefined;
  });
});
