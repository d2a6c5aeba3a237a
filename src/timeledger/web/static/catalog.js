// Projects, clients and tags: the lists filter as you type (over the rows of the page; the
// Search button asks the server for all of them) and the Show/Client pickers apply at once.
// Everything else is plain forms, which work without this script.
"use strict";

(() => {
  const fold = text => text.toLocaleLowerCase().normalize("NFD").replace(/\p{Diacritic}/gu, "");

  for (const box of document.querySelectorAll("input[data-filter]")) {
    const list = document.getElementById(box.dataset.filter);
    const count = document.getElementById(`${box.id}-count`);
    if (!list) continue;
    const rows = [...list.querySelectorAll("[data-search]")];
    const apply = () => {
      const words = fold(box.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const row of rows) {
        const text = fold(row.dataset.search);
        row.hidden = !words.every(word => text.includes(word));
        if (!row.hidden) shown++;
      }
      if (count) count.textContent = words.length ? `${shown} of ${rows.length} shown` : "";
    };
    box.addEventListener("input", apply);
    // Escape clears the search; "/" anywhere else jumps to it, as in most list views.
    box.addEventListener("keydown", event => {
      if (event.key === "Escape" && box.value) { box.value = ""; apply(); }
    });
    document.addEventListener("keydown", event => {
      const typing = event.target.closest("input, textarea, select, [contenteditable]");
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        box.focus();
      }
    });
  }

  for (const picker of document.querySelectorAll("select[data-autosubmit]")) {
    picker.addEventListener("change", () => picker.form.requestSubmit());
  }

  // A details element opened to edit or confirm puts the caret in its first field or button.
  for (const details of document.querySelectorAll("details.edit, details.confirm")) {
    details.addEventListener("toggle", () => {
      if (details.open) details.querySelector("input:not([type=hidden]), button")?.focus();
    });
  }
})();
