import { html } from "../html.ts";
import { csrfField, layout, notice, type PageAuth } from "./layout.ts";
import type { Presenter } from "./present.ts";

export function loginPage(
  p: Presenter,
  o: { csrfToken: string; email?: string; message?: string; error?: string; askTotp?: boolean },
): string {
  const body = html`<h1>${p.t("login.title")}</h1>
${notice(o.message)}${notice(o.error, "error")}
<form method="post" action="/console/login" class="panel" autocomplete="on">
  <input type="hidden" name="_csrf" value="${o.csrfToken}">
  <label for="email">${p.t("login.email")}</label>
  <input id="email" name="email" type="email" required maxlength="254" autocomplete="username" value="${o.email ?? ""}">
  <label for="password">${p.t("login.password")}</label>
  <input id="password" name="password" type="password" required maxlength="256" autocomplete="current-password">
  <label for="totp">${p.t("login.totp")}</label>
  <input id="totp" name="totp" type="text" inputmode="numeric" pattern="[0-9 ]{6,7}" maxlength="7" autocomplete="one-time-code"${o.askTotp ? html` required` : ""}>
  <p class="hint">${p.t("login.totp_hint")}</p>
  <div class="actions"><button type="submit">${p.t("login.submit")}</button></div>
</form>`;
  return layout(p, { title: p.t("login.title"), body, narrow: true });
}

export function passwordPage(p: Presenter, o: { auth: PageAuth; firstTime: boolean; error?: string }): string {
  const body = html`<h1>${p.t("password.title")}</h1>
${o.firstTime ? notice(p.t("password.first_time")) : ""}${notice(o.error, "error")}
<form method="post" action="/console/password" class="panel">
  ${csrfField(o.auth)}
  <input type="text" name="username" autocomplete="username" value="${o.auth.actor.email}" hidden>
  <label for="current">${p.t("password.current")}</label>
  <input id="current" name="current" type="password" required maxlength="256" autocomplete="current-password">
  <label for="next">${p.t("password.new")}</label>
  <input id="next" name="next" type="password" required minlength="12" maxlength="256" autocomplete="new-password">
  <label for="confirm">${p.t("password.confirm")}</label>
  <input id="confirm" name="confirm" type="password" required minlength="12" maxlength="256" autocomplete="new-password">
  <div class="actions"><button type="submit">${p.t("password.submit")}</button></div>
</form>`;
  return layout(p, { title: p.t("password.title"), body, auth: o.auth, narrow: true });
}

export function totpPage(
  p: Presenter,
  o: { auth: PageAuth; required: boolean; enrolled: boolean; secret?: string; qrSvg?: ReturnType<typeof html>; error?: string; message?: string },
): string {
  const form =
    o.enrolled || !o.secret
      ? notice(p.t("totp.already"))
      : html`<form method="post" action="/console/totp" class="panel">
  ${csrfField(o.auth)}
  <p>${p.t("totp.intro")}</p>
  <div class="qr">${o.qrSvg ?? ""}</div>
  <p>${p.t("totp.secret")}: <code class="secret">${o.secret}</code></p>
  <input type="hidden" name="secret" value="${o.secret}">
  <label for="password">${p.t("totp.password")}</label>
  <input id="password" name="password" type="password" required maxlength="256" autocomplete="current-password">
  <label for="code">${p.t("totp.code")}</label>
  <input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]{6,7}" maxlength="7" required autocomplete="one-time-code">
  <div class="actions"><button type="submit">${p.t("totp.submit")}</button></div>
</form>`;
  const body = html`<h1>${p.t("totp.title")}</h1>
${o.required ? notice(p.t("totp.required")) : ""}${notice(o.message)}${notice(o.error, "error")}
${form}`;
  return layout(p, { title: p.t("totp.title"), body, auth: o.auth, narrow: true });
}

export function errorPage(p: Presenter, o: { auth?: PageAuth | undefined; text: string }): string {
  const body = html`<h1>${o.text}</h1><p><a href="/console">${p.t("error.back")}</a></p>`;
  return layout(p, { title: o.text, body, auth: o.auth, narrow: true });
}
