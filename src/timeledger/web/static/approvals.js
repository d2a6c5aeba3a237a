// The approvals page posts plain forms; this only keeps a second click from sending one twice.
"use strict";

(() => {
  document.querySelectorAll("main form[method=post]").forEach(form => {
    form.addEventListener("submit", event => {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      // Disable after the browser has read the pressed button's name and value.
      setTimeout(() => form.querySelectorAll("button").forEach(b => { b.disabled = true; }), 0);
    });
  });
})();
