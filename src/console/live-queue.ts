import type { Response } from "express";

interface Client {
  res: Response;
  /** still signed in? (checked on every heartbeat without counting as activity) */
  valid: () => Promise<boolean>;
}

/**
 * Server-sent events for the live queue. An event carries only the new report's urgency — the page fetches
 * its rows again — so nothing about a case travels on the stream. Heartbeats keep proxies from closing it and
 * end the stream when the session has expired.
 */
export class LiveQueue {
  private readonly clients = new Set<Client>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly heartbeatMs: number) {}

  open(res: Response, valid: () => Promise<boolean>): void {
    res.status(200).set({
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    res.flushHeaders();
    res.write("retry: 10000\n\n");
    const client: Client = { res, valid };
    this.clients.add(client);
    res.on("close", () => {
      this.clients.delete(client);
      if (this.clients.size === 0) this.stopTimer();
    });
    this.timer ??= setInterval(() => void this.heartbeat(), this.heartbeatMs).unref();
  }

  /** tells every open queue that a report arrived */
  broadcast(urgency: string): void {
    const data = `event: report\ndata: ${JSON.stringify({ urgency })}\n\n`;
    for (const c of this.clients) c.res.write(data);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    this.stopTimer();
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }

  private async heartbeat(): Promise<void> {
    for (const c of [...this.clients]) {
      const ok = await c.valid().catch(() => false);
      if (ok) c.res.write(": ping\n\n");
      else {
        c.res.write("event: end\ndata: {}\n\n");
        c.res.end();
        this.clients.delete(c);
      }
    }
    if (this.clients.size === 0) this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
