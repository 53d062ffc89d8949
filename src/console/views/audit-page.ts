import { caseReference } from "../../app/console/case-reference.ts";
import type { AuditPage } from "../../app/console/list-audit-log.ts";
import { html } from "../html.ts";
import { layout, type PageAuth } from "./layout.ts";
import type { Presenter } from "./present.ts";

function actionLabel(p: Presenter, action: string): string {
  const key = `action.${action.replace(/\./g, "_")}`;
  return p.has(`console.${key}`) ? p.t(key) : action;
}

export function auditPage(p: Presenter, o: { auth: PageAuth; page: AuditPage }): string {
  const a = o.page;
  const who = (actor: string) => a.names[actor] ?? actor;
  const subject = (action: string, subject: string | undefined) => {
    if (!subject) return "";
    if (action.startsWith("case.") || action.startsWith("report.")) return html`<a href="/console/cases/${subject}">${caseReference(subject)}</a>`;
    return a.names[subject] ?? subject;
  };
  const body = html`<h1>${p.t("audit.title")}</h1>
<p class="muted">${p.t("audit.intro")}</p>
<table id="audit">
<thead><tr><th>${p.t("audit.col_at")}</th><th>${p.t("audit.col_actor")}</th><th>${p.t("audit.col_action")}</th><th>${p.t("audit.col_subject")}</th><th>${p.t("audit.col_details")}</th></tr></thead>
<tbody>${a.entries.map(
    (e) => html`<tr><td>${p.dateTime(e.at)}</td><td>${who(e.actor)}</td><td>${actionLabel(p, e.action)}</td><td>${subject(e.action, e.subject)}</td><td><code>${e.details ? JSON.stringify(e.details) : ""}</code></td></tr>`,
  )}</tbody>
</table>
<div class="pager">
${a.page > 0 ? html`<a href="/console/audit?page=${a.page - 1}">${p.t("audit.newer")}</a>` : ""}
${a.more ? html`<a href="/console/audit?page=${a.page + 1}">${p.t("audit.more")}</a>` : ""}
</div>`;
  return layout(p, { title: p.t("audit.title"), body, auth: o.auth });
}
