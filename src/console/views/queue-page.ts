import { caseReference } from "../../app/console/case-reference.ts";
import { STATUSES } from "../../app/console/case-workflow.ts";
import type { CaseSummary } from "../../app/console/ports.ts";
import type { QueuePage } from "../../app/console/list-queue.ts";
import type { TQueueFilters } from "../console.types.ts";
import { html, type SafeHtml } from "../html.ts";
import { DEPARTMENTS } from "../peru-geo.ts";
import { csrfField, layout, type PageAuth } from "./layout.ts";
import type { Presenter } from "./present.ts";

const URGENCIES = ["emergency", "high", "medium", "low"] as const;
const CATEGORIES = [
  "sexual_exploitation",
  "labor_exploitation",
  "deceptive_recruitment",
  "missing_person",
  "forced_begging",
  "gender_violence",
  "labor_rights",
];
const CHANNELS = ["webchat", "telegram", "whatsapp"];

export function urgencyBadge(p: Presenter, urgency: string): SafeHtml {
  return html`<span class="badge u-${urgency}">${p.t(`urgency.${urgency}`)}</span>`;
}

export function kindLabel(p: Presenter, kind: string): string {
  const key = `report.what.${kind}`;
  return p.has(key) ? p.raw(key) : kind;
}

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}"${selected === value ? html` selected` : ""}>${label}</option>`;
}

/** The rows of the queue table (also served alone to the live refresh). */
export function queueRows(p: Presenter, page: QueuePage, now: Date): SafeHtml {
  if (page.cases.length === 0) return html`<tbody id="queue-rows"><tr><td colspan="7">${p.t("queue.empty")}</td></tr></tbody>`;
  return html`<tbody id="queue-rows">${page.cases.map((c) => queueRow(p, c, page.names, now))}</tbody>`;
}

function queueRow(p: Presenter, c: CaseSummary, names: Record<string, string>, now: Date): SafeHtml {
  const assignee = c.assigneeId ? p.t("queue.assigned_to", { email: names[c.assigneeId] ?? "?" }) : p.t("queue.unassigned");
  return html`<tr>
  <td>${urgencyBadge(p, c.urgency)}${c.minor ? html` <span class="badge minor">${p.t("queue.minor_flag")}</span>` : ""}</td>
  <td><a href="/console/cases/${c.id}">${caseReference(c.id)}</a><br><span class="muted">${p.t(`channel.${c.channel}`)}</span></td>
  <td><time datetime="${c.createdAt.toISOString()}" title="${p.dateTime(c.createdAt)}">${p.age(c.createdAt, now)}</time></td>
  <td>${kindLabel(p, c.kind)}<br><span class="muted">${c.categories.map((x) => p.t(`category.${x}`)).join(", ")}</span></td>
  <td>${p.place(c) ?? p.t("unknown")}</td>
  <td><span class="badge status">${p.t(`status.${c.status}`)}</span><br><span class="muted">${assignee}</span></td>
  <td class="reasons"><ul>${c.reasons.map((r) => html`<li>${p.reason(r)}</li>`)}</ul></td>
</tr>`;
}

function filterFields(p: Presenter, f: TQueueFilters, provinces: string[]): SafeHtml {
  const status = f.status ?? "open";
  return html`<div class="filters">
  <div><label for="f-status">${p.t("queue.status")}</label>
  <select id="f-status" name="status">${option("open", p.t("queue.open"), status)}${option("all", p.t("queue.all"), status)}${STATUSES.map((s) => option(s, p.t(`status.${s}`), status))}</select></div>
  <div><label for="f-urgency">${p.t("queue.urgency")}</label>
  <select id="f-urgency" name="urgency">${option("", p.t("queue.any"), f.urgency ?? "")}${URGENCIES.map((u) => option(u, p.t(`urgency.${u}`), f.urgency))}</select></div>
  <div><label for="f-category">${p.t("queue.category")}</label>
  <select id="f-category" name="category">${option("", p.t("queue.any"), f.category ?? "")}${CATEGORIES.map((c) => option(c, p.t(`category.${c}`), f.category))}</select></div>
  <div><label for="f-department">${p.t("queue.department")}</label>
  <select id="f-department" name="department">${option("", p.t("queue.any"), f.department ?? "")}${DEPARTMENTS.map(([code, name]) => option(code, name, f.department))}</select></div>
  <div><label for="f-province">${p.t("queue.province")}</label>
  <select id="f-province" name="province">${option("", p.t("queue.any"), f.province ?? "")}${provinces.map((code) => option(code, `${p.province(code) ?? code} (${p.department(`${code.slice(0, 2)}0000`) ?? ""})`, f.province))}</select></div>
  <div><label for="f-minor">${p.t("queue.minor")}</label>
  <select id="f-minor" name="minor">${option("", p.t("queue.any"), f.minor ?? "")}${option("yes", p.t("queue.minor_yes"), f.minor)}${option("no", p.t("queue.minor_no"), f.minor)}</select></div>
  <div><label for="f-channel">${p.t("queue.channel")}</label>
  <select id="f-channel" name="channel">${option("", p.t("queue.any"), f.channel ?? "")}${CHANNELS.map((c) => option(c, p.t(`channel.${c}`), f.channel))}</select></div>
  <div><label for="f-code">${p.t("queue.code")}</label>
  <input id="f-code" name="code" type="text" maxlength="40" autocomplete="off" value="${f.code ?? ""}"></div>
  <div><label class="check"><input type="checkbox" name="mine" value="1"${f.mine === "1" ? html` checked` : ""}> ${p.t("queue.mine")}</label></div>
</div>`;
}

function hiddenFilters(f: TQueueFilters): SafeHtml {
  const keys = ["status", "urgency", "category", "department", "province", "minor", "channel", "mine", "code"] as const;
  return html`${keys.map((k) => (f[k] ? html`<input type="hidden" name="${k}" value="${f[k]}">` : ""))}`;
}

/** Query string of the current filters with another page number. */
function pageLink(f: TQueueFilters, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== "" && k !== "page") params.set(k, String(v));
  if (page > 0) params.set("page", String(page));
  const q = params.toString();
  return q ? `/console?${q}` : "/console";
}

export function queuePage(
  p: Presenter,
  o: { auth: PageAuth; page: QueuePage; filters: TQueueFilters; provinces: string[]; now: Date; isAdmin: boolean },
): string {
  const body = html`<h1>${p.t("queue.title")}</h1>
<p class="muted">${p.t("queue.intro")}</p>
<p id="live" class="message" role="status" aria-live="polite" hidden data-new="${p.t("queue.live_new")}" data-emergency="${p.t("queue.live_emergency")}"></p>
<details class="panel"${Object.keys(o.filters).length ? html` open` : ""}><summary>${p.t("queue.filters")}</summary>
<form method="get" action="/console">
${filterFields(p, o.filters, o.provinces)}
<div class="actions"><button type="submit">${p.t("queue.apply")}</button> <a class="button secondary" href="/console">${p.t("queue.clear")}</a></div>
</form></details>
<table>
<thead><tr><th>${p.t("queue.col_urgency")}</th><th>${p.t("queue.col_case")}</th><th>${p.t("queue.col_received")}</th><th>${p.t("queue.col_what")}</th><th>${p.t("queue.col_place")}</th><th>${p.t("queue.col_status")}</th><th>${p.t("queue.col_reasons")}</th></tr></thead>
${queueRows(p, o.page, o.now)}
</table>
<div class="pager">
${o.page.page > 0 ? html`<a href="${pageLink(o.filters, o.page.page - 1)}">${p.t("queue.previous")}</a>` : ""}
${o.page.more ? html`<a href="${pageLink(o.filters, o.page.page + 1)}">${p.t("queue.more")}</a>` : ""}
</div>
<section class="panel">
<h2>${p.t("export.title")}</h2>
<p class="muted">${p.t("export.intro")}</p>
<form method="post" action="/console/export">
${csrfField(o.auth)}${hiddenFilters(o.filters)}
${o.isAdmin ? html`<label class="check"><input type="checkbox" name="withFacts" value="1"> ${p.t("export.with_facts")}</label>` : ""}
<div class="actions"><button type="submit" id="export">${p.t("export.submit")}</button></div>
</form>
</section>`;
  return layout(p, { title: p.t("queue.title"), body, auth: o.auth });
}
