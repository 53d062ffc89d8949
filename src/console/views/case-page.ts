import { caseReference } from "../../app/console/case-reference.ts";
import { OUTCOMES, REFERRAL_DESTINATIONS, TRANSITIONS } from "../../app/console/case-workflow.ts";
import type { CaseSummary } from "../../app/console/ports.ts";
import type { CaseView, TimelineEntry } from "../../app/console/view-case.ts";
import { html, type SafeHtml } from "../html.ts";
import { caseMap } from "./charts.ts";
import { factList } from "./facts.ts";
import { csrfField, layout, notice, type PageAuth } from "./layout.ts";
import type { Presenter } from "./present.ts";
import { kindLabel, urgencyBadge } from "./queue-page.ts";

/** Triage block, shared with the ficha. */
export function triageList(p: Presenter, c: CaseSummary): SafeHtml {
  const none = p.t("case.none");
  return html`<dl class="facts">
  <dt>${p.t("case.urgency")}</dt><dd>${urgencyBadge(p, c.urgency)}</dd>
  <dt>${p.t("case.categories")}</dt><dd>${c.categories.map((x) => p.t(`category.${x}`)).join(", ") || none}</dd>
  <dt>${p.t("case.minor")}</dt><dd>${c.minor ? p.t("yes") : p.t("no")}</dd>
  <dt>${p.t("case.referrals")}</dt><dd>${c.referrals.map((r) => p.t(`referral.${r}`)).join(", ") || none}</dd>
  <dt>${p.t("case.reasons")}</dt><dd>${c.reasons.length ? html`<ul>${c.reasons.map((r) => html`<li>${p.reason(r)}</li>`)}</ul>` : none}</dd>
</dl>`;
}

function timelineItem(p: Presenter, e: TimelineEntry, names: Record<string, string>): SafeHtml {
  const when = html`<time datetime="${e.at.toISOString()}">${p.dateTime(e.at)}</time>`;
  switch (e.kind) {
    case "reporter":
      return html`<li class="reporter">${when} · <strong>${p.t("case.entry_reporter")}</strong><p class="text">${e.text}</p></li>`;
    case "operator":
      return html`<li class="operator">${when} · <strong>${p.t("case.entry_operator", { by: e.by ?? "?" })}</strong><p class="text">${e.text}</p>${
        e.readAt ? html`<span class="muted">${p.t("case.entry_read", { at: p.dateTime(e.readAt) })}</span>` : ""
      }</li>`;
    case "note":
      return html`<li class="note">${when} · <strong>${p.t("case.entry_note", { by: e.by ?? "?" })}</strong><p class="text">${e.text}</p></li>`;
    case "event":
      return html`<li>${when} · ${eventText(p, e, names)}</li>`;
  }
}

function eventText(p: Presenter, e: Extract<TimelineEntry, { kind: "event" }>, names: Record<string, string>): string {
  const d = e.details ?? {};
  if (e.action === "case.assigned")
    return typeof d.to === "string"
      ? p.t("case.event_assigned", { by: e.by, to: names[d.to] ?? "?" })
      : p.t("case.event_unassigned", { by: e.by });
  if (e.action === "case.status_changed") {
    let text = p.t("case.event_status", { by: e.by, from: p.t(`status.${String(d.from)}`), to: p.t(`status.${String(d.to)}`) });
    if (typeof d.referredTo === "string") text += ` · ${p.t(`destination.${d.referredTo}`)}`;
    if (typeof d.outcome === "string") text += ` · ${p.t(`outcome.${d.outcome}`)}`;
    return text;
  }
  if (e.action === "case.message_sent")
    return p.t("case.event_message", { by: e.by, delivery: p.t(`case.delivery_${String(d.delivery)}`) });
  return e.action;
}

function workflowPanel(p: Presenter, v: CaseView, auth: PageAuth): SafeHtml {
  const c = v.summary;
  const next = TRANSITIONS[c.status];
  const assigneeOptions = v.assignable.map(
    (a) => html`<option value="${a.id}"${a.id === c.assigneeId ? html` selected` : ""}>${a.email}</option>`,
  );
  return html`<section class="panel" aria-labelledby="h-workflow">
<h2 id="h-workflow">${p.t("case.workflow")}</h2>
<dl class="facts">
  <dt>${p.t("case.status")}</dt><dd><span class="badge status" id="current-status">${p.t(`status.${c.status}`)}</span></dd>
  <dt>${p.t("case.assignee")}</dt><dd>${c.assigneeId ? (v.names[c.assigneeId] ?? "?") : p.t("case.unassign")}</dd>
  ${c.referredTo ? html`<dt>${p.t("case.referred_to")}</dt><dd>${p.t(`destination.${c.referredTo}`)}</dd>` : ""}
  ${c.referredAt ? html`<dt>${p.t("case.referred_at")}</dt><dd>${p.date(c.referredAt)}</dd>` : ""}
  ${c.outcome ? html`<dt>${p.t("case.outcome")}</dt><dd>${p.t(`outcome.${c.outcome}`)}</dd>` : ""}
  ${c.closedAt ? html`<dt>${p.t("case.closed_at")}</dt><dd>${p.dateTime(c.closedAt)}</dd>` : ""}
</dl>
<form method="post" action="/console/cases/${c.id}/assign">
  ${csrfField(auth)}
  <label for="assignee">${p.t("case.assign")}</label>
  <select id="assignee" name="assignee">
    <option value="">${p.t("case.unassign")}</option>
    ${assigneeOptions}
  </select>
  <div class="actions"><button type="submit">${p.t("case.assign")}</button></div>
</form>
<form method="post" action="/console/cases/${c.id}/assign">
  ${csrfField(auth)}<input type="hidden" name="assignee" value="me">
  <div class="actions"><button type="submit" class="secondary" id="assign-me">${p.t("case.assign_me")}</button></div>
</form>
${
  next.length === 0
    ? html`<p>${p.t("case.no_transitions")}</p>`
    : html`<form method="post" action="/console/cases/${c.id}/status">
  ${csrfField(auth)}<input type="hidden" name="from" value="${c.status}">
  <label for="to">${p.t("case.new_status")}</label>
  <select id="to" name="to">${next.map((s) => html`<option value="${s}">${p.t(`status.${s}`)}</option>`)}</select>
  <div id="field-referral">
    <label for="destination">${p.t("case.destination")}</label>
    <select id="destination" name="destination"><option value=""></option>${REFERRAL_DESTINATIONS.map(
      (d) => html`<option value="${d}">${p.t(`destination.${d}`)}</option>`,
    )}</select>
    <label for="referredAt">${p.t("case.when_referred")}</label>
    <input id="referredAt" name="referredAt" type="date">
  </div>
  <div id="field-outcome">
    <label for="outcome">${p.t("case.outcome_field")}</label>
    <select id="outcome" name="outcome"><option value=""></option>${OUTCOMES.map(
      (o) => html`<option value="${o}">${p.t(`outcome.${o}`)}</option>`,
    )}</select>
  </div>
  <div class="actions"><button type="submit">${p.t("case.save_status")}</button></div>
</form>`
}
<p><a class="button secondary" href="/console/cases/${c.id}/ficha" id="ficha-link">${p.t("case.ficha")}</a></p>
</section>`;
}

/** The case's photos, each served by its own no-store, audited route. */
function photoList(p: Presenter, caseId: string, photos: CaseView["photos"]): SafeHtml | string {
  if (photos.length === 0) return "";
  return html`<h2>${p.t("case.photos")}</h2>
<ul class="photos">${photos.map(
    (photo, i) => html`<li><a href="/console/cases/${caseId}/photos/${photo.id}"><img src="/console/cases/${caseId}/photos/${photo.id}" alt="${p.t("case.photo_alt", { n: i + 1 })}" width="${String(Math.min(photo.width, 320))}" loading="lazy"></a></li>`,
  )}</ul>
<p class="muted">${p.t("case.photos_hint")}</p>`;
}

export function casePage(
  p: Presenter,
  o: { auth: PageAuth; view: CaseView; message?: string | undefined; error?: string | undefined; place?: { latitude: number; longitude: number } | undefined },
): string {
  const v = o.view;
  const c = v.summary;
  const ref = caseReference(c.id);
  const reachHint =
    v.reach.type === "chat"
      ? p.t("case.message_hint_chat", { channel: p.t(`channel.${v.reach.channel}`) })
      : p.t("case.message_hint_code");
  const body = html`<p class="noprint"><a href="/console">${p.t("case.back")}</a></p>
<h1>${p.t("case.title", { ref })} ${urgencyBadge(p, c.urgency)}${c.minor ? html` <span class="badge minor">${p.t("queue.minor_flag")}</span>` : ""}</h1>
<p class="muted">${p.t("case.received")}: ${p.dateTime(c.createdAt)} · ${p.t("case.channel")}: ${p.t(`channel.${c.channel}`)} · ${p.t("case.language")}: ${c.locale} · ${p.t("case.code_tail", { tail: c.codeTail })}</p>
${notice(o.message)}${notice(o.error, "error")}
<div class="grid">
<section class="panel" aria-labelledby="h-facts">
  <h2 id="h-facts">${p.t("case.facts")}</h2>
  ${factList(p, v.facts)}
  ${photoList(p, c.id, v.photos)}
  <h2>${p.t("case.place")}</h2>
  <p>${p.place(c) ?? p.t("case.place_unknown")}</p>
  ${o.place ? caseMap(o.place) : ""}
</section>
<section class="panel" aria-labelledby="h-triage">
  <h2 id="h-triage">${p.t("case.triage")}</h2>
  <p class="muted">${kindLabel(p, c.kind)}</p>
  ${triageList(p, c)}
</section>
${workflowPanel(p, v, o.auth)}
<section class="panel" aria-labelledby="h-message">
  <h2 id="h-message">${p.t("case.message")}</h2>
  <p class="hint">${reachHint}</p>
  <p class="hint">${p.t("case.message_warning")}</p>
  <form method="post" action="/console/cases/${c.id}/messages">
    ${csrfField(o.auth)}
    <label for="message-text">${p.t("case.message")}</label>
    <textarea id="message-text" name="text" maxlength="2000" required></textarea>
    <div class="actions"><button type="submit">${p.t("case.send_message")}</button></div>
  </form>
  <h2>${p.t("case.note")}</h2>
  <p class="hint">${p.t("case.note_hint")}</p>
  <form method="post" action="/console/cases/${c.id}/notes">
    ${csrfField(o.auth)}
    <label for="note-text">${p.t("case.note")}</label>
    <textarea id="note-text" name="text" maxlength="4000" required></textarea>
    <div class="actions"><button type="submit" class="secondary">${p.t("case.add_note")}</button></div>
  </form>
</section>
</div>
<section class="panel" aria-labelledby="h-timeline">
<h2 id="h-timeline">${p.t("case.timeline")}</h2>
<ol class="timeline">
<li><time datetime="${c.createdAt.toISOString()}">${p.dateTime(c.createdAt)}</time> · ${p.t("case.created_event", { channel: p.t(`channel.${c.channel}`) })}</li>
${v.timeline.map((e) => timelineItem(p, e, v.names))}
</ol>
</section>`;
  return layout(p, { title: p.t("case.title", { ref }), body, auth: o.auth });
}
