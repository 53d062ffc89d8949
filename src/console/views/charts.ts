import { html, type SafeHtml } from "../html.ts";
import { DEPARTMENTS, SILHOUETTE } from "../peru-geo.ts";

/**
 * Charts as inline SVG: no library, no CDN, no tiles — they render offline and under a CSP without inline
 * scripts or styles (SVG presentation attributes only). Each chart is paired with a table for screen readers.
 */

const PAD = 12;
const SCALE = 30; // px per degree
const WEST = -81.5;
const NORTH = 0.2;
const COS = Math.cos((9.2 * Math.PI) / 180); // Peru's middle latitude: keeps shapes roughly true

function project(latitude: number, longitude: number): [number, number] {
  return [PAD + (longitude - WEST) * SCALE * COS, PAD + (NORTH - latitude) * SCALE];
}

const WIDTH = Math.ceil(PAD * 2 + 13 * SCALE * COS);
const HEIGHT = Math.ceil(PAD * 2 + 18.7 * SCALE);

/** One path of zero-length round-capped segments: a dot per grid cell, in a few kilobytes. */
const SILHOUETTE_PATH = SILHOUETTE.map(([lat, lon]) => {
  const [x, y] = project(lat, lon);
  return `M${x.toFixed(1)} ${y.toFixed(1)}h0`;
}).join("");

function silhouette(): SafeHtml {
  return html`<path class="dots" d="${SILHOUETTE_PATH}" stroke-width="5.5" stroke-linecap="round" fill="none"/>`;
}

/** Incidence by department: a circle at each capital, its area proportional to the count. */
export function incidenceMap(counts: Record<string, number>, title: string): SafeHtml {
  const max = Math.max(1, ...Object.values(counts));
  const circles = DEPARTMENTS.filter(([code]) => (counts[code] ?? 0) > 0).map(([code, name, lat, lon]) => {
    const n = counts[code]!;
    const [x, y] = project(lat, lon);
    const r = 4 + 22 * Math.sqrt(n / max);
    // labels point inwards on the eastern side; Callao sits on Lima, so its label goes to the other side
    const left = code === "070000" || x > WIDTH * 0.62;
    return html`<g><circle class="hot" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}"><title>${name}: ${n}</title></circle>
<text x="${(left ? x - r - 3 : x + r + 3).toFixed(1)}" y="${(y + 4).toFixed(1)}" text-anchor="${left ? "end" : "start"}">${name} ${n}</text></g>`;
  });
  return html`<svg class="map" id="incidence-map" role="img" aria-label="${title}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg">
<title>${title}</title>${silhouette()}${circles}</svg>`;
}

/** A small locator for one case: the country's outline and the place as a dot. */
export function caseMap(point: { latitude: number; longitude: number }): SafeHtml {
  const [x, y] = project(point.latitude, point.longitude);
  return html`<svg class="map" role="img" aria-label="Ubicación aproximada en el mapa del Perú" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${Math.round(WIDTH / 2)}" height="${Math.round(HEIGHT / 2)}" xmlns="http://www.w3.org/2000/svg">
${silhouette()}<circle class="hot" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="9"/></svg>`;
}

/** Horizontal bars, one row per label, largest first as given. */
export function barChart(rows: [string, number][], title: string, options: { highlight?: string } = {}): SafeHtml {
  const labelWidth = 190;
  const barWidth = 300;
  const rowHeight = 22;
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const height = rows.length * rowHeight + 4;
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${labelWidth + barWidth + 50} ${height}" width="${labelWidth + barWidth + 50}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title>${title}</title>
${rows.map(([label, n], i) => {
  const y = i * rowHeight + 2;
  const w = n > 0 ? Math.max(2, (n / max) * barWidth) : 0;
  return html`<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${label}</text>
<rect class="${label === options.highlight ? "bar bar-emergency" : "bar"}" x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 6}"/>
<text x="${(labelWidth + w + 5).toFixed(1)}" y="${y + 15}">${n}</text>`;
})}
</svg>`;
}

/** Vertical columns over time (months, quarters), oldest left. */
export function columnChart(rows: [string, number][], title: string): SafeHtml {
  const col = 34;
  const chartHeight = 140;
  const width = Math.max(200, rows.length * col + 20);
  const height = chartHeight + 40;
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title>${title}</title>
${rows.map(([label, n], i) => {
  const h = n > 0 ? Math.max(2, (n / max) * chartHeight) : 0;
  const x = 10 + i * col;
  return html`<rect class="bar" x="${x + 4}" y="${(chartHeight - h + 16).toFixed(1)}" width="${col - 8}" height="${h.toFixed(1)}"/>
<text x="${x + col / 2}" y="${(chartHeight - h + 12).toFixed(1)}" text-anchor="middle">${n}</text>
<text x="${x + col / 2}" y="${chartHeight + 32}" text-anchor="middle">${label}</text>`;
})}
</svg>`;
}

/** The data behind a chart as a table (inside a <details> so the page stays short). */
export function dataTable(rows: [string, number][], headers: [string, string], summary: string): SafeHtml {
  return html`<details><summary>${summary}</summary><table><thead><tr><th>${headers[0]}</th><th>${headers[1]}</th></tr></thead>
<tbody>${rows.map(([label, n]) => html`<tr><td>${label}</td><td>${n}</td></tr>`)}</tbody></table></details>`;
}
