import { html, type SafeHtml } from "../html.ts";
import { csrfField, layout, notice, type PageAuth } from "./layout.ts";
import type { Presenter } from "./present.ts";

/** What the page shows of the WhatsApp connection (the adapter's status). */
export interface WhatsAppView {
  connection: string;
  reason?: string | undefined;
  instruction?: string | undefined;
  pairingCode?: string | undefined;
  reconnectAttempts: number;
  nextRetryAt?: Date | undefined;
}

/** Admins: the connection state, the pairing QR or code while pairing, and reconnect / pair-again actions. */
export function whatsappPage(
  p: Presenter,
  o: { auth: PageAuth; view: WhatsAppView | undefined; qrSvg?: SafeHtml | undefined; message?: string | undefined },
): string {
  const v = o.view;
  const body = v
    ? html`<h1>${p.t("whatsapp.title")}</h1>
${notice(o.message)}
<p class="muted">${p.t("whatsapp.risk")}</p>
<dl class="facts" id="whatsapp-state">
  <dt>${p.t("whatsapp.state")}</dt><dd data-connection="${v.connection}">${p.t(`whatsapp.state_${v.connection}`)}</dd>
  ${v.reason ? html`<dt>${p.t("whatsapp.reason")}</dt><dd>${v.reason}</dd>` : ""}
  ${v.reconnectAttempts ? html`<dt>${p.t("whatsapp.attempts")}</dt><dd>${v.reconnectAttempts}</dd>` : ""}
  ${v.nextRetryAt ? html`<dt>${p.t("whatsapp.next_retry")}</dt><dd>${p.dateTime(v.nextRetryAt)}</dd>` : ""}
</dl>
${v.instruction ? notice(p.has(`console.whatsapp.instruction_${v.reason}`) ? p.t(`whatsapp.instruction_${v.reason}`) : v.instruction, "error") : ""}
${o.qrSvg ? html`<p>${p.t("whatsapp.scan")}</p><div class="qr" id="whatsapp-qr">${o.qrSvg}</div>` : ""}
${v.pairingCode ? html`<p>${p.t("whatsapp.pairing_code")}: <code class="secret" id="whatsapp-pairing-code">${v.pairingCode}</code></p>` : ""}
<form method="post" action="/console/whatsapp/reconnect" class="actions">
  ${csrfField(o.auth)}<button type="submit">${p.t("whatsapp.reconnect")}</button>
</form>
<form method="post" action="/console/whatsapp/unpair" class="panel">
  ${csrfField(o.auth)}<p class="muted">${p.t("whatsapp.unpair_hint")}</p>
  <button type="submit" class="danger">${p.t("whatsapp.unpair")}</button>
</form>`
    : html`<h1>${p.t("whatsapp.title")}</h1>${notice(p.t("whatsapp.disabled"))}`;
  return layout(p, { title: p.t("whatsapp.title"), body, auth: o.auth, narrow: true });
}
