import { request as httpRequest, type Server } from "node:http";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { photoWithExif } from "../helpers/photos.ts";
import { type Agent, type ConsoleTestService, fileReport, logInAgent, startConsoleService } from "./console-helpers.ts";

type Who = "anonymous" | "viewer" | "operator" | "admin";
const WHO: Who[] = ["anonymous", "viewer", "operator", "admin"];

interface Route {
  method: "GET" | "POST";
  path: string;
  body?: (who: Who) => Record<string, string>;
  /** send the body as JSON (the web chat API) instead of a form */
  json?: boolean;
  /** the request ends the session (logout): made with a fresh sign-in of the same account */
  fresh?: boolean;
  /** expected status per caller; for redirects also where to */
  expect: Record<Who, number | [number, string]>;
}

/**
 * Every console route (and the public API routes next to it) as anonymous, viewer, operator and admin. Pages
 * redirect anonymous callers to the login; state changes answer 401; the role decides the rest.
 */
describe("console authorization matrix", () => {
  let t: ConsoleTestService;
  let caseId: string;
  let photoId: string;
  const agents = {} as Record<Exclude<Who, "anonymous">, { agent: Agent; csrf: string; cookie: string }>;
  const passwordOf = (role: string) => `una clave larga y secreta ${role.length}`;
  const whatsappRestarts: boolean[] = [];

  beforeAll(async () => {
    // a stand-in WhatsApp channel, so its admin pages and actions are part of the matrix
    const whatsapp = {
      restart: async ({ clearAuth }: { clearAuth: boolean }) => void whatsappRestarts.push(clearAuth),
      status: () => ({ connection: "open" as const, reconnectAttempts: 0 }),
    };
    t = await startConsoleService({}, {}, { whatsapp });
    for (const role of ["viewer", "operator", "admin"] as const) {
      const email = `${role}@example.org`;
      agents[role] = await logInAgent(t.app, email, await t.createAccount(email, role), passwordOf(role));
    }
    await fileReport(t.app, "matrix-reporter-01", "Ofrecen trabajo en un bar de Mazuko con pasaje pagado");
    const queue = await agents.operator.agent.get("/console");
    caseId = /\/console\/cases\/([0-9a-f-]{36})/.exec(queue.text)![1]!;
    const photo = await t.service.acceptPhoto(await photoWithExif());
    photoId = photo.ok ? photo.ref.slice("media:".length) : "";
    await t.service.store.transaction((tx) => tx.media.attach([photoId], caseId));
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const login: [number, string] = [303, "/console/login"];
  const routes = (): Route[] => [
    { method: "GET", path: "/console/login", expect: { anonymous: 200, viewer: [303, "/console/stats"], operator: [303, "/console"], admin: [303, "/console"] } },
    { method: "GET", path: "/console", expect: { anonymous: login, viewer: [303, "/console/stats"], operator: 200, admin: 200 } },
    { method: "GET", path: "/console?status=all&urgency=high&minor=no&mine=1", expect: { anonymous: login, viewer: [303, "/console/stats"], operator: 200, admin: 200 } },
    { method: "GET", path: "/console/queue/rows", expect: { anonymous: login, viewer: 403, operator: 200, admin: 200 } },
    { method: "GET", path: `/console/cases/${caseId}`, expect: { anonymous: login, viewer: 403, operator: 200, admin: 200 } },
    { method: "GET", path: `/console/cases/${caseId}/ficha`, expect: { anonymous: login, viewer: 403, operator: 200, admin: 200 } },
    { method: "GET", path: `/console/cases/${caseId}/photos/${photoId}`, expect: { anonymous: login, viewer: 403, operator: 200, admin: 200 } },
    { method: "GET", path: `/console/cases/${caseId}/photos/00000000-0000-0000-0000-000000000000`, expect: { anonymous: login, viewer: 403, operator: 404, admin: 404 } },
    { method: "GET", path: "/console/cases/00000000-0000-0000-0000-000000000000", expect: { anonymous: login, viewer: 403, operator: 404, admin: 404 } },
    {
      method: "POST",
      path: `/console/cases/${caseId}/assign`,
      body: () => ({ assignee: "me" }),
      expect: { anonymous: 401, viewer: 403, operator: 303, admin: 303 },
    },
    {
      method: "POST",
      path: `/console/cases/${caseId}/status`,
      // operator: new → in_review; admin: in_review → referred (each a valid step of the workflow)
      body: (who): Record<string, string> =>
        who === "admin" ? { from: "in_review", to: "referred", destination: "PNP" } : { from: "new", to: "in_review" },
      expect: { anonymous: 401, viewer: 403, operator: 303, admin: 303 },
    },
    {
      method: "POST",
      path: `/console/cases/${caseId}/notes`,
      body: () => ({ text: "Llamar al CEM de Tambopata" }),
      expect: { anonymous: 401, viewer: 403, operator: 303, admin: 303 },
    },
    {
      method: "POST",
      path: `/console/cases/${caseId}/messages`,
      body: () => ({ text: "Gracias por avisar" }),
      expect: { anonymous: 401, viewer: 403, operator: 303, admin: 303 },
    },
    { method: "GET", path: "/console/stats", expect: { anonymous: login, viewer: 200, operator: 200, admin: 200 } },
    { method: "GET", path: "/console/stats?from=2026-01-01&to=2026-12-31", expect: { anonymous: login, viewer: 200, operator: 200, admin: 200 } },
    { method: "POST", path: "/console/export", body: () => ({ status: "all" }), expect: { anonymous: 401, viewer: 403, operator: 200, admin: 200 } },
    {
      method: "POST",
      path: "/console/export",
      body: () => ({ status: "all", withFacts: "1" }),
      expect: { anonymous: 401, viewer: 403, operator: 403, admin: 200 },
    },
    { method: "GET", path: "/console/audit", expect: { anonymous: login, viewer: 403, operator: 403, admin: 200 } },
    { method: "GET", path: "/console/password", expect: { anonymous: login, viewer: 200, operator: 200, admin: 200 } },
    { method: "GET", path: "/console/totp", expect: { anonymous: login, viewer: 200, operator: 200, admin: 200 } },
    // sign-in: a post without the login form's double-submit token is refused for everyone
    { method: "POST", path: "/console/login", body: (who) => ({ email: `${who}@example.org`, password: passwordOf(who) }), expect: { anonymous: 403, viewer: 403, operator: 403, admin: 403 } },
    // a wrong current password: the page again with why
    { method: "POST", path: "/console/password", body: () => ({ current: "not my password at all", next: "otra clave larga y nueva", confirm: "otra clave larga y nueva" }), expect: { anonymous: 401, viewer: 400, operator: 400, admin: 400 } },
    { method: "POST", path: "/console/totp", body: () => ({ password: "not my password at all", secret: "JBSWY3DPEHPK3PXPJBSWY3DP", code: "000000" }), expect: { anonymous: 401, viewer: 400, operator: 400, admin: 400 } },
    { method: "GET", path: "/console/whatsapp", expect: { anonymous: login, viewer: 403, operator: 403, admin: 200 } },
    { method: "POST", path: "/console/whatsapp/reconnect", expect: { anonymous: 401, viewer: 403, operator: 403, admin: [303, "/console/whatsapp?m=restarted"] } },
    { method: "POST", path: "/console/whatsapp/unpair", expect: { anonymous: 401, viewer: 403, operator: 403, admin: [303, "/console/whatsapp?m=restarted"] } },
    { method: "GET", path: "/console/nope", expect: { anonymous: 404, viewer: 404, operator: 404, admin: 404 } },
    { method: "GET", path: "/console/static/console.js", expect: { anonymous: 200, viewer: 200, operator: 200, admin: 200 } },
    { method: "GET", path: "/console/static/console.css", expect: { anonymous: 200, viewer: 200, operator: 200, admin: 200 } },
    // the public routes beside the console stay public for everyone
    { method: "GET", path: "/healthz", expect: { anonymous: 200, viewer: 200, operator: 200, admin: 200 } },
    { method: "GET", path: "/chat", expect: { anonymous: 200, viewer: 200, operator: 200, admin: 200 } },
    { method: "GET", path: "/chat.js", expect: { anonymous: 200, viewer: 200, operator: 200, admin: 200 } },
    { method: "GET", path: "/chat.css", expect: { anonymous: 200, viewer: 200, operator: 200, admin: 200 } },
    { method: "GET", path: "/api/webchat/matrix-other-chat/messages", expect: { anonymous: 200, viewer: 200, operator: 200, admin: 200 } },
    { method: "POST", path: "/api/webchat/matrix-other-chat/messages", json: true, body: () => ({ text: "hola" }), expect: { anonymous: 200, viewer: 200, operator: 200, admin: 200 } },
    // last: it ends the session (made with a fresh sign-in, so the agents above stay signed in)
    { method: "POST", path: "/console/logout", fresh: true, expect: { anonymous: 401, viewer: [303, "/console/login?m=logged_out"], operator: [303, "/console/login?m=logged_out"], admin: [303, "/console/login?m=logged_out"] } },
  ];

  it("should answer every route with the status the caller's role allows", async () => {
    const rows: string[] = [];
    for (const route of routes()) {
      for (const who of WHO) {
        const signedIn =
          who === "anonymous" ? undefined : route.fresh ? await logInAgent(t.app, `${who}@example.org`, passwordOf(who)) : agents[who];
        const client = signedIn?.agent ?? request(t.app);
        const res =
          route.method === "GET"
            ? await client.get(route.path)
            : route.json
              ? await client.post(route.path).send(route.body?.(who) ?? {})
              : await client
                  .post(route.path)
                  .type("form")
                  .send({ ...(route.body?.(who) ?? {}), ...(signedIn ? { _csrf: signedIn.csrf } : {}) });
        const expected = route.expect[who];
        const [status, location] = Array.isArray(expected) ? expected : [expected, undefined];
        const got = `${res.status}${location ? ` ${res.headers.location}` : ""}`;
        const want = `${status}${location ? ` ${location}` : ""}`;
        if (got !== want) rows.push(`${route.method} ${route.path} as ${who}: got ${got}, want ${want}`);
        if (res.status === 403 || res.status === 401) expect(res.text).not.toContain("Mazuko");
      }
    }
    expect(rows).toEqual([]);
    expect(whatsappRestarts).toEqual([false, true]); // only the admin's two posts reached the channel
  });

  it("should open the live queue stream only for operators and admins", async () => {
    const server: Server = await new Promise((resolve) => {
      const s = t.app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const port = (server.address() as { port: number }).port;
    const cookieOf = (who: Exclude<Who, "anonymous">) => agents[who].cookie;
    const statusOf = (cookie: string | undefined) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          { host: "127.0.0.1", port, path: "/console/events", headers: { accept: "text/event-stream", ...(cookie ? { cookie } : {}) } },
          (res) => {
            resolve(res.statusCode ?? 0);
            req.destroy();
          },
        );
        req.on("error", reject);
        req.end();
      });
    try {
      expect(await statusOf(undefined)).toBe(401);
      expect(await statusOf(cookieOf("viewer"))).toBe(403);
      expect(await statusOf(cookieOf("operator"))).toBe(200);
      expect(await statusOf(cookieOf("admin"))).toBe(200);
    } finally {
      t.console.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("should hold an account that must change its password to that page", async () => {
    const agent = request.agent(t.app);
    const password = await t.createAccount("pending@example.org", "admin");
    const page = await agent.get("/console/login");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const login = await agent.post("/console/login").type("form").send({ email: "pending@example.org", password, _csrf: csrf });
    expect(login.headers.location).toBe("/console/password");
    for (const path of ["/console", "/console/stats", "/console/audit", `/console/cases/${caseId}`]) {
      const res = await agent.get(path);
      expect([res.status, res.headers.location], path).toEqual([303, "/console/password"]);
    }
    const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get("/console/password")).text)![1]!;
    const post = await agent.post(`/console/cases/${caseId}/notes`).type("form").send({ text: "x", _csrf: sessionCsrf });
    expect(post.status).toBe(403);
  });
});
