import { stringify } from "csv-stringify/sync";
import { caseReference } from "../app/console/case-reference.ts";
import type { ExportedReports } from "../app/console/export-reports.ts";
import type { Json } from "../flows/engine/types.ts";
import { factRows } from "./views/facts.ts";
import type { Presenter } from "./views/present.ts";

/** "2026-11-24 14:05" in Lima time (UTC−5, no daylight saving). */
function limaStamp(date: Date | undefined): string {
  return date ? new Date(date.getTime() - 5 * 3_600_000).toISOString().slice(0, 16).replace("T", " ") : "";
}

/**
 * Spreadsheet formula injection. A spreadsheet may split a cell again on `;` or `,` (a Spanish-locale Excel, a
 * text import with another separator) or start a formula after a line break, so every segment that would begin
 * with = + - @ (after spaces or quotes), a tab or a carriage return gets a ' in front — not only the first
 * character of the cell. Every cell is also quoted (see `exportCsv`).
 */
export function neutralizeFormula(value: string): string {
  return value.replace(/(^|[;,\n\r])([\s"']*)(?=[=+\-@\t\r])/g, (_, separator: string, lead: string) => `${separator}${lead}'`);
}

const FACT_COLUMNS = ["descripcion", "otros_datos", "lugar_escrito", "cuando", "menores_respuesta"];

/**
 * The CSV of an export: one row per case, Spanish labels, ubigeo codes beside names, UTF-8 with a BOM (so
 * spreadsheet programs read the accents). No receipt code, no reporter link — the console reference instead.
 */
export function exportCsv(p: Presenter, data: ExportedReports): string {
  const withFacts = data.rows.some((r) => r.facts !== undefined);
  const header = [
    "referencia",
    "recibido_lima",
    "estado",
    "urgencia",
    "categorias",
    "menor_de_edad",
    "tipo",
    "canal",
    "idioma",
    "departamento_ubigeo",
    "departamento",
    "provincia_ubigeo",
    "provincia",
    "distrito_ubigeo",
    "distrito",
    "servicios_sugeridos",
    "derivado_a",
    "fecha_derivacion_lima",
    "resultado",
    "cerrado_lima",
    "asignado_a",
    ...(withFacts ? FACT_COLUMNS : []),
  ];
  const rows = data.rows.map(({ summary: c, facts }) => {
    const row = [
      caseReference(c.id),
      limaStamp(c.createdAt),
      p.t(`status.${c.status}`),
      p.t(`urgency.${c.urgency}`),
      c.categories.map((x) => p.t(`category.${x}`)).join("; "),
      c.minor ? p.t("yes") : p.t("no"),
      c.kind,
      c.channel,
      c.locale,
      c.departmentCode ?? "",
      p.department(c.departmentCode) ?? "",
      c.provinceCode ?? "",
      p.province(c.provinceCode) ?? "",
      c.districtCode ?? "",
      p.district(c.districtCode) ?? "",
      c.referrals.join("; "),
      c.referredTo ? p.t(`destination.${c.referredTo}`) : "",
      limaStamp(c.referredAt),
      c.outcome ? p.t(`outcome.${c.outcome}`) : "",
      limaStamp(c.closedAt),
      c.assigneeId ? (data.names[c.assigneeId] ?? "") : "",
    ];
    if (withFacts) row.push(...factColumns(p, facts ?? {}));
    return row.map(neutralizeFormula);
  });
  return `\ufeff${stringify([header, ...rows], { quoted: true, quoted_empty: true })}`;
}

function factColumns(p: Presenter, facts: Record<string, Json>): string[] {
  const byLabel = new Map(factRows(p, facts));
  const place = facts.place;
  const typed = place && typeof place === "object" && !Array.isArray(place) && typeof place.text === "string" ? place.text : "";
  return [
    typeof facts.description === "string" ? facts.description : "",
    typeof facts.details === "string" ? facts.details : "",
    typed,
    byLabel.get(p.t("case.when")) ?? "",
    byLabel.get(p.t("case.minor_answer")) ?? "",
  ];
}
