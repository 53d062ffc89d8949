// trata-bot operator console: the only script (served from /console/static/console.js; the CSP allows no
// inline scripts). Progressive enhancement: every page works without it.
(function () {
  "use strict";

  // Live queue: the server says "a report arrived" (urgency only) and the rows are fetched again.
  var rows = document.getElementById("queue-rows");
  var live = document.getElementById("live");
  if (rows && live && window.EventSource) {
    var source = new EventSource("/console/events");
    source.addEventListener("report", function (event) {
      var urgency = "";
      try {
        urgency = JSON.parse(event.data).urgency;
      } catch {
        urgency = "";
      }
      refresh(urgency === "emergency");
    });
    source.addEventListener("end", function () {
      source.close();
    });
    var refresh = function (emergency) {
      fetch("/console/queue/rows" + window.location.search, {
        credentials: "same-origin",
        headers: { "x-console-background": "1" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.text();
        })
        .then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          var fresh = doc.getElementById("queue-rows");
          if (!fresh) return;
          rows.replaceChildren.apply(rows, Array.prototype.slice.call(fresh.childNodes));
          live.textContent = emergency ? live.getAttribute("data-emergency") : live.getAttribute("data-new");
          live.hidden = false;
          live.classList.toggle("alert-emergency", emergency);
        })
        .catch(function () {
          /* the next event or a reload will catch up */
        });
    };
  }

  // Ficha: print button.
  var print = document.getElementById("print");
  if (print) {
    print.addEventListener("click", function () {
      window.print();
    });
  }

  // Status form: show the referral fields only for "referred", the outcome only for "closed".
  var to = document.getElementById("to");
  if (to) {
    var sync = function () {
      var referral = document.getElementById("field-referral");
      var outcome = document.getElementById("field-outcome");
      if (referral) referral.hidden = to.value !== "referred";
      if (outcome) outcome.hidden = to.value !== "closed";
    };
    to.addEventListener("change", sync);
    sync();
  }
})();
