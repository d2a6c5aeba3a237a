// The timesheet: a week of hours by project/task row and day. The server sends the week as JSON;
// a cell is saved with POST /timesheet/cell, which makes the row's time that day what was typed.
"use strict";

(() => {
  const { apiAll, say, guarded, base, csrf, hm, parseDuration, shortDayFormat } = window.TL;
  const grid = JSON.parse(document.getElementById("sheet-data").textContent);
  const lastWeek = JSON.parse(document.getElementById("last-week-data").textContent);
  const body = document.getElementById("sheet-rows");
  const rows = new Map();  // key -> {data, tr, inputs, total}
  const dayTotals = [];
  let weekTotal = null;
  let projects = [];

  const keyOf = (r) => `${r.projectId || ""}/${r.taskId || ""}`;
  const longDay = new Intl.DateTimeFormat(undefined, { timeZone: "UTC", weekday: "long", month: "short", day: "numeric" });
  const dayLabel = (day) => shortDayFormat.format(new Date(`${day}T00:00:00Z`));
  const dayName = (day) => longDay.format(new Date(`${day}T00:00:00Z`));
  const rowName = (r) => [r.project || "No project", r.task].filter(Boolean).join(" · ");

  // --- drawing --------------------------------------------------------------------------------

  function drawFrame() {
    const head = document.getElementById("sheet-days");
    const foot = document.getElementById("sheet-totals");
    grid.days.forEach((day, i) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = dayLabel(day);
      if (grid.closed[i]) {
        th.classList.add("closed");
        th.title = grid.closed[i];
        const lock = document.createElement("span");
        lock.className = "visually-hidden";
        lock.textContent = " (read-only)";
        th.append(lock);
      }
      head.append(th);
      const td = document.createElement("td");
      td.className = "num";
      foot.append(td);
      dayTotals.push(td);
    });
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = "Total";
    head.append(th);
    weekTotal = document.createElement("td");
    weekTotal.className = "num week-total";
    weekTotal.id = "week-total";
    foot.append(weekTotal);
  }

  function addRow(r, { focus = false } = {}) {
    const key = keyOf(r);
    if (rows.has(key)) {
      if (focus) rows.get(key).inputs.find(i => !i.readOnly)?.focus();
      return false;
    }
    const tr = document.createElement("tr");
    tr.dataset.key = key;
    const th = document.createElement("th");
    th.scope = "row";
    const dot = document.createElement("span");
    dot.className = "dot";
    dot.style.background = r.color || "var(--muted)";
    dot.setAttribute("aria-hidden", "true");
    const name = document.createElement("span");
    name.className = "row-name";
    name.textContent = r.project || "No project";
    th.append(dot, name);
    if (r.task) { const t = document.createElement("span"); t.className = "task"; t.textContent = r.task; th.append(t); }
    if (r.client) { const c = document.createElement("span"); c.className = "client"; c.textContent = r.client; th.append(c); }
    tr.append(th);
    const row = { data: r, tr, inputs: [], total: null, error: null };
    grid.days.forEach((day, i) => {
      const td = document.createElement("td");
      const input = document.createElement("input");
      input.type = "text";
      input.inputMode = "decimal";
      input.autocomplete = "off";
      input.className = "cell";
      input.setAttribute("aria-label", `${rowName(r)}, ${dayName(day)}`);
      const seconds = r.seconds[i] || 0;
      input.value = seconds ? hm(seconds) : "";
      input.dataset.saved = input.value;
      input.dataset.seconds = String(seconds);
      const why = grid.closed[i] || (r.running[i] ? "A timer is running in this cell: stop it before typing its hours" : "");
      if (why) {
        input.readOnly = true;
        input.title = why;
        input.setAttribute("aria-description", why);
        td.classList.add("closed");
      }
      input.addEventListener("input", () => updateTotals());
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") { event.preventDefault(); save(row, input, day); }
        if (event.key === "Escape") { input.value = input.dataset.saved; clearError(row, input); updateTotals(); }
      });
      input.addEventListener("change", () => save(row, input, day));
      td.append(input);
      tr.append(td);
      row.inputs.push(input);
    });
    row.total = document.createElement("td");
    row.total.className = "num";
    tr.append(row.total);
    body.append(tr);
    rows.set(key, row);
    updateTotals();
    if (focus) row.inputs.find(i => !i.readOnly)?.focus();
    return true;
  }

  // The seconds a cell stands for now: what is typed when it reads as hours, else what is saved.
  function shown(input) {
    try { const s = parseDuration(input.value); return s === null ? 0 : s; }
    catch { return Number(input.dataset.seconds) || 0; }
  }

  function updateTotals() {
    const days = grid.days.map(() => 0);
    for (const row of rows.values()) {
      let sum = 0;
      row.inputs.forEach((input, i) => { const s = shown(input); sum += s; days[i] += s; });
      row.total.textContent = hm(sum);
    }
    days.forEach((s, i) => { dayTotals[i].textContent = hm(s); });
    weekTotal.textContent = hm(days.reduce((a, b) => a + b, 0));
    document.getElementById("empty-sheet")?.remove();
    if (!rows.size) {
      const tr = document.createElement("tr");
      tr.id = "empty-sheet";
      tr.innerHTML = `<td colspan="${grid.days.length + 2}" class="empty">No time this week yet: add a row below or copy last week’s rows.</td>`;
      body.append(tr);
    }
  }

  // --- saving -----------------------------------------------------------------------------------

  function showError(row, input, text) {
    input.setAttribute("aria-invalid", "true");
    if (!row.error) {
      const tr = document.createElement("tr");
      tr.className = "row-error";
      const td = document.createElement("td");
      td.colSpan = grid.days.length + 2;
      const p = document.createElement("p");
      p.className = "error";
      p.id = `error-${Math.random().toString(36).slice(2)}`;
      p.setAttribute("role", "alert");
      td.append(p);
      tr.append(td);
      row.tr.after(tr);
      row.error = { tr, p };
    }
    row.error.p.textContent = text;
    input.setAttribute("aria-describedby", row.error.p.id);
  }

  function clearError(row, input) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
    if (row.error && !row.inputs.some(i => i.getAttribute("aria-invalid") === "true")) {
      row.error.tr.remove();
      row.error = null;
    }
  }

  async function save(row, input, day) {
    if (input.readOnly || input.dataset.busy) return;
    const typed = input.value;
    let seconds;
    try { seconds = parseDuration(typed) || 0; }
    catch (error) { showError(row, input, error.message); return; }
    if (seconds === Number(input.dataset.seconds) && input.getAttribute("aria-invalid") !== "true") {
      input.value = input.dataset.saved;  // same time, written another way
      return;
    }
    input.dataset.busy = "1";
    input.setAttribute("aria-busy", "true");
    try {
      const response = await fetch("/timesheet/cell", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ projectId: row.data.projectId, taskId: row.data.taskId, day, hours: typed }),
      });
      let data = null;
      try { data = await response.json(); } catch { data = null; }
      if (!response.ok) throw new Error((data && data.message) || `${response.status} ${response.statusText}`);
      input.dataset.seconds = String(data.seconds);
      input.value = data.seconds ? hm(data.seconds) : "";
      input.dataset.saved = input.value;
      clearError(row, input);
      say(`Saved ${rowName(row.data)}, ${dayName(day)}: ${input.value || "cleared"}.`);
    } catch (error) {
      showError(row, input, error.message);  // the typed value stays, to correct
    } finally {
      delete input.dataset.busy;
      input.removeAttribute("aria-busy");
      updateTotals();
    }
  }

  // --- adding rows ------------------------------------------------------------------------------

  async function loadProjects() {
    projects = await apiAll(`${base}/projects?archived=false`, 5000);
    const select = document.getElementById("add-project");
    for (const p of projects.sort((a, b) => a.name.localeCompare(b.name))) {
      const option = document.createElement("option");
      option.value = p.id;
      option.textContent = p.clientName ? `${p.name} (${p.clientName})` : p.name;
      select.append(option);
    }
  }

  async function loadTasks() {
    const projectId = document.getElementById("add-project").value;
    const select = document.getElementById("add-task");
    select.replaceChildren(new Option("No task", ""));
    select.disabled = !projectId;
    if (!projectId) return;
    const list = await apiAll(`${base}/projects/${projectId}/tasks?is-active=true`, 5000);
    for (const t of list.sort((a, b) => a.name.localeCompare(b.name))) select.append(new Option(t.name, t.id));
    select.disabled = false;
  }

  function addFromForm(event) {
    event.preventDefault();
    const projectSelect = document.getElementById("add-project");
    const taskSelect = document.getElementById("add-task");
    const project = projects.find(p => p.id === projectSelect.value);
    const r = { projectId: project ? project.id : null, taskId: taskSelect.value || null,
                project: project ? project.name : "", task: taskSelect.value ? taskSelect.selectedOptions[0].textContent : "",
                client: project ? (project.clientName || "") : "", color: project ? project.color : "",
                seconds: grid.days.map(() => 0), running: grid.days.map(() => false) };
    if (addRow(r, { focus: true })) say(`Added the row ${rowName(r)}: type its hours.`);
    else say(`${rowName(r)} is already on this timesheet.`);
  }

  function copyLastWeek() {
    let added = 0;
    for (const r of lastWeek) if (addRow(r)) added += 1;
    say(added ? `Added ${added} ${added === 1 ? "row" : "rows"} from last week, without hours.`
              : "Every row of last week is already here.");
    [...rows.values()].find(row => row.inputs.some(i => !i.readOnly))?.inputs.find(i => !i.readOnly)?.focus();
  }

  async function copyLastWeekHours() {
    const response = await fetch("/timesheet/copy-hours", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ week: grid.first }),
    });
    let data = null;
    try { data = await response.json(); } catch { data = null; }
    if (!response.ok) throw new Error((data && data.message) || `${response.status} ${response.statusText}`);
    const text = data.filled ? `Copied last week’s hours into ${data.filled} ${data.filled === 1 ? "cell" : "cells"}.`
                             : "Nothing to copy: every cell of last week’s rows already has time this week.";
    location.href = `/timesheet?week=${grid.first}&message=${encodeURIComponent(text)}`;
  }

  drawFrame();
  for (const r of grid.rows) addRow(r);
  updateTotals();
  document.getElementById("add-row").addEventListener("submit", addFromForm);
  document.getElementById("add-project").addEventListener("change", guarded(loadTasks));
  document.getElementById("copy-last-week").addEventListener("click", copyLastWeek);
  document.getElementById("copy-last-week-hours").addEventListener("click", guarded(copyLastWeekHours));
  guarded(loadProjects)();
})();
