// Progressive enhancement of the pages (plain JavaScript; every page works without it).
"use strict";
(function () {
  // A running audit: poll its status, move the progress bar, reload when it is finished.
  var box = document.querySelector("[data-status-url]");
  if (box) {
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-status-label]");
    var tick = function () {
      fetch(box.getAttribute("data-status-url"), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (bar) { bar.value = s.progress; }
          if (label) { label.textContent = s.label; }
          if (s.status !== box.getAttribute("data-status") &&
              (s.status === "done" || s.status === "failed")) { window.location.reload(); }
          else if (s.status === "done" || s.status === "failed") { return; }
          else { window.setTimeout(tick, 1000); }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    };
    window.setTimeout(tick, 1000);
  }
  // Forms that take a while (uploads, audits): one submission, and say so.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-busy]"), function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = form.getAttribute("data-busy"); }
    });
  });
})();
