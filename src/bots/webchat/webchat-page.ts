/**
 * The local web chat page: plain HTML + one small script (served from /chat.js so the CSP needs no inline
 * scripts). Works on a phone screen, buttons are real buttons, the log is a live region for screen readers.
 * The conversation id lives only in this tab (sessionStorage) and "Salir" wipes it. The page's own words
 * follow the language of the bot's last message (Spanish until the person chooses).
 */
export function webchatPage(): string {
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Chat de orientación</title>
<link rel="stylesheet" href="/chat.css">
</head>
<body>
<header>
  <h1>Chat de orientación</h1>
  <button type="button" id="exit" class="exit" aria-label="Salir rápido y borrar esta conversación">Salir rápido</button>
</header>
<p class="sos"><span id="sos">En peligro ahora:</span> <a href="tel:105">105</a> · <a href="tel:100">Línea 100</a> · <a href="tel:1818">1818</a></p>
<main id="log" role="log" aria-live="polite" aria-relevant="additions"></main>
<form id="form" autocomplete="off">
  <label for="text" class="visually-hidden">Tu mensaje</label>
  <input id="text" name="text" maxlength="4000" placeholder="Escribe aquí…" autocomplete="off">
  <button type="submit" id="send">Enviar</button>
</form>
<script src="/chat.js"></script>
</body>
</html>`;
}

export const WEBCHAT_CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.4 system-ui,sans-serif;background:#f4f4f6;color:#1b1b1f;display:flex;flex-direction:column;height:100vh}
header{display:flex;justify-content:space-between;align-items:center;padding:.5rem .75rem;background:#3b2f6b;color:#fff}
h1{font-size:1.05rem;margin:0}.exit{background:#fff;color:#3b2f6b;border:0;border-radius:6px;padding:.4rem .7rem;font-weight:600}
.sos{margin:0;padding:.35rem .75rem;background:#fff3cd;font-size:.9rem}.sos a{color:#7a1c1c;font-weight:700}
main{flex:1;overflow-y:auto;padding:.75rem;display:flex;flex-direction:column;gap:.5rem}
.msg{max-width:85%;padding:.55rem .75rem;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}
.bot{background:#fff;align-self:flex-start;border:1px solid #ddd}.me{background:#3b2f6b;color:#fff;align-self:flex-end}
.buttons{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.5rem}
.buttons button{border:1px solid #3b2f6b;background:#fff;color:#3b2f6b;border-radius:18px;padding:.45rem .8rem;font-size:.95rem;min-height:44px}
form{display:flex;gap:.4rem;padding:.5rem;background:#fff;border-top:1px solid #ddd}
input{flex:1;font-size:1rem;padding:.6rem;border:1px solid #bbb;border-radius:8px;min-height:44px}
form button{background:#3b2f6b;color:#fff;border:0;border-radius:8px;padding:0 1rem;font-size:1rem;min-height:44px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

export const WEBCHAT_JS = `
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("form");
  var input = document.getElementById("text");
  var key = "trata-bot-webchat-id";
  function newId() {
    var bytes = new Uint8Array(16); crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  var id = sessionStorage.getItem(key) || newId();
  sessionStorage.setItem(key, id);
  var busy = false;
  var TEXTS = {
    es: { share: "📍 Compartir ubicación", noLocation: "No se pudo obtener la ubicación. Escribe el lugar.",
      offline: "No hay conexión. Si estás en peligro, llama al 105 o a la Línea 100.", placeholder: "Escribe aquí…",
      send: "Enviar", exit: "Salir rápido", exitLabel: "Salir rápido y borrar esta conversación", sos: "En peligro ahora:" },
    en: { share: "📍 Share location", noLocation: "Couldn't get your location. Type the place.",
      offline: "No connection. If you are in danger, call 105 or Línea 100.", placeholder: "Type here…",
      send: "Send", exit: "Quick exit", exitLabel: "Quick exit: erase this conversation", sos: "In danger now:" },
    qu: { share: "📍 Maypi kasqayta kachay", noLocation: "Mana maypi kasqaykita tariyta atinichu. Llaqtaq sutinta qillqay.",
      offline: "Mana conexión kanchu. Peligropi kaspaqa, 105 utaq Línea 100 nisqaman waqyay.", placeholder: "Kaypi qillqay…",
      send: "Kachay", exit: "Usqhaylla lluqsiy", exitLabel: "Usqhaylla lluqsiy, kay rimanakuyta pichay", sos: "Kunan peligropi:" }
  };
  var lang = "es";
  function t(k) { return TEXTS[lang][k]; }
  function setLanguage(locale) {
    if (!TEXTS[locale] || locale === lang) return;
    lang = locale;
    document.documentElement.lang = locale;
    input.placeholder = t("placeholder");
    document.getElementById("send").textContent = t("send");
    var exit = document.getElementById("exit");
    exit.textContent = t("exit");
    exit.setAttribute("aria-label", t("exitLabel"));
    document.getElementById("sos").textContent = t("sos");
  }

  function add(text, who) {
    var div = document.createElement("div");
    div.className = "msg " + who;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }
  function render(messages) {
    (messages || []).forEach(function (m) {
      setLanguage(m.locale);
      var div = add(m.text, "bot");
      var buttons = (m.buttons || []).slice();
      if (buttons.length || m.requestLocation) {
        var row = document.createElement("div");
        row.className = "buttons";
        if (m.requestLocation && navigator.geolocation) {
          var loc = document.createElement("button");
          loc.type = "button"; loc.textContent = t("share");
          loc.addEventListener("click", function () {
            navigator.geolocation.getCurrentPosition(function (p) {
              send({ location: { latitude: p.coords.latitude, longitude: p.coords.longitude } }, "📍");
            }, function () { add(t("noLocation"), "bot"); });
          });
          row.appendChild(loc);
        }
        buttons.forEach(function (b) {
          var btn = document.createElement("button");
          btn.type = "button"; btn.textContent = b.label;
          btn.addEventListener("click", function () { send({ choice: b.id }, b.label); });
          row.appendChild(btn);
        });
        div.appendChild(row);
      }
    });
  }
  function send(body, echo) {
    if (busy) return;
    busy = true;
    body.messageId = newId();
    if (echo) add(echo, "me");
    fetch("/api/webchat/" + id + "/messages", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).then(function (data) {
      render(data.messages);
      if (!data.messages && data.error) add(data.error.message, "bot");
    }).catch(function () {
      add(t("offline"), "bot");
    }).finally(function () { busy = false; input.focus(); });
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text: text }, text);
  });
  document.getElementById("exit").addEventListener("click", function () {
    fetch("/api/webchat/" + id + "/messages", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: "borrar" })
    }).finally(function () {
      sessionStorage.removeItem(key);
      log.textContent = "";
      location.replace("about:blank");
    });
  });
  setInterval(function () {
    if (busy || document.hidden) return;
    fetch("/api/webchat/" + id + "/messages").then(function (r) { return r.json(); })
      .then(function (data) { render(data.messages); }).catch(function () {});
  }, 5000);
  if (log.children.length === 0) send({ text: "hola" });
})();
`;
