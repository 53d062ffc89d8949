import { createHmac, randomBytes } from "node:crypto";
import { type Request, type Response, Router } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { failureReply } from "../../app/conversations/handle-inbound-message.ts";
import { deliverPendingToWebchat } from "../../app/outbox/deliver-pending-to-webchat.ts";
import type { Service } from "../../compose.ts";
import { AppError, httpStatusOf } from "../../core/app-error.ts";
import type { InboundContent } from "../../core/messages.ts";
import { ZConversationId, ZWebchatMessageRequest } from "./webchat.types.ts";
import { WEBCHAT_CSS, WEBCHAT_JS, webchatPage } from "./webchat-page.ts";

/**
 * The local web chat: a page at /chat and a small JSON API (a stable contract used by tests and checks):
 *   POST /api/webchat/:conversationId/messages {text|choice|location[, messageId]} → { messages: [...] }
 *   GET  /api/webchat/:conversationId/messages → messages waiting for this chat (operator replies)
 *
 * Abuse limits: the client picks the conversation id, so per-conversation limits alone can be dodged by
 * rotating ids. Each client address gets WEBCHAT_REQUESTS_PER_MINUTE requests (429 beyond), and its messages
 * carry an opaque client key (a keyed hash of the address, the key only in memory) so the app can budget new
 * conversations and case-code lookups per address. The address itself is never logged or stored.
 */
export function webchatRouter(service: Service): Router {
  const router = Router();
  const clientKeyOf = clientKeys();
  const perAddress = rateLimit({
    windowMs: 60_000,
    limit: service.config.WEBCHAT_REQUESTS_PER_MINUTE,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator: (req) => clientKeyOf(req),
    handler: (_req, res) => {
      const error = new AppError("RATE_LIMITED", "too many requests from this address");
      res.status(429).json({
        error: { code: error.code, message: "too many requests: wait a minute" },
        messages: [failureReply(error, service.config.DEFAULT_LOCALE, service.translator)],
      });
    },
  });
  router.use("/api/webchat", perAddress);

  router.get("/chat", (_req, res) => {
    res.type("html").set("Cache-Control", "no-store").send(webchatPage());
  });
  router.get("/chat.js", (_req, res) => {
    res.type("application/javascript").send(WEBCHAT_JS);
  });
  router.get("/chat.css", (_req, res) => {
    res.type("text/css").send(WEBCHAT_CSS);
  });

  router.post("/api/webchat/:conversationId/messages", async (req: Request, res: Response) => {
    const conversationId = parseConversationId(req.params.conversationId);
    const body = ZWebchatMessageRequest.safeParse(req.body);
    if (!body.success) {
      const issue = body.error.issues[0]!;
      throw new AppError("INVALID_INPUT", `${issue.path.join(".") || "body"}: ${issue.message}`);
    }
    const { text, choice, location, messageId } = body.data;
    const content: InboundContent =
      text !== undefined
        ? { kind: "text", text }
        : choice !== undefined
          ? { kind: "choice", id: choice }
          : { kind: "location", latitude: location!.latitude, longitude: location!.longitude };
    try {
      const result = await service.handleInbound({
        channel: "webchat",
        chatRef: conversationId,
        messageId,
        content,
        clientKey: clientKeyOf(req),
      });
      res.set("Cache-Control", "no-store").json({ messages: result.messages });
    } catch (error) {
      // Never silence: the person gets a way to get help now, whatever broke.
      const appError = AppError.from(error);
      const status = appError.code === "RATE_LIMITED" ? 429 : Math.max(503, httpStatusOf[appError.code]);
      if (status >= 500) service.logger.error({ err: appError, code: appError.code }, "web chat message failed");
      res.status(status).json({
        error: { code: appError.code, message: "the message could not be processed" },
        messages: [failureReply(appError, service.config.DEFAULT_LOCALE, service.translator)],
      });
    }
  });

  router.get("/api/webchat/:conversationId/messages", async (req: Request, res: Response) => {
    const conversationId = parseConversationId(req.params.conversationId);
    const messages = await deliverPendingToWebchat(service, conversationId);
    res.set("Cache-Control", "no-store").json({ messages });
  });

  return router;
}

/**
 * The client key of a request: HMAC of its address (IPv6 grouped by /56, as express-rate-limit does) under a
 * random key that lives only in this process, so the in-memory counters never hold an address either.
 */
function clientKeys(): (req: Request) => string {
  const secret = randomBytes(32);
  return (req) => createHmac("sha256", secret).update(ipKeyGenerator(req.ip ?? "", 56)).digest("base64url");
}

function parseConversationId(raw: unknown): string {
  const parsed = ZConversationId.safeParse(raw);
  if (!parsed.success)
    throw new AppError("INVALID_INPUT", `conversationId: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}
