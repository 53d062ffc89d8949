import { caseReference } from "../../app/console/case-reference.ts";
import type { ReferralSheet } from "../../app/console/get-referral-sheet.ts";
import { html } from "../html.ts";
import { triageList } from "./case-page.ts";
import { factList } from "./facts.ts";
import { layout, type PageAuth } from "./layout.ts";
import type { Presenter } from "./present.ts";

/**
 * The printable ficha de derivación. By construction it has no reporter identity: the sheet carries no
 * reporter link, no chat address and no receipt code — only the console's own case reference.
 */
export function fichaPage(p: Presenter, o: { auth: PageAuth; sheet: ReferralSheet }): string {
  const s = o.sheet;
  const c = s.summary;
  const ref = caseReference(c.id);
  const body = html`<p class="noprint"><a href="/console/cases/${c.id}">${p.t("case.back")}</a> · <button type="button" id="print">${p.t("ficha.print")}</button></p>
<article class="ficha">
<h1>${p.t("ficha.title")}</h1>
<p class="notice">${p.t("ficha.notice")}</p>
<dl class="facts">
  <dt>${p.t("ficha.reference")}</dt><dd id="ficha-ref"><strong>${ref}</strong></dd>
  <dt>${p.t("case.received")}</dt><dd>${p.dateTime(c.createdAt)}</dd>
  <dt>${p.t("case.status")}</dt><dd>${p.t(`status.${c.status}`)}</dd>
  <dt>${p.t("ficha.destination")}</dt><dd>${c.referredTo ? p.t(`destination.${c.referredTo}`) : p.t("ficha.destination_none")}${c.referredAt ? ` · ${p.date(c.referredAt)}` : ""}</dd>
  <dt>${p.t("case.place")}</dt><dd>${p.place(c) ?? p.t("case.place_unknown")}</dd>
</dl>
<h2>${p.t("case.triage")}</h2>
${triageList(p, c)}
<h2>${p.t("case.facts")}</h2>
${factList(p, s.facts)}
${
  s.additions.length
    ? html`<h2>${p.t("ficha.additions")}</h2><ol class="timeline">${s.additions.map(
        (a) => html`<li class="reporter"><time datetime="${a.at.toISOString()}">${p.dateTime(a.at)}</time><p class="text">${a.text}</p></li>`,
      )}</ol>`
    : ""
}
<p class="muted">${p.t("ficha.prepared", { by: s.preparedBy, at: p.dateTime(s.preparedAt) })}</p>
</article>`;
  return layout(p, { title: `${p.t("ficha.title")} ${ref}`, body, auth: o.auth });
}
