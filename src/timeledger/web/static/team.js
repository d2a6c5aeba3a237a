// The team page: narrows the member list as you type (the search form also works without this),
// asks before deleting a group, and offers the "Manages" choice only to the roles that use it.
"use strict";

(() => {
  const search = document.getElementById("team-search");
  const members = [...document.querySelectorAll("li.member")];
  const status = document.getElementById("status");
  if (search) {
    search.addEventListener("input", () => {
      const text = search.value.trim().toLowerCase();
      let shown = 0;
      for (const li of members) {
        const match = !text || `${li.dataset.name} ${li.dataset.email}`.toLowerCase().includes(text);
        li.hidden = !match;
        if (match) shown++;
      }
      if (status) {
        status.className = "";
        status.textContent = text ? `${shown} of ${members.length} members match.` : "";
      }
    });
  }

  for (const form of document.querySelectorAll("form.confirm")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  for (const role of document.querySelectorAll("select.role-select")) {
    const target = document.getElementById(role.id.replace(/^role-/, "target-"));
    if (!target) continue;
    const sync = () => {
      const kinds = { TEAM_MANAGER: ["group", "user"], PROJECT_MANAGER: ["project"] }[role.value] || [];
      target.disabled = kinds.length === 0;
      for (const option of target.querySelectorAll("option")) {
        const kind = option.value.split(":")[0];
        option.hidden = option.value !== "" && !kinds.includes(kind);
      }
      if (target.selectedOptions[0]?.hidden) target.value = "";
    };
    role.addEventListener("change", sync);
    sync();
  }
})();
