// Kinerja: small progressive enhancements. Every page works without this file.
"use strict";
document.addEventListener("submit", function (ev) {
  var form = ev.target;
  // A button may ask its own question (the "send" beside a plain "save").
  var by = ev.submitter;
  var question = (by && by.getAttribute("data-confirm")) ||
    (form.getAttribute && form.getAttribute("data-confirm"));
  if (question && !window.confirm(question)) {
    ev.preventDefault();
  }
});

// On a phone the menu folds behind one button (the stylesheet hides the list under .js).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.getElementById("menu-toggle");
  var nav = document.getElementById("menu");
  if (!toggle || !nav) return;
  toggle.addEventListener("click", function () {
    var open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
});

// Leaving a page with typed, unsent text asks first. A form opts out with data-no-guard
// (sign-in, searches); sending any form ends the guard for the page.
(function () {
  var dirty = false;
  document.addEventListener("input", function (ev) {
    var form = ev.target && ev.target.form;
    if (form && (form.method || "").toLowerCase() === "post" && !form.hasAttribute("data-no-guard")) {
      dirty = true;
    }
  });
  document.addEventListener("submit", function (ev) {
    if (!ev.defaultPrevented) dirty = false;
  });
  window.addEventListener("beforeunload", function (ev) {
    if (dirty) {
      ev.preventDefault();
      ev.returnValue = "";
    }
  });
})();

// A refused form: bring its first message and field into view and put the cursor there,
// however far down the page the form is. On "load", after the browser's own jump to the
// form's anchor, so that this one wins.
window.addEventListener("load", function () {
  var field = document.querySelector("main [aria-invalid='true']");
  var alert = document.querySelector("main .alert[role='alert'], main .field-error");
  if (!field && alert) {
    var scope = alert.closest("form, details, section") || alert.parentNode;
    field = scope.querySelector("input:not([type=hidden]), select, textarea");
  }
  // The field's own form's messages first, when the field has a form.
  var near = field && field.form && field.form.querySelector(".alert[role='alert']");
  if (near) alert = near;
  if (alert) alert.scrollIntoView({ block: "start" });
  if (field) field.focus({ preventScroll: !!alert });
});

// The penilai's choices: the saran and the predikat they give, shown while choosing (the
// server computes them by the saved rules; without this, they appear after Simpan).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-preview]");
  if (!form || !window.fetch) return;
  var timer = null;
  function show(id, text) {
    var e = document.getElementById(id);
    if (!e) return;
    if (text) { e.textContent = text; e.hidden = false; } else { e.hidden = true; }
  }
  function refresh() {
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute("data-preview"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (p) {
      if (!p) return;
      show("saran-rating_hasil", p.saran_hasil);
      show("saran-rating_perilaku", p.saran_perilaku);
      if (p.saran_hasil) { var b = document.getElementById("box-alasan_hasil"); if (b) b.hidden = false; }
      if (p.saran_perilaku) { var c = document.getElementById("box-alasan_perilaku"); if (c) c.hidden = false; }
      var live = document.getElementById("predikat-live");
      if (live) {
        live.querySelector("span").textContent = p.predikat || "";
        live.hidden = !p.predikat;
      }
    }).catch(function () {});
  }
  form.addEventListener("change", function (ev) {
    if (ev.target && ev.target.tagName === "SELECT") {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    }
  });
});
