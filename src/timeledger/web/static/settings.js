// Settings pages: offer the device's own time zone on the preferences form.
"use strict";

(() => {
  const use = document.getElementById("use-browser-zone");
  const field = document.getElementById("my-zone");
  if (!use || !field) return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) { use.hidden = true; return; }
  use.textContent = `Use this device's time zone (${zone})`;
  use.addEventListener("click", () => { field.value = zone; field.focus(); });
})();
