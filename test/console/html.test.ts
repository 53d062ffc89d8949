import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, html } from "../../src/console/html.ts";

describe("html template", () => {
  it("should escape every interpolated value, once", () => {
    const evil = `<script>alert("x")</script>' onload=\`y\` &amp;`;
    const out = html`<p title="${evil}">${evil}</p>`.value;
    expect(out).not.toContain("<script>");
    expect(out).toBe(`<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`);
    const nested = html`<div>${html`<b>${evil}</b>`}</div>`.value;
    expect(nested).toBe(`<div><b>${escapeHtml(evil)}</b></div>`);
    expect(html`${["<a>", html`<i>ok</i>`, undefined, null, false, 0]}`.value).toBe("&lt;a&gt;<i>ok</i>0");
  });

  it("should never let a string open a tag or an attribute", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = html`<span data-x="${s}">${s}</span>`.value;
        const inner = out.slice('<span data-x="'.length, -"</span>".length);
        return !/[<>"'`]/.test(inner.replace('">', ""));
      }),
    );
  });
});
