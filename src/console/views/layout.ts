import { hasRole } from "../../app/console/assert-role.ts";
import type { Actor } from "../../app/console/ports.ts";
import { html, type SafeHtml } from "../html.ts";
import type { Presenter } from "./present.ts";

export interface PageAuth {
  actor: Actor;
  csrfToken: string;
  /** the account must change its password or enrol TOTP first: no navigation yet */
  pending: boolean;
}

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  auth?: PageAuth | undefined;
  narrow?: boolean;
}

/** The page frame: header with the navigation the role allows, a confidentiality line, and the content. */
export function layout(p: Presenter, options: LayoutOptions): string {
  const auth = options.auth;
  const nav = auth
    ? html`<nav aria-label="${p.t("title")}">
        ${!auth.pending && hasRole(auth.actor, "operator") ? html`<a href="/console">${p.t("nav.queue")}</a>` : ""}
        ${!auth.pending ? html`<a href="/console/stats">${p.t("nav.stats")}</a>` : ""}
        ${!auth.pending && hasRole(auth.actor, "admin") ? html`<a href="/console/audit">${p.t("nav.audit")}</a>` : ""}
        ${!auth.pending && hasRole(auth.actor, "admin") ? html`<a href="/console/whatsapp">${p.t("nav.whatsapp")}</a>` : ""}
        ${!auth.pending ? html`<a href="/console/password">${p.t("nav.password")}</a>` : ""}
        ${!auth.pending ? html`<a href="/console/totp">${p.t("nav.totp")}</a>` : ""}
        <span class="who">${p.t("nav.signed_in_as", { email: auth.actor.email, role: p.t(`role.${auth.actor.role}`) })}</span>
        <form method="post" action="/console/logout">
          <input type="hidden" name="_csrf" value="${auth.csrfToken}">
          <button type="submit">${p.t("nav.logout")}</button>
        </form>
      </nav>`
    : "";
  return html`<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<title>${options.title} · ${p.t("title")}</title>
<link rel="stylesheet" href="/console/static/console.css">
<script src="/console/static/console.js" defer></script>
</head>
<body>
<a class="skip" href="#content">${p.t("skip")}</a>
<header class="top"><span class="brand">${p.t("title")}</span>${nav}</header>
${auth ? html`<p class="confidential">${p.t("confidential")}</p>` : ""}
<main id="content" class="${options.narrow ? "narrow" : ""}">
${options.body}
</main>
</body>
</html>`.value;
}

/** A notice line; `error` styles it as a problem and makes screen readers announce it. */
export function notice(text: string | undefined, kind: "ok" | "error" = "ok"): SafeHtml | "" {
  if (!text) return "";
  return kind === "error"
    ? html`<p class="message error" role="alert">${text}</p>`
    : html`<p class="message" role="status">${text}</p>`;
}

/** The hidden CSRF field every state-changing form carries. */
export function csrfField(auth: PageAuth): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${auth.csrfToken}">`;
}
