import type { Stats } from "../../app/console/compute-stats.ts";
import { html, type SafeHtml } from "../html.ts";
import { DEPARTMENTS } from "../peru-geo.ts";
import { barChart, columnChart, dataTable, incidenceMap } from "./charts.ts";
import { layout, type PageAuth } from "./layout.ts";
import type { Presenter } from "./present.ts";

const MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];

function section(p: Presenter, title: string, chart: SafeHtml, rows: [string, number][]): SafeHtml {
  return html`<section class="panel"><h2>${title}</h2>${chart}${dataTable(rows, [title, p.t("stats.count")], p.t("stats.table"))}</section>`;
}

export function statsPage(p: Presenter, o: { auth: PageAuth; stats: Stats; from?: string | undefined; to?: string | undefined }): string {
  const s = o.stats;
  const departments: [string, number][] = DEPARTMENTS.map(([code, name]): [string, number] => [name, s.byDepartment[code] ?? 0])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const provinces: [string, number][] = Object.entries(s.byProvince)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([code, n]) => [`${p.province(code) ?? code} (${p.department(`${code.slice(0, 2)}0000`) ?? ""})`, n]);
  const labelled = (map: Record<string, number>, prefix: string): [string, number][] =>
    Object.entries(map)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => [p.t(`${prefix}.${k}`), n]);
  const urgency: [string, number][] = (["emergency", "high", "medium", "low"] as const).map((u) => [p.t(`urgency.${u}`), s.byUrgency[u]]);
  const months: [string, number][] = s.byMonth.map(([m, n]) => {
    const [y, mm] = m.split("-");
    return [`${MONTHS[Number(mm) - 1]} ${y!.slice(2)}`, n];
  });
  const quarters: [string, number][] = s.byQuarter.map(([q, n]) => {
    const [y, t] = q.split("-");
    return [`${t} ${y!.slice(2)}`, n];
  });
  const body = html`<h1>${p.t("stats.title")}</h1>
<p class="muted">${p.t("stats.intro")}</p>
<form method="get" action="/console/stats" class="panel filters">
  <div><label for="from">${p.t("stats.from")}</label><input id="from" name="from" type="date" value="${o.from ?? ""}"></div>
  <div><label for="to">${p.t("stats.to")}</label><input id="to" name="to" type="date" value="${o.to ?? ""}"></div>
  <div class="actions"><button type="submit">${p.t("stats.apply")}</button></div>
</form>
<div class="kpis">
  <div class="kpi"><strong id="stat-total">${s.total}</strong>${p.t("stats.total")}</div>
  <div class="kpi"><strong>${s.byUrgency.emergency}</strong>${p.t("urgency.emergency")}</div>
  <div class="kpi"><strong>${s.minors}</strong>${p.t("stats.minors")}</div>
  <div class="kpi"><strong>${s.unknownPlace}</strong>${p.t("stats.unknown_place")}</div>
</div>
${
  s.total === 0
    ? html`<p class="panel">${p.t("stats.none")}</p>`
    : html`<div class="grid">
<section class="panel"><h2>${p.t("stats.map")}</h2><p class="hint">${p.t("stats.map_note")}</p>${incidenceMap(s.byDepartment, p.t("stats.map"))}</section>
<div>
${section(p, p.t("stats.by_department"), barChart(departments, p.t("stats.by_department")), departments)}
${section(p, p.t("stats.by_province"), barChart(provinces, p.t("stats.by_province")), provinces)}
</div>
${section(p, p.t("stats.by_urgency"), barChart(urgency, p.t("stats.by_urgency"), { highlight: p.t("urgency.emergency") }), urgency)}
${section(p, p.t("stats.by_category"), barChart(labelled(s.byCategory, "category"), p.t("stats.by_category")), labelled(s.byCategory, "category"))}
${section(p, p.t("stats.by_month"), columnChart(months, p.t("stats.by_month")), months)}
${section(p, p.t("stats.by_quarter"), columnChart(quarters, p.t("stats.by_quarter")), quarters)}
${section(p, p.t("stats.by_status"), barChart(labelled(s.byStatus, "status"), p.t("stats.by_status")), labelled(s.byStatus, "status"))}
${section(p, p.t("stats.by_channel"), barChart(labelled(s.byChannel, "channel"), p.t("stats.by_channel")), labelled(s.byChannel, "channel"))}
</div>`
}`;
  return layout(p, { title: p.t("stats.title"), body, auth: o.auth });
}
