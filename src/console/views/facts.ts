import type { Json } from "../../flows/engine/types.ts";
import { html, type SafeHtml } from "../html.ts";
import { kindLabel } from "./queue-page.ts";
import type { Presenter } from "./present.ts";

/** The facts as label/value pairs, in a fixed order; unknown fields are shown too (never silently dropped). */
export function factRows(p: Presenter, facts: Record<string, Json>): [string, string][] {
  const rows: [string, string][] = [];
  const str = (v: Json | undefined) => (typeof v === "string" ? v : undefined);
  const label = (key: string, fallback: string) => (p.has(key) ? p.raw(key) : fallback);
  if (str(facts.kind)) rows.push([p.t("case.what"), kindLabel(p, str(facts.kind)!)]);
  if (str(facts.description)) rows.push([p.t("case.description"), str(facts.description)!]);
  const place = facts.place;
  if (place && typeof place === "object" && !Array.isArray(place)) {
    if (typeof place.text === "string") rows.push([p.t("case.place_typed"), place.text]);
    if (typeof place.latitude === "number" && typeof place.longitude === "number")
      rows.push([p.t("case.place_shared"), `${place.latitude.toFixed(5)}, ${place.longitude.toFixed(5)}`]);
  }
  if (str(facts.when)) rows.push([p.t("case.when"), label(`report.when.${str(facts.when)}`, str(facts.when)!)]);
  if (str(facts.minor)) rows.push([p.t("case.minor_answer"), label(`common.${str(facts.minor)}`, str(facts.minor)!)]);
  if (str(facts.details)) rows.push([p.t("case.details"), str(facts.details)!]);
  if (facts.media !== undefined && facts.media !== null) {
    const count = Array.isArray(facts.media) ? facts.media.length : 1;
    rows.push([p.t("case.media"), p.t("case.media_count", { count })]);
  }
  const known = new Set(["kind", "description", "place", "when", "minor", "details", "media", "placeInfo"]);
  for (const [key, value] of Object.entries(facts)) {
    if (known.has(key) || value === null || value === undefined) continue;
    rows.push([p.t("case.other_field", { field: key }), typeof value === "string" ? value : JSON.stringify(value)]);
  }
  return rows;
}

export function factList(p: Presenter, facts: Record<string, Json>): SafeHtml {
  const rows = factRows(p, facts);
  if (rows.length === 0) return html`<p>${p.t("case.no_facts")}</p>`;
  return html`<dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}
