/**
 * A tiny escape-everything template: every interpolated value is HTML-escaped unless it is already `SafeHtml`
 * (the result of another `html` template). Arrays are joined; `undefined`, `null` and `false` render nothing.
 * There is deliberately no way to mark a plain string as safe except `trustedHtml` for our own constants.
 *
 * @example html`<p title="${title}">${text}</p>` // both escaped
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (ch) => ESCAPES[ch]!);
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** For markup we generate ourselves from constants (e.g. an SVG from the qrcode library). */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
