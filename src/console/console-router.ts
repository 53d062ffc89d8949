import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  Router,
} from "express";
import { rateLimit } from "express-rate-limit";
import QRCode from "qrcode";
import type { z } from "zod";
import { addCaseNote } from "../app/console/add-case-note.ts";
import { hasRole } from "../app/console/assert-role.ts";
import { assignCase } from "../app/console/assign-case.ts";
import { type AuthenticatedSession, authenticateSession } from "../app/console/authenticate-session.ts";
import { OPEN_STATUSES } from "../app/console/case-workflow.ts";
import { changeCaseStatus } from "../app/console/change-case-status.ts";
import { changePassword } from "../app/console/change-password.ts";
import { computeStats } from "../app/console/compute-stats.ts";
import { beginTotpEnrollment, confirmTotpEnrollment } from "../app/console/enroll-totp.ts";
import { exportReports } from "../app/console/export-reports.ts";
import { getReferralSheet } from "../app/console/get-referral-sheet.ts";
import { limaDay, limaDayStart } from "../app/console/lima-time.ts";
import { listAuditLog } from "../app/console/list-audit-log.ts";
import { type ListQueueOptions, listQueue } from "../app/console/list-queue.ts";
import { logIn } from "../app/console/log-in.ts";
import { logOut } from "../app/console/log-out.ts";
import { messageReporter } from "../app/console/message-reporter.ts";
import type { Role } from "../app/console/ports.ts";
import { type RestartableChannel, restartChannel } from "../app/console/restart-channel.ts";
import { viewCase } from "../app/console/view-case.ts";
import { viewCasePhoto } from "../app/console/view-case-photo.ts";
import type { Report } from "../app/ports.ts";
import type { Service } from "../compose.ts";
import { AppError, httpStatusOf } from "../core/app-error.ts";
import { parseCaseCode } from "../core/case-code.ts";
import type { Directory } from "../directory/index.ts";
import {
  ZAssignForm,
  ZCaseId,
  ZCaseQuery,
  ZExportForm,
  ZLoginForm,
  ZLoginQuery,
  ZPageQuery,
  ZPasswordForm,
  ZQueueFilters,
  ZStatsQuery,
  ZStatusForm,
  ZTextForm,
  ZTotpForm,
  type TQueueFilters,
} from "./console.types.ts";
import {
  clearLoginCookie,
  clearSessionCookie,
  LOGIN_COOKIE,
  readCookie,
  sessionCookieName,
  setLoginCookie,
  setSessionCookie,
} from "./cookies.ts";
import { type ConsoleDepsOptions, createConsoleDeps } from "./console-deps.ts";
import { exportCsv } from "./export-csv.ts";
import { trustedHtml } from "./html.ts";
import { LiveQueue } from "./live-queue.ts";
import { DEPARTMENTS } from "./peru-geo.ts";
import { auditPage } from "./views/audit-page.ts";
import { errorPage, loginPage, passwordPage, totpPage } from "./views/auth-pages.ts";
import { casePage } from "./views/case-page.ts";
import { fichaPage } from "./views/ficha-page.ts";
import type { PageAuth } from "./views/layout.ts";
import { createPresenter } from "./views/present.ts";
import { queuePage, queueRows } from "./views/queue-page.ts";
import { statsPage } from "./views/stats-page.ts";
import { type WhatsAppView, whatsappPage } from "./views/whatsapp-page.ts";

const STATIC = join(dirname(fileURLToPath(import.meta.url)), "static");
const CONSOLE_JS = readFileSync(join(STATIC, "console.js"), "utf8");
const CONSOLE_CSS = readFileSync(join(STATIC, "console.css"), "utf8");

export interface ConsoleRouterOptions extends ConsoleDepsOptions {
  /** login throttling (in memory; client addresses are never logged or stored) */
  loginLimits?: { windowMs?: number; perAccount?: number; perAddress?: number };
  /** how often the live queue's stream is checked and kept alive */
  heartbeatMs?: number;
  /** the WhatsApp channel when enabled (its admin page shows the state and the pairing QR) */
  whatsapp?: (RestartableChannel & { status(): WhatsAppView & { qr?: string | undefined } }) | undefined;
}

/** The console's router; `close()` ends the live-queue streams (call it before closing the HTTP server). */
export type ConsoleRouter = Router & {
  close(): void;
  /** open live-queue streams (diagnostics, tests) */
  liveClients(): number;
};

/**
 * The operator console under /console: server-rendered pages (every value escaped), one static script and
 * stylesheet (the global CSP forbids inline ones), sessions in the database (only a token's SHA-256 is
 * stored), CSRF tokens plus an Origin check on every state change, login throttling per account and per client
 * address, and `Cache-Control: no-store` on every response.
 *
 * Roles: viewer → statistics; operator → queue, cases, messages, ficha, CSV export; admin → also the audit
 * log and exports with the facts.
 */
export function consoleRouter(service: Service, options: ConsoleRouterOptions = {}): ConsoleRouter {
  const deps = createConsoleDeps(service, options);
  const { store, credentials } = deps;
  const p = createPresenter(service.translator, service.directory);
  const live = new LiveQueue(options.heartbeatMs ?? 25_000);
  const onReport = (report: Report) => live.broadcast(report.urgency);
  service.onReportCreated.add(onReport);

  const secure = (req: Request) => service.config.TRUST_PROXY || req.secure;
  const codeHash = (code: string) => service.identity.caseCodeHash(code);
  const authOf = (res: Response) => res.locals.auth as AuthenticatedSession | undefined;
  const pageAuth = (res: Response): PageAuth | undefined => {
    const auth = authOf(res);
    return auth
      ? { actor: auth.actor, csrfToken: auth.csrfToken, pending: auth.mustChangePassword || auth.mustEnrollTotp }
      : undefined;
  };
  const home = (auth: AuthenticatedSession) =>
    auth.mustChangePassword
      ? "/console/password"
      : auth.mustEnrollTotp
        ? "/console/totp"
        : hasRole(auth.actor, "operator")
          ? "/console"
          : "/console/stats";
  const sendPage = (res: Response, status: number, page: string) => res.status(status).type("html").send(page);
  const fail = (res: Response, status: number, text: string) =>
    sendPage(res, status, errorPage(p, { auth: pageAuth(res), text }));

  /** Origin / Fetch-Metadata check: a state change must come from a page of this very origin. */
  const sameOrigin = (req: Request) => {
    const site = req.get("sec-fetch-site");
    if (site && site !== "same-origin" && site !== "none") return false;
    const origin = req.get("origin");
    return !origin || origin === `${req.protocol}://${req.get("host")}`;
  };
  const csrfOk = (req: Request, expected: string) => {
    const body = req.body as Record<string, unknown> | undefined;
    const sent = typeof body?._csrf === "string" ? body._csrf : req.get("x-csrf-token");
    return sameOrigin(req) && typeof sent === "string" && credentials.same(sent, expected);
  };

  /** Guard: signed in with at least `role`; CSRF on state changes; pending password/TOTP steps first. */
  const need =
    (role: Role, opts: { allowPending?: boolean } = {}): RequestHandler =>
    (req, res, next) => {
      const auth = authOf(res);
      const read = req.method === "GET" || req.method === "HEAD";
      if (!auth) {
        if (read && req.accepts(["html", "text/event-stream"]) === "html") {
          res.redirect(303, res.locals.token ? "/console/login?m=session_ended" : "/console/login");
          return;
        }
        fail(res, 401, p.t("login.session_ended"));
        return;
      }
      if (!read && !csrfOk(req, auth.csrfToken)) {
        fail(res, 403, p.t("error.csrf"));
        return;
      }
      if (!opts.allowPending && (auth.mustChangePassword || auth.mustEnrollTotp)) {
        if (read) res.redirect(303, home(auth));
        else fail(res, 403, p.t("error.forbidden"));
        return;
      }
      if (!hasRole(auth.actor, role)) {
        fail(res, 403, p.t("error.forbidden"));
        return;
      }
      next();
    };

  const router = Router() as ConsoleRouter;

  router.get("/console/static/console.js", (_req, res) => {
    res.type("application/javascript").set("Cache-Control", "no-cache").send(CONSOLE_JS);
  });
  router.get("/console/static/console.css", (_req, res) => {
    res.type("text/css").set("Cache-Control", "no-cache").send(CONSOLE_CSS);
  });

  router.use("/console", (_req, res, next) => {
    // same-origin (instead of the global no-referrer): the browser then sends a real Origin on our form posts
    // (with no-referrer it sends "Origin: null"), and still nothing to other sites
    res.set({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "same-origin" });
    next();
  });
  router.use("/console", express.urlencoded({ extended: false, limit: "32kb", parameterLimit: 40 }));
  router.use("/console", async (req, res, next) => {
    const token = readCookie(req, sessionCookieName(secure(req)));
    res.locals.token = token;
    // background traffic (the live queue) must not keep an unattended console signed in
    const activity = req.get("x-console-background") !== "1" && req.path !== "/events";
    res.locals.auth = token ? await authenticateSession(deps, { token, activity }) : undefined;
    next();
  });

  // --- sign-in -------------------------------------------------------------------------------------------
  const limits = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 30, ...options.loginLimits };
  const throttled: RequestHandler = (req, res) => {
    const token = readCookie(req, LOGIN_COOKIE) ?? credentials.newToken();
    sendPage(res, 429, loginPage(p, { csrfToken: token, error: p.t("login.throttled") }));
  };
  // failed attempts only (a successful login redirects with 303 and is not counted)
  const perAddress = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.perAddress,
    skipSuccessfulRequests: true,
    standardHeaders: false,
    legacyHeaders: false,
    handler: throttled,
  });
  const perAccount = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.perAccount,
    skipSuccessfulRequests: true,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: (req) => {
      const email = typeof req.body?.email === "string" ? req.body.email.trim().toLowerCase().slice(0, 254) : "";
      return `account:${credentials.digest(email)}`;
    },
    handler: throttled,
  });
  /** The login form has no session yet: a double-submit token (cookie + field) and the Origin check. */
  const loginCsrf: RequestHandler = (req, res, next) => {
    const cookie = readCookie(req, LOGIN_COOKIE);
    const sent = typeof req.body?._csrf === "string" ? req.body._csrf : "";
    if (!sameOrigin(req) || !cookie || !credentials.same(cookie, sent)) {
      fail(res, 403, p.t("error.csrf"));
      return;
    }
    next();
  };

  router.get("/console/login", (req, res) => {
    const auth = authOf(res);
    if (auth) {
      res.redirect(303, home(auth));
      return;
    }
    const query = ZLoginQuery.safeParse(req.query);
    const m = query.success ? query.data.m : undefined;
    const token = readCookie(req, LOGIN_COOKIE) ?? credentials.newToken();
    setLoginCookie(res, token, secure(req));
    sendPage(res, 200, loginPage(p, { csrfToken: token, message: m ? p.t(`login.${m}`) : undefined }));
  });

  router.post("/console/login", loginCsrf, perAddress, perAccount, async (req, res) => {
    const form = parse(ZLoginForm, req.body);
    const csrfToken = readCookie(req, LOGIN_COOKIE)!;
    const result = await logIn(deps, {
      email: form.email,
      password: form.password,
      totpCode: form.totp,
      previousToken: res.locals.token as string | undefined,
    });
    if (result.type === "ok") {
      clearLoginCookie(res, secure(req));
      setSessionCookie(res, result.token, secure(req));
      res.redirect(
        303,
        result.mustChangePassword
          ? "/console/password"
          : result.mustEnrollTotp
            ? "/console/totp"
            : hasRole(result.actor, "operator")
              ? "/console"
              : "/console/stats",
      );
      return;
    }
    const error =
      result.type === "totp_required"
        ? p.t(result.wrongCode ? "login.totp_wrong" : "login.totp_needed")
        : p.t("login.failed");
    sendPage(
      res,
      401,
      loginPage(p, { csrfToken, email: form.email, error, askTotp: result.type === "totp_required" }),
    );
  });

  router.post("/console/logout", need("viewer", { allowPending: true }), async (req, res) => {
    const auth = authOf(res)!;
    await logOut(deps, { actor: auth.actor, sessionId: auth.sessionId });
    clearSessionCookie(res, secure(req));
    res.redirect(303, "/console/login?m=logged_out");
  });

  router.get("/console/password", need("viewer", { allowPending: true }), (_req, res) => {
    const auth = authOf(res)!;
    sendPage(res, 200, passwordPage(p, { auth: pageAuth(res)!, firstTime: auth.mustChangePassword }));
  });

  router.post("/console/password", need("viewer", { allowPending: true }), async (req, res) => {
    const auth = authOf(res)!;
    const form = parse(ZPasswordForm, req.body);
    const again = (error: string) =>
      sendPage(res, 400, passwordPage(p, { auth: pageAuth(res)!, firstTime: auth.mustChangePassword, error }));
    if (form.next !== form.confirm) return void again(p.t("password.mismatch"));
    const result = await changePassword(deps, {
      actor: auth.actor,
      currentPassword: form.current,
      newPassword: form.next,
    });
    if (result.type === "rejected") return void again(p.t(`password.${result.reason}`));
    setSessionCookie(res, result.token, secure(req));
    res.redirect(303, home({ ...auth, mustChangePassword: false }));
  });

  router.get("/console/totp", need("viewer", { allowPending: true }), async (_req, res) => {
    const auth = authOf(res)!;
    if (auth.mustChangePassword) return void res.redirect(303, "/console/password");
    if (auth.totpEnrolled) {
      return void sendPage(res, 200, totpPage(p, { auth: pageAuth(res)!, required: false, enrolled: true }));
    }
    const { secret, uri } = beginTotpEnrollment(deps, auth.actor);
    sendPage(res, 200, totpPage(p, { auth: pageAuth(res)!, required: auth.mustEnrollTotp, enrolled: false, secret, qrSvg: await qr(uri) }));
  });

  router.post("/console/totp", need("viewer", { allowPending: true }), async (_req, res) => {
    const auth = authOf(res)!;
    if (auth.mustChangePassword) return void fail(res, 403, p.t("error.forbidden"));
    const form = parse(ZTotpForm, _req.body);
    const result = await confirmTotpEnrollment(deps, { actor: auth.actor, password: form.password, secret: form.secret, code: form.code });
    if (result.type === "wrong_code" || result.type === "wrong_password") {
      const uri = credentials.totpUri(form.secret, auth.actor.email);
      return void sendPage(
        res,
        400,
        totpPage(p, {
          auth: pageAuth(res)!,
          required: auth.mustEnrollTotp,
          enrolled: false,
          secret: form.secret,
          qrSvg: await qr(uri),
          error: p.t(result.type === "wrong_code" ? "totp.wrong_code" : "totp.wrong_password"),
        }),
      );
    }
    res.redirect(303, home({ ...auth, mustEnrollTotp: false }));
  });

  // --- queue -----------------------------------------------------------------------------------------------
  const queueOptions = (req: Request, res: Response): { options: ListQueueOptions; filters: TQueueFilters } => {
    const filters = parse(ZQueueFilters, req.query);
    return { filters, options: { actor: authOf(res)!.actor, filter: caseFilter(filters, codeHash), page: filters.page ?? 0 } };
  };

  router.get("/console", need("viewer"), async (req, res) => {
    const auth = authOf(res)!;
    if (!hasRole(auth.actor, "operator")) return void res.redirect(303, "/console/stats");
    const { options: o, filters } = queueOptions(req, res);
    const page = await listQueue(deps, o);
    const provinces = await store.cases.provinceCodes();
    sendPage(
      res,
      200,
      queuePage(p, {
        auth: pageAuth(res)!,
        page,
        filters,
        provinces,
        now: service.clock.now(),
        isAdmin: hasRole(auth.actor, "admin"),
      }),
    );
  });

  router.get("/console/queue/rows", need("operator"), async (req, res) => {
    const page = await listQueue(deps, queueOptions(req, res).options);
    sendPage(res, 200, `<table>${queueRows(p, page, service.clock.now()).value}</table>`);
  });

  router.get("/console/events", need("operator"), (_req, res) => {
    const token = res.locals.token as string;
    live.open(res, async () => !!(await authenticateSession(deps, { token, activity: false })));
  });

  // --- cases -----------------------------------------------------------------------------------------------
  const caseId = (req: Request) => parse(ZCaseId, req.params.id);

  const renderCase = async (
    req: Request,
    res: Response,
    status: number,
    message?: { ok?: string; error?: string },
  ) => {
    const view = await viewCase(deps, { actor: authOf(res)!.actor, reportId: caseId(req) });
    sendPage(
      res,
      status,
      casePage(p, {
        auth: pageAuth(res)!,
        view,
        message: message?.ok,
        error: message?.error,
        place: locate(view.facts, view.summary, service.directory),
      }),
    );
  };

  /** A case action: on success back to the case (303); a conflict or invalid input re-renders it with why. */
  const caseAction =
    (action: (req: Request, res: Response) => Promise<string>): RequestHandler =>
    async (req, res) => {
      try {
        const ok = await action(req, res);
        res.redirect(303, `/console/cases/${caseId(req)}?ok=${ok}`);
      } catch (error) {
        const e = AppError.from(error);
        if (e.code !== "CONFLICT" && e.code !== "INVALID_INPUT") throw error;
        await renderCase(req, res, httpStatusOf[e.code], {
          error: p.t(e.code === "CONFLICT" ? "case.conflict" : "case.invalid"),
        });
      }
    };

  router.get("/console/cases/:id", need("operator"), async (req, res) => {
    const query = ZCaseQuery.safeParse(req.query);
    const ok = query.success ? query.data.ok : undefined;
    const okText = ok === "saved" ? "case.saved" : ok === "sent_chat" ? "case.message_sent_chat" : ok ? "case.message_sent_code" : undefined;
    await renderCase(req, res, 200, { ok: okText ? p.t(okText) : undefined });
  });

  router.post(
    "/console/cases/:id/assign",
    need("operator"),
    caseAction(async (req, res) => {
      const form = parse(ZAssignForm, req.body);
      const actor = authOf(res)!.actor;
      const assigneeId = form.assignee === "me" ? actor.id : form.assignee || undefined;
      await assignCase(deps, { actor, reportId: caseId(req), assigneeId });
      return "saved";
    }),
  );

  router.post(
    "/console/cases/:id/status",
    need("operator"),
    caseAction(async (req, res) => {
      const form = parse(ZStatusForm, req.body);
      await changeCaseStatus(deps, {
        actor: authOf(res)!.actor,
        reportId: caseId(req),
        from: form.from as Report["status"],
        to: form.to as Report["status"],
        referredTo: form.destination || undefined,
        referredAt: form.referredAt ? limaDayStart(form.referredAt) : undefined,
        outcome: form.outcome || undefined,
      });
      return "saved";
    }),
  );

  router.post(
    "/console/cases/:id/notes",
    need("operator"),
    caseAction(async (req, res) => {
      const form = parse(ZTextForm, req.body);
      await addCaseNote(deps, { actor: authOf(res)!.actor, reportId: caseId(req), text: form.text });
      return "saved";
    }),
  );

  router.post(
    "/console/cases/:id/messages",
    need("operator"),
    caseAction(async (req, res) => {
      const form = parse(ZTextForm, req.body);
      const result = await messageReporter(deps, { actor: authOf(res)!.actor, reportId: caseId(req), text: form.text });
      if (result.delivery === "chat" && service.outbox.has(result.channel)) {
        // push channels: deliver now rather than at the next sweep
        service.outbox
          .flushConversation(result.conversationId)
          .catch((error: unknown) => service.logger.error({ err: error }, "operator message flush failed"));
      }
      return result.delivery === "chat" ? "sent_chat" : "sent_code";
    }),
  );

  router.get("/console/cases/:id/photos/:photoId", need("operator"), async (req, res) => {
    const photoId = parse(ZCaseId, req.params.photoId);
    const photo = await viewCasePhoto(deps, { actor: authOf(res)!.actor, reportId: caseId(req), photoId });
    // never cached (the /console middleware sets no-store), never sniffed, shown inline only
    res.status(200).type(photo.mimeType).set("Content-Disposition", 'inline; filename="foto.jpg"').send(photo.data);
  });

  router.get("/console/cases/:id/ficha", need("operator"), async (req, res) => {
    const sheet = await getReferralSheet(deps, { actor: authOf(res)!.actor, reportId: caseId(req) });
    sendPage(res, 200, fichaPage(p, { auth: pageAuth(res)!, sheet }));
  });

  // --- statistics, export, audit --------------------------------------------------------------------------
  router.get("/console/stats", need("viewer"), async (req, res) => {
    const q = parse(ZStatsQuery, req.query);
    const from = q.from || undefined;
    const to = q.to || undefined;
    const stats = await computeStats(deps, {
      actor: authOf(res)!.actor,
      from: from ? limaDayStart(from) : undefined,
      before: to ? new Date(limaDayStart(to).getTime() + 24 * 3_600_000) : undefined,
    });
    sendPage(res, 200, statsPage(p, { auth: pageAuth(res)!, stats, from, to }));
  });

  router.post("/console/export", need("operator"), async (req, res) => {
    const form = parse(ZExportForm, req.body);
    const { withFacts, _csrf, ...filters } = form;
    const { assignedToMe, ...filter } = caseFilter(filters, codeHash);
    const actor = authOf(res)!.actor;
    const data = await exportReports(deps, {
      actor,
      filter: { ...filter, ...(assignedToMe ? { assigneeId: actor.id } : {}) },
      withFacts: withFacts === "1",
    });
    res
      .status(200)
      .type("text/csv; charset=utf-8")
      .set("Content-Disposition", `attachment; filename="reportes-${limaDay(service.clock.now())}.csv"`)
      .send(exportCsv(p, data));
  });

  router.get("/console/audit", need("admin"), async (req, res) => {
    const q = parse(ZPageQuery, req.query);
    const page = await listAuditLog(deps, { actor: authOf(res)!.actor, page: q.page ?? 0 });
    sendPage(res, 200, auditPage(p, { auth: pageAuth(res)!, page }));
  });

  // --- WhatsApp connection (admins) --------------------------------------------------------------------------
  router.get("/console/whatsapp", need("admin"), async (req, res) => {
    const status = options.whatsapp?.status();
    const qrSvg = status?.qr ? await qr(status.qr) : undefined;
    const message = req.query.m === "restarted" ? p.t("whatsapp.done") : undefined;
    sendPage(res, 200, whatsappPage(p, { auth: pageAuth(res)!, view: status, qrSvg, message }));
  });
  for (const [path, clearAuth] of [["reconnect", false], ["unpair", true]] as const) {
    router.post(`/console/whatsapp/${path}`, need("admin"), async (_req, res) => {
      await restartChannel(deps, { actor: authOf(res)!.actor, channel: options.whatsapp, clearAuth });
      res.redirect(303, "/console/whatsapp?m=restarted");
    });
  }

  // --- anything else under /console: an HTML 404, and HTML errors ------------------------------------------
  router.use("/console", (_req: Request, _res: Response, next: NextFunction) =>
    next(new AppError("NOT_FOUND", "no such console page")),
  );
  const errors: ErrorRequestHandler = (error, _req, res, _next) => {
    const body = error as { type?: string };
    const e =
      body?.type === "entity.too.large"
        ? new AppError("PAYLOAD_TOO_LARGE", "form too large")
        : body?.type === "entity.parse.failed" || body?.type === "parameters.too.many"
          ? new AppError("INVALID_INPUT", "form not readable")
          : AppError.from(error);
    const status = httpStatusOf[e.code];
    if (status >= 500) service.logger.error({ err: e, code: e.code }, "console request failed");
    if (res.headersSent) return void res.end();
    const text =
      e.code === "FORBIDDEN"
        ? p.t("error.forbidden")
        : e.code === "NOT_FOUND"
          ? p.t("error.not_found")
          : p.t("error.generic");
    fail(res, status, text);
  };
  router.use("/console", errors);

  router.liveClients = () => live.size;
  router.close = () => {
    service.onReportCreated.delete(onReport);
    live.close();
  };
  return router;
}

/** Validates a query or form at the edge. @throws AppError INVALID_INPUT naming the field (never its value). */
function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new AppError("INVALID_INPUT", `${issue.path.join(".") || "input"}: ${issue.code}`);
  }
  return result.data;
}

/** The queue's form filters as a use-case filter. A code search looks at every status unless one is chosen. */
function caseFilter(f: TQueueFilters, codeHash: (code: string) => string): ListQueueOptions["filter"] {
  const code = f.code?.trim();
  const status = f.status ?? (code ? "all" : "open");
  return {
    statuses: status === "all" ? undefined : status === "open" ? [...OPEN_STATUSES] : [status as Report["status"]],
    urgencies: f.urgency ? [f.urgency] : undefined,
    category: f.category || undefined,
    departmentCode: f.department || undefined,
    provinceCode: f.province || undefined,
    minor: f.minor === "yes" ? true : f.minor === "no" ? false : undefined,
    channel: f.channel || undefined,
    codeHash: code ? codeHashOf(code, codeHash) : undefined,
    assignedToMe: f.mine === "1",
  };
}

/** The stored hash of a code typed in the queue search; an unreadable code must match nothing, not everything. */
function codeHashOf(typed: string, hash: (code: string) => string): string {
  const code = parseCaseCode(typed);
  return code ? hash(code) : "-";
}

/** Where to put the case's dot: the shared location, else its district or department capital. */
function locate(
  facts: Record<string, unknown>,
  c: { districtCode: string | undefined; departmentCode: string | undefined },
  directory: Pick<Directory, "districtByCode">,
): { latitude: number; longitude: number } | undefined {
  const place = facts.place as { latitude?: unknown; longitude?: unknown } | undefined;
  if (place && typeof place.latitude === "number" && typeof place.longitude === "number")
    return { latitude: place.latitude, longitude: place.longitude };
  const district = c.districtCode ? directory.districtByCode(c.districtCode) : undefined;
  if (district) return { latitude: district.latitude, longitude: district.longitude };
  const department = DEPARTMENTS.find(([code]) => code === c.departmentCode);
  return department ? { latitude: department[2], longitude: department[3] } : undefined;
}

async function qr(uri: string) {
  return trustedHtml(await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" }));
}
