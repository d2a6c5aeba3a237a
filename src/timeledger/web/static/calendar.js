// The calendar: the user's entries as blocks by wall-clock time in their zone, a day or a week at a
// time. An entry crossing midnight shows on both days; a DST day keeps its 24 wall-clock rows (the
// skipped hour stays empty, the repeated one overlaps). Entries are read and written through our
// Clockify-compatible API.
"use strict";

(() => {
  const { page, api, apiAll, say, base, zone, timeFormat, localDay, addDays, windowQuery, instantOf } = window.TL;
  const HOUR = 48;  // pixels per hour, as --hour in calendar.css
  const grid = document.getElementById("cal-grid");
  const days = grid.dataset.days.split(" ");
  const today = grid.dataset.today;
  const dialog = document.getElementById("entry-dialog");
  const form = document.getElementById("entry-form");
  const field = (name) => document.getElementById(`entry-${name}`);
  const columns = new Map();  // day -> its column element
  let projects = new Map();
  let entries = [];
  let editing = null;  // the entry open in the dialog; null while creating one
  let ticker = null;

  const hour12 = page.timeFormat === "HOUR12";
  const wallFormat = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", hour: "2-digit", minute: "2-digit" });
  const headFormat = new Intl.DateTimeFormat(undefined, { timeZone: "UTC", weekday: "short", month: "short", day: "numeric" });
  const longFormat = new Intl.DateTimeFormat(undefined, { timeZone: "UTC", weekday: "long", month: "long", day: "numeric" });
  const dayName = (day) => longFormat.format(new Date(`${day}T00:00:00Z`));

  function wallMinutes(date) {  // minutes after local midnight on the wall clock of the user's zone
    const parts = Object.fromEntries(wallFormat.formatToParts(date).map(p => [p.type, p.value]));
    return (Number(parts.hour) % 24) * 60 + Number(parts.minute);
  }
  const hhmm = (m) => `${String(Math.floor(m / 60) % 24).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const hourLabel = (h) => hour12 ? `${h % 12 || 12} ${h < 12 ? "AM" : "PM"}` : `${String(h).padStart(2, "0")}:00`;

  // --- the frame ------------------------------------------------------------------------------

  function drawFrame() {
    const corner = document.createElement("div");
    corner.className = "cal-corner";
    grid.append(corner);
    for (const day of days) {
      const head = document.createElement("div");
      head.className = "cal-dayhead";
      if (day === today) head.classList.add("today");
      const link = document.createElement("a");
      link.href = `/calendar?view=day&date=${day}`;
      link.textContent = headFormat.format(new Date(`${day}T00:00:00Z`));
      link.setAttribute("aria-label", `${dayName(day)} (day view)`);
      head.append(link);
      head.append(Object.assign(document.createElement("span"), { className: "day-total" }));
      grid.append(head);
    }
    const times = document.createElement("div");
    times.className = "cal-times";
    times.setAttribute("aria-hidden", "true");
    for (let h = 1; h < 24; h++) {
      const label = document.createElement("span");
      label.style.top = `${h * HOUR}px`;
      label.textContent = hourLabel(h);
      times.append(label);
    }
    grid.append(times);
    for (const day of days) {
      const column = document.createElement("div");
      column.className = "cal-day";
      column.dataset.day = day;
      column.setAttribute("role", "group");
      column.setAttribute("aria-label", dayName(day));
      column.addEventListener("click", (event) => {
        if (event.target !== column) return;  // a block handles its own click
        const minute = Math.min(23 * 60 + 45, Math.max(0, Math.floor(event.offsetY / HOUR * 4) * 15));
        openCreate(day, minute);
      });
      grid.append(column);
      columns.set(day, column);
    }
  }

  // --- the entries ----------------------------------------------------------------------------

  async function loadProjects() {
    const list = await apiAll(`${base}/projects?archived=false`, 5000);
    projects = new Map(list.map(p => [p.id, p]));
    const select = field("project");
    for (const p of list.sort((a, b) => a.name.localeCompare(b.name))) {
      select.append(new Option(p.clientName ? `${p.name} (${p.clientName})` : p.name, p.id));
    }
  }

  async function load() {
    const mine = `${base}/user/${page.user}/time-entries`;
    // From the day before: an entry that starts then may run past midnight into the first day.
    const [list, running] = await Promise.all([
      apiAll(`${mine}?${windowQuery(addDays(days[0], -1), days[days.length - 1])}`, 1000),
      api("GET", `${mine}?in-progress=true&page-size=1`)]);
    const byId = new Map(list.map(e => [e.id, e]));
    for (const e of running) byId.set(e.id, e);
    entries = [...byId.values()];
    draw();
  }

  // The parts of the entries on `day`: [{entry, top, bottom}] in wall-clock minutes of that day.
  function segments(day, now) {
    const dayStart = instantOf(day, "00:00");
    const dayEnd = instantOf(addDays(day, 1), "00:00");
    const found = [];
    for (const e of entries) {
      const start = new Date(e.timeInterval.start);
      const end = e.timeInterval.end ? new Date(e.timeInterval.end) : now;
      if (end <= dayStart || start >= dayEnd || (end <= start && e.timeInterval.end)) continue;
      const top = start <= dayStart ? 0 : wallMinutes(start);
      let bottom = end >= dayEnd ? 24 * 60 : wallMinutes(end);
      if (bottom < top + 15) bottom = Math.min(24 * 60, top + 15);  // short ones stay clickable
      found.push({ entry: e, top, bottom, seconds: (Math.min(end, dayEnd) - Math.max(start, dayStart)) / 1000,
                   fromBefore: start < dayStart, intoNext: end > dayEnd });
    }
    return found.sort((a, b) => a.top - b.top || b.bottom - a.bottom);
  }

  function draw() {
    const now = new Date();
    for (const day of days) {
      const column = columns.get(day);
      column.replaceChildren();
      const parts = segments(day, now);
      const lanes = [];  // the bottom of the last block in each lane
      for (const part of parts) {
        let lane = lanes.findIndex(bottom => bottom <= part.top);
        if (lane < 0) { lane = lanes.length; lanes.push(0); }
        lanes[lane] = part.bottom;
        part.lane = lane;
      }
      for (const part of parts) column.append(block(part, lanes.length || 1));
      if (day === today) {
        const line = document.createElement("div");
        line.className = "cal-now";
        line.style.top = `${wallMinutes(now) / 60 * HOUR}px`;
        line.setAttribute("aria-hidden", "true");
        column.append(line);
      }
      const total = parts.reduce((sum, p) => sum + p.seconds, 0);
      const head = grid.querySelectorAll(".cal-dayhead")[days.indexOf(day)];
      head.querySelector(".day-total").textContent = total ? window.TL.hm(total) : "";
    }
    clearInterval(ticker);
    if (entries.some(e => !e.timeInterval.end)) ticker = setInterval(draw, 60000);  // a running one grows
  }

  function block(part, laneCount) {
    const e = part.entry;
    const project = e.projectId ? projects.get(e.projectId) : null;
    const b = document.createElement("button");
    b.type = "button";
    b.className = "cal-entry";
    if (!e.timeInterval.end) b.classList.add("running");
    if (part.fromBefore) b.classList.add("from-before");
    if (part.intoNext) b.classList.add("into-next");
    b.dataset.id = e.id;
    b.style.top = `${part.top / 60 * HOUR}px`;
    b.style.height = `${Math.max(14, (part.bottom - part.top) / 60 * HOUR - 2)}px`;
    b.style.left = `calc(${part.lane * 100 / laneCount}% + 2px)`;
    b.style.width = `calc(${100 / laneCount}% - 4px)`;
    if (project?.color) b.style.setProperty("--c", project.color);
    const description = e.description || "(no description)";
    const from = timeFormat.format(new Date(e.timeInterval.start));
    const to = e.timeInterval.end ? timeFormat.format(new Date(e.timeInterval.end)) : "now, running";
    const title = document.createElement("strong");
    title.textContent = description;
    b.append(title);
    if (project) b.append(Object.assign(document.createElement("span"), { textContent: project.name }));
    b.append(Object.assign(document.createElement("span"), { className: "when", textContent: `${from}–${to}` }));
    b.setAttribute("aria-label", `${description}${project ? `, ${project.name}` : ""}, ${from} to ${to}`);
    b.addEventListener("click", () => openEdit(e));
    return b;
  }

  // --- the dialog -----------------------------------------------------------------------------

  function showDialog(title) {
    document.getElementById("entry-dialog-title").textContent = title;
    field("error").textContent = "";
    dialog.showModal();
    field("description").focus();
  }

  function openCreate(day, minute) {
    editing = null;
    form.reset();
    field("date").value = day;
    field("start").value = hhmm(minute);
    field("end").value = hhmm((minute + 60) % (24 * 60));
    field("end").required = true;
    field("delete").hidden = true;
    showDialog("New entry");
  }

  function openEdit(e) {
    editing = e;
    form.reset();
    const start = new Date(e.timeInterval.start);
    field("description").value = e.description || "";
    field("project").value = e.projectId && projects.has(e.projectId) ? e.projectId : "";
    field("date").value = localDay(start);
    field("start").value = hhmm(wallMinutes(start));
    field("end").value = e.timeInterval.end ? hhmm(wallMinutes(new Date(e.timeInterval.end))) : "";
    field("end").required = Boolean(e.timeInterval.end);
    field("delete").hidden = false;
    showDialog(e.timeInterval.end ? "Edit entry" : "Edit running entry");
  }

  function bodyOfForm() {
    const date = field("date").value;
    const startTime = field("start").value;
    const endTime = field("end").value;
    if (!date) throw new Error("Give the entry's date.");
    if (!startTime) throw new Error("Give a start time.");
    const start = instantOf(date, startTime);
    let end = null;
    if (endTime) {
      end = instantOf(date, endTime);
      if (end <= start) end = instantOf(addDays(date, 1), endTime);  // past midnight
    } else if (!editing || editing.timeInterval.end) {
      throw new Error("Give an end time.");
    }
    const projectId = field("project").value || undefined;
    const body = { start: start.toISOString(), description: field("description").value.trim(), projectId };
    if (end) body.end = end.toISOString();
    if (editing) {  // a full replace: keep what this form does not show
      Object.assign(body, { billable: editing.billable, tagIds: editing.tagIds || [],
                            taskId: projectId && projectId === editing.projectId ? editing.taskId || undefined : undefined,
                            type: editing.type || undefined });
    }
    return body;
  }

  async function submit(event) {
    event.preventDefault();
    try {
      const body = bodyOfForm();
      if (editing) await api("PUT", `${base}/time-entries/${editing.id}`, body);
      else await api("POST", `${base}/time-entries`, body);
      dialog.close();
      say(`Saved “${body.description || "entry"}”.`);
      await load();
    } catch (error) {
      field("error").textContent = error.message;  // the dialog stays open with what was typed
    }
  }

  async function remove() {
    if (!editing) return;
    try {
      await api("DELETE", `${base}/time-entries/${editing.id}`);
      dialog.close();
      say(`Deleted “${editing.description || "entry"}”.`);
      editing = null;
      await load();
    } catch (error) {
      field("error").textContent = error.message;
    }
  }

  drawFrame();
  form.addEventListener("submit", submit);
  field("cancel").addEventListener("click", () => dialog.close());
  field("delete").addEventListener("click", remove);
  document.getElementById("new-entry").addEventListener("click", () => {
    const now = new Date();
    const day = days.includes(today) ? today : days[0];
    openCreate(day, day === today ? Math.floor(wallMinutes(now) / 15) * 15 : 9 * 60);
  });
  (async () => {
    try { await loadProjects(); await load(); }
    catch (error) { say(error.message, true); }
    const scroller = document.getElementById("cal-scroll");
    // Scroll to the working day: the first entry that starts on the days shown, or 08:00.
    const starts = [...grid.querySelectorAll(".cal-entry:not(.from-before)")].map(b => parseFloat(b.style.top));
    const firstTop = Math.min(...starts, 8 * HOUR);
    scroller.scrollTop = Math.max(0, firstTop - HOUR - 12);  // the hour label above it in view too
  })();
})();
