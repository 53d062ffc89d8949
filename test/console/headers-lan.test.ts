import request from "supertest";
import { describe, expect, it } from "vitest";
import { createHttpApp } from "../../src/api/http-server.ts";
import { silentLogger } from "../../src/core/logger.ts";

const app = (trustProxy: boolean) => createHttpApp({ logger: silentLogger, ping: async () => true, routers: [], trustProxy });

describe("security headers and plain-HTTP LAN use", () => {
  it("should not make browsers upgrade to HTTPS or pin it when served over plain HTTP", async () => {
    const res = await request(app(false)).get("/healthz");
    const csp = res.headers["content-security-policy"];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("font-src 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(csp).not.toContain("https:");
    expect(res.headers["strict-transport-security"]).toBeUndefined();
  });

  it("should upgrade and pin HTTPS behind a TLS proxy, without reaching the domain's other services", async () => {
    const res = await request(app(true)).get("/healthz");
    expect(res.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
    expect(res.headers["strict-transport-security"]).toBe("max-age=15552000");
  });
});
