import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import helmet from "helmet";
import { AppError, httpStatusOf } from "../core/app-error.ts";
import type { Logger } from "../core/logger.ts";

/** Extra status shown on /healthz (e.g. WhatsApp connection), never personal data. */
export type HealthDetails = () => Record<string, unknown>;

export interface HttpAppOptions {
  logger: Logger;
  ping: () => Promise<boolean>;
  healthDetails?: HealthDetails[];
  routers: express.Router[];
  /** routers that parse their own bodies, mounted before the JSON parser (the Telegram webhook: an update can be far above 64 kB) */
  ownBodyRouters?: express.Router[];
  trustProxy?: boolean;
}

/**
 * The Express app: security headers, JSON bodies (64 kB max: a web chat message is at most 4,000 characters,
 * checked by its router), health, the routers of each adapter, and the one
 * error boundary that maps AppError codes to HTTP. Request logs carry method, route and status — no IP, no URL
 * parameters (a web chat id is a chat id), no bodies.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  // One hop: the TLS proxy in front. (`true` would trust the left-most X-Forwarded-For, which any client can
  // write, and let it dodge per-address login throttling.)
  app.set("trust proxy", options.trustProxy ? 1 : false);
  // Every directive set here on purpose. Helmet's defaults would also add `upgrade-insecure-requests` and HSTS
  // with includeSubDomains, which break a console served over plain HTTP on a LAN (the browser rewrites every
  // request to https:// that nothing answers) and reach other services of the domain: both only behind TLS.
  const behindTls = options.trustProxy === true;
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          ...(behindTls ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: behindTls ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
      referrerPolicy: { policy: "no-referrer" },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(requestLog(options.logger));
  for (const router of options.ownBodyRouters ?? []) app.use(router);
  app.use(express.json({ limit: "64kb", strict: true }));

  app.get("/healthz", async (_req, res) => {
    const ok = await options.ping();
    const details = Object.assign({}, ...(options.healthDetails ?? []).map((d) => d()));
    res.status(ok ? 200 : 503).json({ status: ok ? "ok" : "unavailable", ...details });
  });
  for (const router of options.routers) app.use(router);

  app.use((_req, _res, next) => next(new AppError("NOT_FOUND", "no such route")));
  app.use(errorHandler(options.logger));
  return app;
}

function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const route = (req.route?.path as string | undefined) ?? "unmatched";
      logger.debug({ method: req.method, route, status: res.statusCode, ms: Math.round(ms) }, "http");
    });
    next();
  };
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const body = error as { type?: string; status?: number };
    let appError: AppError;
    if (body?.type === "entity.parse.failed")
      appError = new AppError("INVALID_INPUT", "body is not valid JSON");
    else if (body?.type === "entity.too.large")
      appError = new AppError("PAYLOAD_TOO_LARGE", "body too large");
    else if (body?.type === "encoding.unsupported" || body?.status === 415)
      appError = new AppError("INVALID_INPUT", "unsupported body encoding");
    else appError = AppError.from(error);
    const status = httpStatusOf[appError.code];
    if (status >= 500) logger.error({ err: appError, code: appError.code }, "request failed");
    res
      .status(status)
      .json({ error: { code: appError.code, message: status >= 500 ? "internal error" : appError.message } });
  };
}
