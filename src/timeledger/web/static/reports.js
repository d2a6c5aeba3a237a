// The reports page: the custom dates show only for a custom range, and a changed range, grouping
// or billable choice applies at once. Everything else is a plain GET form and links.
"use strict";

(() => {
  const form = document.querySelector("form.filters");
  if (!form) return;
  const range = document.getElementById("range");
  const custom = form.querySelectorAll(".custom");
  function showDates() {
    const on = range.value === "custom";
    custom.forEach(box => { box.hidden = !on; box.querySelector("input").required = on; });
  }
  range.addEventListener("change", () => { showDates(); if (range.value !== "custom") form.requestSubmit(); });
  for (const id of ["group", "subgroup", "weekly_by", "billable"]) {
    document.getElementById(id)?.addEventListener("change", () => form.requestSubmit());
  }
  showDates();
  // Exports are plain links; say so while the browser fetches the file.
  document.querySelectorAll(".exports a").forEach(link => link.addEventListener("click", () => {
    TL.say(`Preparing the ${link.textContent.trim()} file…`);
  }));
})();
