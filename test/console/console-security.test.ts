import { createHash } from "node:crypto";
import { generate } from "otplib";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";
import {
  type ConsoleTestService,
  csrfOf,
  fileReport,
  logInAgent,
  sessionCookieOf,
  startConsoleService,
} from "./console-helpers.ts";

const PASSWORD = "una frase de acceso bastante larga";

describe("console security: CSRF, headers, cookies", () => {
  let t: ConsoleTestService;
  let caseId: string;
  beforeAll(async () => {
    t = await startConsoleService();
    await logInAgent(t.app, "op@example.org", await t.createAccount("op@example.org", "operator"), PASSWORD);
    await fileReport(t.app, "security-reporter-1", "Ofrecen trabajo de anfitriona en Puerto Maldonado");
    const { agent } = await logInAgent(t.app, "op@example.org", PASSWORD);
    caseId = /\/console\/cases\/([0-9a-f-]{36})/.exec((await agent.get("/console")).text)![1]!;
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const statusOf = async () => (await t.service.store.reports.findById(caseId))!.status;

  it("should refuse a state change without the session's CSRF token or from another origin", async () => {
    const { agent, csrf } = await logInAgent(t.app, "op@example.org", PASSWORD);
    const { csrf: otherSessionCsrf } = await logInAgent(t.app, "op@example.org", PASSWORD);
    const path = `/console/cases/${caseId}/status`;
    const body = { from: "new", to: "in_review" };
    const attempts = [
      agent.post(path).type("form").send(body),
      agent.post(path).type("form").send({ ...body, _csrf: "x".repeat(43) }),
      agent.post(path).type("form").send({ ...body, _csrf: otherSessionCsrf }),
      agent.post(path).type("form").set("Origin", "https://evil.example").send({ ...body, _csrf: csrf }),
      agent.post(path).type("form").set("Origin", "null").send({ ...body, _csrf: csrf }),
      agent.post(path).type("form").set("Sec-Fetch-Site", "cross-site").send({ ...body, _csrf: csrf }),
    ];
    for (const attempt of attempts) expect((await attempt).status).toBe(403);
    expect(await statusOf()).toBe("new");
    const ok = await agent.post(path).type("form").set("Sec-Fetch-Site", "same-origin").send({ ...body, _csrf: csrf });
    expect(ok.status).toBe(303);
    expect(await statusOf()).toBe("in_review");
  });

  it("should protect the login form with a double-submit token and the Origin check", async () => {
    const agent = request.agent(t.app);
    const page = await agent.get("/console/login");
    const token = csrfOf(page.text);
    const creds = { email: "op@example.org", password: PASSWORD };
    expect((await agent.post("/console/login").type("form").send(creds)).status).toBe(403);
    expect((await request(t.app).post("/console/login").type("form").send({ ...creds, _csrf: token })).status).toBe(403);
    expect(
      (await agent.post("/console/login").type("form").set("Origin", "https://evil.example").send({ ...creds, _csrf: token }))
        .status,
    ).toBe(403);
    expect((await agent.post("/console/login").type("form").send({ ...creds, _csrf: token })).status).toBe(303);
  });

  it("should send strict headers: CSP without inline code, no-store on every console page, no referrer leaks", async () => {
    const { agent, csrf } = await logInAgent(t.app, "op@example.org", PASSWORD);
    for (const path of ["/console", `/console/cases/${caseId}`, `/console/cases/${caseId}/ficha`, "/console/stats", "/console/login"]) {
      const res = path === "/console/login" ? await request(t.app).get(path) : await agent.get(path);
      expect(res.status, path).toBe(200);
      const csp = res.headers["content-security-policy"] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers["cache-control"], path).toBe("no-store");
      expect(res.headers["referrer-policy"]).toBe("same-origin");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.text).not.toMatch(/<script>|<style>| style="| on[a-z]+="/);
    }
    const csv = await agent.post("/console/export").type("form").send({ _csrf: csrf, status: "all" });
    expect(csv.headers["cache-control"]).toBe("no-store");
    expect(csv.headers["content-disposition"]).toMatch(/^attachment; filename="reportes-\d{4}-\d{2}-\d{2}\.csv"$/);
  });

  it("should set an httpOnly, SameSite=Strict session cookie with a fresh ≥128-bit token at every login, stored only hashed", async () => {
    /** a login from a browser that may still hold an older session cookie */
    const login = async (oldToken?: string) => {
      const page = await request(t.app).get("/console/login");
      const loginCookie = (page.headers["set-cookie"] as unknown as string[])[0]!.split(";")[0]!;
      const res = await request(t.app)
        .post("/console/login")
        .set("Cookie", [loginCookie, ...(oldToken ? [`tb_console=${oldToken}`] : [])].join("; "))
        .type("form")
        .send({ email: "op@example.org", password: PASSWORD, _csrf: csrfOf(page.text) });
      expect(res.status).toBe(303);
      return (res.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("tb_console="))!;
    };
    const first = await login();
    expect(first).toMatch(/HttpOnly/);
    expect(first).toMatch(/SameSite=Strict/);
    expect(first).toMatch(/Path=\/console/);
    expect(first).not.toMatch(/Secure|Expires|Max-Age/);
    const token = /^tb_console=([^;]+)/.exec(first)![1]!;
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    // logging in again from the same browser replaces the session: the old token stops working
    const secondToken = /^tb_console=([^;]+)/.exec(await login(token))![1]!;
    expect(secondToken).not.toBe(token);
    const old = await request(t.app).get("/console").set("Cookie", `tb_console=${token}`);
    expect([old.status, old.headers.location]).toEqual([303, "/console/login?m=session_ended"]);
    const db = (t.service.store as PrismaStore).db;
    const rows = await db.consoleSession.findMany();
    expect(rows.some((r) => r.id === createHash("sha256").update(secondToken).digest("hex"))).toBe(true);
    expect(rows.some((r) => r.id === secondToken || r.id === token)).toBe(false);
    // logout ends it
    const cookie = `tb_console=${secondToken}`;
    const csrf = csrfOf((await request(t.app).get("/console/password").set("Cookie", cookie)).text);
    const out = await request(t.app).post("/console/logout").set("Cookie", cookie).type("form").send({ _csrf: csrf });
    expect(out.headers.location).toBe("/console/login?m=logged_out");
    expect((await request(t.app).get("/console").set("Cookie", cookie)).status).toBe(303);
  });

  it("should end an account's sessions when its password changes", async () => {
    const a = await logInAgent(t.app, "op@example.org", PASSWORD);
    const b = await logInAgent(t.app, "op@example.org", PASSWORD);
    const next = "otra frase de acceso distinta";
    const changed = await a.agent.post("/console/password").type("form").send({ current: PASSWORD, next, confirm: next, _csrf: a.csrf });
    expect(changed.status).toBe(303);
    expect(sessionCookieOf(changed.headers["set-cookie"])).not.toBe(a.cookie);
    expect((await b.agent.get("/console")).headers.location).toBe("/console/login?m=session_ended");
    expect((await a.agent.get("/console")).status).toBe(200);
    const back = await a.agent.post("/console/password").type("form").send({
      current: next,
      next: PASSWORD,
      confirm: PASSWORD,
      _csrf: csrfOf((await a.agent.get("/console/password")).text),
    });
    expect(back.status).toBe(303);
  });
});

describe("console security: secure cookies and login throttling behind a TLS proxy", () => {
  let t: ConsoleTestService;
  beforeAll(async () => {
    t = await startConsoleService({ TRUST_PROXY: "1" }, {}, { loginLimits: { perAccount: 3, perAddress: 6 } });
    await t.createAccount("a@example.org", "operator");
  });
  afterAll(async () => {
    await t.cleanup();
  });

  /** one login through a TLS proxy (the proxy sets X-Forwarded-For/-Proto; cookies are passed by hand) */
  const attempt = async (email: string, password: string, ip: string) => {
    const page = await request(t.app).get("/console/login").set("X-Forwarded-For", ip).set("X-Forwarded-Proto", "https");
    const cookie = (page.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("tb_login="))!;
    expect(cookie).toMatch(/Secure/);
    return request(t.app)
      .post("/console/login")
      .type("form")
      .set("Cookie", cookie.split(";")[0]!)
      .set("X-Forwarded-For", ip)
      .set("X-Forwarded-Proto", "https")
      .send({ email, password, _csrf: csrfOf(page.text) });
  };

  it("should throttle one account after repeated failures, whatever the address", async () => {
    const password = await t.createAccount("target@example.org", "operator");
    for (let i = 0; i < 3; i++) expect((await attempt("target@example.org", "wrong-password", `203.0.113.${i + 1}`)).status).toBe(401);
    const blocked = await attempt("TARGET@example.org", password, "198.51.100.7");
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain("Demasiados intentos");
    // other accounts are unaffected
    expect((await attempt("a@example.org", "wrong-password", "198.51.100.7")).status).toBe(401);
  });

  it("should throttle one address after repeated failures, whatever the account", async () => {
    const password = await t.createAccount("b@example.org", "operator");
    const ip = "192.0.2.50";
    for (let i = 0; i < 6; i++) expect((await attempt(`nobody${i}@example.org`, "x", ip)).status).toBe(401);
    expect((await attempt("b@example.org", password, ip)).status).toBe(429);
    const ok = await attempt("b@example.org", password, "192.0.2.51");
    expect(ok.status).toBe(303);
    const cookie = (ok.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("__Host-tb_console="))!;
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/(;|$)/);
  });

  it("should keep client addresses and typed emails out of the audit log", async () => {
    const db = (t.service.store as PrismaStore).db;
    const audit = JSON.stringify(await db.auditLog.findMany());
    expect(audit).toContain("console.login_failed");
    for (const leak of ["203.0.113", "198.51.100", "192.0.2", "nobody0@example.org", "wrong-password"]) expect(audit).not.toContain(leak);
  });
});

describe("console sessions: idle and absolute timeouts", () => {
  let t: ConsoleTestService;
  const clock = fixedClock("2026-11-24T14:00:00Z");
  beforeAll(async () => {
    t = await startConsoleService({}, { clock });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("should end a session after 30 idle minutes", async () => {
    const { agent } = await logInAgent(t.app, "idle@example.org", await t.createAccount("idle@example.org", "viewer"), PASSWORD);
    clock.advance(29 * 60_000);
    expect((await agent.get("/console/stats")).status).toBe(200);
    clock.advance(29 * 60_000); // activity moved the idle deadline
    expect((await agent.get("/console/stats")).status).toBe(200);
    clock.advance(30 * 60_000 + 1);
    const res = await agent.get("/console/stats");
    expect([res.status, res.headers.location]).toEqual([303, "/console/login?m=session_ended"]);
  });

  it("should end a session 12 hours after login even when it is in use", async () => {
    const { agent } = await logInAgent(t.app, "long@example.org", await t.createAccount("long@example.org", "viewer"), PASSWORD);
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      clock.advance(20 * 60_000);
      expect((await agent.get("/console/stats")).status, `after ${minutes + 20} min`).toBe(200);
    }
    clock.advance(20 * 60_000);
    expect((await agent.get("/console/stats")).headers.location).toBe("/console/login?m=session_ended");
  });

  it("should not count the live queue's background refreshes as activity", async () => {
    const { agent } = await logInAgent(t.app, "bg@example.org", await t.createAccount("bg@example.org", "operator"), PASSWORD);
    clock.advance(20 * 60_000);
    expect((await agent.get("/console/queue/rows").set("x-console-background", "1")).status).toBe(200);
    clock.advance(11 * 60_000);
    expect((await agent.get("/console/queue/rows").set("x-console-background", "1")).status).toBe(303);
  });
});

describe("console TOTP for admins (CONSOLE_REQUIRE_TOTP=1)", () => {
  let t: ConsoleTestService;
  beforeAll(async () => {
    t = await startConsoleService({ CONSOLE_REQUIRE_TOTP: "1" });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("should make an admin enrol TOTP before anything else, then require a fresh code at every login", async () => {
    const { agent } = await logInAgent(t.app, "boss@example.org", await t.createAccount("boss@example.org", "admin"), PASSWORD);
    expect((await agent.get("/console/audit")).headers.location).toBe("/console/totp");
    const page = await agent.get("/console/totp");
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(page.text)![1]!;
    expect(page.text).toContain("<svg");
    const wrong = await agent.post("/console/totp").type("form").send({ password: PASSWORD, secret, code: "000000", _csrf: csrfOf(page.text) });
    expect(wrong.status).toBe(400);
    const code = await generate({ secret });
    // a stolen session cookie is not enough: the current password is asked too
    const noPassword = await agent.post("/console/totp").type("form").send({ password: "not the password", secret, code, _csrf: csrfOf(page.text) });
    expect(noPassword.status).toBe(400);
    expect(noPassword.text).toContain("La contraseña no es correcta");
    const enabled = await agent.post("/console/totp").type("form").send({ password: PASSWORD, secret, code, _csrf: csrfOf(page.text) });
    expect([enabled.status, enabled.headers.location]).toEqual([303, "/console"]);
    expect((await agent.get("/console/audit")).status).toBe(200);
    const stored = await (t.service.store as PrismaStore).db.operator.findUnique({ where: { email: "boss@example.org" } });
    expect(stored!.totpSecret).toMatch(/^v1\./);

    const again = request.agent(t.app);
    const form = async () => csrfOf((await again.get("/console/login")).text);
    const post = async (totp?: string) => {
      const _csrf = await form();
      return again.post("/console/login").type("form").send({ email: "boss@example.org", password: PASSWORD, _csrf, ...(totp ? { totp } : {}) });
    };
    const noCode = await post();
    expect(noCode.status).toBe(401);
    expect(noCode.text).toContain("código de 6 dígitos");
    expect((await post("123456")).status).toBe(401);
    // the code used to enrol cannot be replayed
    expect((await post(code)).status).toBe(401);
    // operators are not forced to enrol
    const op = await logInAgent(t.app, "op2@example.org", await t.createAccount("op2@example.org", "operator"), PASSWORD);
    expect((await op.agent.get("/console")).status).toBe(200);
  });
});
