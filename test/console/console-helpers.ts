import type { Express } from "express";
import request from "supertest";
import { createHttpApp } from "../../src/api/http-server.ts";
import { createOperator } from "../../src/app/console/create-operator.ts";
import type { Role } from "../../src/app/console/ports.ts";
import { webchatRouter } from "../../src/bots/webchat/webchat-router.ts";
import type { ComposeOptions } from "../../src/compose.ts";
import { createConsoleDeps } from "../../src/console/console-deps.ts";
import { type ConsoleRouter, type ConsoleRouterOptions, consoleRouter } from "../../src/console/console-router.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { startTestService, type TestService } from "../helpers/test-service.ts";

export interface ConsoleTestService extends TestService {
  console: ConsoleRouter;
  /** creates an account; returns its one-time password */
  createAccount(email: string, role: Role): Promise<string>;
}

/** The real service on a temp SQLite file with the web chat and the console mounted, as main.ts does. */
export async function startConsoleService(
  env: Record<string, string> = {},
  options: Partial<ComposeOptions> = {},
  routerOptions: ConsoleRouterOptions = {},
): Promise<ConsoleTestService> {
  const t = await startTestService(env, options);
  const console = consoleRouter(t.service, routerOptions);
  const app: Express = createHttpApp({
    logger: silentLogger,
    ping: () => t.service.store.ping(),
    routers: [webchatRouter(t.service), console],
    trustProxy: t.service.config.TRUST_PROXY,
  });
  const deps = createConsoleDeps(t.service);
  return {
    ...t,
    app,
    console,
    async createAccount(email, role) {
      return (await createOperator(deps, { email, role, actor: "test" })).oneTimePassword;
    },
    async cleanup() {
      console.close();
      await t.cleanup();
    },
  };
}

/** The value of the first hidden `_csrf` field in a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error("no csrf field in page");
  return match[1]!;
}

export type Agent = ReturnType<typeof request.agent>;

/** Logs in through the form; with `newPassword`, also completes the forced password change. */
export async function logInAgent(
  app: Express,
  email: string,
  password: string,
  newPassword?: string,
): Promise<{ agent: Agent; csrf: string; cookie: string }> {
  const agent = request.agent(app);
  const page = await agent.get("/console/login");
  const res = await agent.post("/console/login").type("form").send({ email, password, _csrf: csrfOf(page.text) });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  let cookie = sessionCookieOf(res.headers["set-cookie"]);
  if (newPassword && res.headers.location === "/console/password") {
    const form = await agent.get("/console/password");
    const changed = await agent
      .post("/console/password")
      .type("form")
      .send({ current: password, next: newPassword, confirm: newPassword, _csrf: csrfOf(form.text) });
    if (changed.status !== 303) throw new Error(`password change failed: ${changed.status}`);
    cookie = sessionCookieOf(changed.headers["set-cookie"]);
  }
  const home = await agent.get("/console/password");
  return { agent, csrf: csrfOf(home.text), cookie };
}

/** "tb_console=<token>" from a response's Set-Cookie headers. */
export function sessionCookieOf(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = list.find((c) => /^(__Host-)?tb_console=[^;]+/.test(c));
  if (!found) throw new Error("no session cookie set");
  return found.split(";")[0]!;
}

type Msg = { text: string; buttons?: { id: string; label: string }[] };

/** Files a report through the web chat JSON API (the stable contract), returns the chat's messages. */
export async function fileReport(app: Express, chatId: string, description: string): Promise<Msg[]> {
  const post = async (body: object) => (await request(app).post(`/api/webchat/${chatId}/messages`).send(body)).body.messages as Msg[];
  const press = (messages: Msg[], label: string) => {
    const b = messages.flatMap((m) => m.buttons ?? []).find((x) => x.label === label);
    if (!b) throw new Error(`no button ${label}: ${JSON.stringify(messages).slice(0, 400)}`);
    return { choice: b.id };
  };
  let m = await post({ text: "hola" });
  m = await post(press(m, "Español"));
  m = await post(press(m, "Reportar algo"));
  m = await post(press(m, "Oferta sospechosa"));
  m = await post({ text: description });
  if (m.some((x) => x.buttons?.some((b) => b.label === "Seguir el reporte"))) m = await post(press(m, "Seguir el reporte"));
  m = await post({ location: { latitude: -12.593, longitude: -69.189 } });
  m = await post(press(m, "Esta semana"));
  m = await post(press(m, "No"));
  m = await post(press(m, "Saltar"));
  return post(press(m, "Enviar"));
}
