// The tracker page: the timer (description, project, task, tags, billable) and this week's entries
// grouped by day, each editable in place, through the Clockify-compatible API.
"use strict";

const { page, api, apiAll, say, guarded, button, base, dayFormat, timeFormat, localDay, addDays, windowQuery, hms,
        secondsOf, WEEKDAYS } = window.TL;

// --- state ------------------------------------------------------------------------------------

let projects = new Map();
let tags = new Map();
const tasksOf = new Map();  // project id -> [task], loaded when first needed
let running = null;
let ticker = null;
let lastDeleted = null;
let recent = [];  // recent entries, newest first: descriptions to suggest and what they were on
let editing = null;  // the id of the entry being edited

const timerForm = document.getElementById("timer");
const weekStart = page.weekStart || "MONDAY";
const hour12 = page.timeFormat === "HOUR12";

function firstDayOfWeek(day) {  // the day that starts the week holding `day`, by this page's week start
  const first = Math.max(0, WEEKDAYS.indexOf(weekStart));
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday - first + 7) % 7));
}

function element(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("aria-") || key.startsWith("data-") || key === "for" || key === "list") el.setAttribute(key, value);
    else el[key] = value;
  }
  el.append(...children.filter(c => c !== null && c !== undefined));
  return el;
}

function option(value, label) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  return o;
}

// --- pickers ----------------------------------------------------------------------------------

function fillProjects(select, chosen) {
  select.replaceChildren(option("", "No project"));
  const list = [...projects.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const p of list) select.append(option(p.id, p.clientName ? `${p.name} (${p.clientName})` : p.name));
  select.value = chosen && projects.has(chosen) ? chosen : "";
}

async function tasksFor(projectId) {
  if (!projectId) return [];
  if (!tasksOf.has(projectId)) {
    const list = await api("GET", `${base}/projects/${projectId}/tasks?is-active=true&page-size=5000`);
    tasksOf.set(projectId, list.sort((a, b) => a.name.localeCompare(b.name)));
  }
  return tasksOf.get(projectId);
}

async function fillTasks(select, projectId, chosen) {
  const list = await tasksFor(projectId);
  select.replaceChildren(option("", list.length ? "No task" : projectId ? "No tasks in this project" : "No task"));
  for (const t of list) select.append(option(t.id, t.name));
  select.disabled = list.length === 0;
  select.value = chosen && list.some(t => t.id === chosen) ? chosen : "";
}

// A disclosure with one checkbox per tag: keyboard and screen-reader friendly multi-select.
function fillTagPicker(details, prefix, chosen) {
  const fieldset = details.querySelector("fieldset");
  const legend = fieldset.querySelector("legend");
  fieldset.replaceChildren(legend);
  const list = [...tags.values()].sort((a, b) => a.name.localeCompare(b.name));
  if (!list.length) fieldset.append(element("p", { class: "muted", text: "No tags yet." }));
  for (const t of list) {
    const id = `${prefix}-tag-${t.id}`;
    const box = element("input", { type: "checkbox", id, value: t.id, checked: chosen.includes(t.id) });
    box.addEventListener("change", () => summarizeTags(details));
    if (prefix === "timer") box.addEventListener("change", guarded(updateRunning));
    fieldset.append(element("div", { class: "check" }, box, element("label", { for: id, text: t.name })));
  }
  summarizeTags(details);
}

function chosenTags(details) {
  return [...details.querySelectorAll("input[type=checkbox]:checked")].map(b => b.value);
}

function summarizeTags(details) {
  const names = chosenTags(details).map(id => tags.get(id)?.name).filter(Boolean);
  const summary = details.querySelector("summary");
  if (names.length) summary.replaceChildren(element("span", { class: "visually-hidden", text: "Tags: " }), names.join(", "));
  else summary.textContent = "Tags";
}

// --- loading ----------------------------------------------------------------------------------

async function loadCatalog() {
  const [projectList, tagList] = await Promise.all([
    api("GET", `${base}/projects?archived=false&page-size=5000`),
    apiAll(`${base}/tags?archived=false`),
  ]);
  projects = new Map(projectList.map(p => [p.id, p]));
  tags = new Map(tagList.map(t => [t.id, t]));
  fillProjects(document.getElementById("timer-project"), "");
  fillTagPicker(document.getElementById("timer-tags"), "timer", []);
}

async function loadWeek() {
  const now = new Date();
  const first = firstDayOfWeek(localDay(now));
  const query = `${windowQuery(first, addDays(first, 6))}&hydrated=true&page-size=1000`;
  const mine = `${base}/user/${page.user}/time-entries`;
  const [entries, runningNow, latest] = await Promise.all([
    api("GET", `${mine}?${query}`),
    api("GET", `${mine}?in-progress=true&page-size=1`),
    api("GET", `${mine}?page-size=200`),
  ]);
  running = runningNow[0] || null;
  recent = latest;
  await renderTimer();
  renderWeek(entries.filter(e => e.timeInterval.end), now);
  const seen = new Set();
  const list = document.getElementById("descriptions");
  list.replaceChildren();
  for (const e of latest) {
    if (e.description && !seen.has(e.description)) {
      seen.add(e.description);
      list.append(option(e.description, e.description));
    }
  }
}

// --- the timer --------------------------------------------------------------------------------

async function renderTimer() {
  const go = document.getElementById("timer-button");
  const elapsed = document.getElementById("timer-elapsed");
  clearInterval(ticker);
  if (running) {
    go.textContent = "Stop";
    go.classList.add("danger");
    document.getElementById("timer-description").value = running.description || "";
    document.getElementById("timer-project").value = running.projectId || "";
    await fillTasks(document.getElementById("timer-task"), running.projectId, running.taskId);
    fillTagPicker(document.getElementById("timer-tags"), "timer", running.tagIds || []);
    document.getElementById("timer-billable").checked = !!running.billable;
    const tick = () => { elapsed.textContent = hms(secondsOf(running, new Date())); };
    tick();
    ticker = setInterval(tick, 1000);
  } else {
    go.textContent = "Start";
    go.classList.remove("danger");
    elapsed.textContent = "0:00:00";
  }
}

function timerFields() {
  return {
    description: document.getElementById("timer-description").value.trim(),
    projectId: document.getElementById("timer-project").value || undefined,
    taskId: document.getElementById("timer-task").value || undefined,
    tagIds: chosenTags(document.getElementById("timer-tags")),
    billable: document.getElementById("timer-billable").checked,
  };
}

async function resetTimerFields() {
  document.getElementById("timer-description").value = "";
  document.getElementById("timer-project").value = "";
  await fillTasks(document.getElementById("timer-task"), "", "");
  fillTagPicker(document.getElementById("timer-tags"), "timer", []);
  document.getElementById("timer-billable").checked = false;
}

// Changing the timer's fields while it runs changes the running entry, as it would be saved.
// Updates run one after another, and stopping waits for them, so a late update cannot restart
// a stopped timer.
let updates = Promise.resolve();

function updateRunning() {
  if (!running) return updates;
  say("Saving…");
  const next = updates.catch(() => {}).then(async () => {
    if (!running) return;
    running = await api("PUT", `${base}/time-entries/${running.id}`, { start: running.timeInterval.start, ...timerFields() });
    say("Timer updated.");
  });
  updates = next;
  return next;
}

// Picking a project sets the billable box to the project's default, as a new entry would get.
async function projectChanged() {
  const projectId = document.getElementById("timer-project").value;
  await fillTasks(document.getElementById("timer-task"), projectId, "");
  if (projectId && projects.has(projectId)) document.getElementById("timer-billable").checked = !!projects.get(projectId).billable;
}

// A description picked from the suggestions brings back what it was last tracked on.
async function descriptionChanged() {
  const text = document.getElementById("timer-description").value.trim();
  const project = document.getElementById("timer-project");
  if (!text || project.value) return;
  const before = recent.find(e => e.description === text);
  if (!before || !before.projectId || !projects.has(before.projectId)) return;
  project.value = before.projectId;
  await fillTasks(document.getElementById("timer-task"), before.projectId, before.taskId);
  fillTagPicker(document.getElementById("timer-tags"), "timer", before.tagIds || []);
  document.getElementById("timer-billable").checked = !!before.billable;
}

// --- the week ---------------------------------------------------------------------------------

function renderWeek(entries, now) {
  const days = new Map();
  for (const e of entries) {
    const key = localDay(new Date(e.timeInterval.start));
    if (!days.has(key)) days.set(key, []);
    days.get(key).push(e);
  }
  const container = document.getElementById("days");
  container.replaceChildren();
  let weekSeconds = 0;
  const today = localDay(now);
  for (const key of [...days.keys()].sort().reverse()) {
    const list = days.get(key).sort((a, b) => b.timeInterval.start.localeCompare(a.timeInterval.start));
    const total = list.reduce((sum, e) => sum + secondsOf(e, now), 0);
    weekSeconds += total;
    const name = key === today ? "Today" : key === addDays(today, -1) ? "Yesterday" : dayFormat.format(new Date(list[0].timeInterval.start));
    const section = element("section", { class: "day", "aria-label": name, "data-day": key });
    const heading = element("h3", {}, element("span", { text: name }), element("span", { class: "total day-total", text: hms(total) }));
    const items = element("ul");
    for (const e of list) items.append(entryRow(e, now));
    section.append(heading, items);
    container.append(section);
  }
  if (!days.size) container.append(element("p", { text: "No time yet this week. Start the timer above." }));
  document.getElementById("week-total").textContent = hms(weekSeconds);
}

function labelOf(e) {
  return e.description || "(no description)";
}

function entryRow(e, now) {
  const li = element("li", { class: "entry", "data-id": e.id });
  const name = labelOf(e);
  const what = element("button", { type: "button", class: "what", "aria-label": `Edit “${e.description || "entry"}”` });
  what.append(element("span", { class: "description", text: name }));
  const project = e.project || projects.get(e.projectId);
  if (project) {
    const label = e.task ? `${project.name}: ${e.task.name}` : project.name;
    const tag = element("span", { class: "project", text: label });
    if (project.color) tag.style.setProperty("--dot", project.color);
    what.append(tag);
  }
  const tagNames = (e.tags || (e.tagIds || []).map(id => tags.get(id)).filter(Boolean)).map(t => t.name).sort((a, b) => a.localeCompare(b));
  if (tagNames.length) what.append(element("span", { class: "tag-list", text: tagNames.join(", ") }));
  if (e.billable) what.append(element("span", { class: "billable-mark", text: "$", title: "Billable" }));
  if (e.isLocked) what.append(element("span", { class: "locked-mark", text: "locked" }));
  what.addEventListener("click", guarded(() => startEdit(li, e)));
  const when = element("span", { class: "when",
    text: `${timeFormat.format(new Date(e.timeInterval.start))}–${timeFormat.format(new Date(e.timeInterval.end))}` });
  const duration = element("span", { class: "duration", text: hms(secondsOf(e, now)) });
  const actions = element("span", { class: "actions" },
    button("Continue", `Continue “${e.description || "entry"}”`, guarded(() => start(e))),
    button("Delete", `Delete “${e.description || "entry"}”`, guarded(() => removeEntry(e)), "danger"));
  li.append(what, when, duration, actions);
  return li;
}

// --- editing an entry in place ----------------------------------------------------------------

function clockText(date) {  // "HH:MM" (24-hour) or "h:MM AM" (12-hour) in the user's zone
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone: window.TL.zone, hour: "numeric",
    minute: "2-digit", hourCycle: hour12 ? "h12" : "h23" }).formatToParts(date).map(p => [p.type, p.value]));
  return hour12 ? `${Number(parts.hour)}:${parts.minute} ${parts.dayPeriod.toUpperCase()}` : `${parts.hour.padStart(2, "0")}:${parts.minute}`;
}

// "9:30", "09:30", "930", "9", "9:30 pm", "9pm" -> "HH:MM" (24-hour); throws on anything else.
function parseClock(text, label) {
  const m = String(text).trim().toLowerCase().match(/^(\d{1,2})(?::?(\d{2}))?\s*(am|pm|a|p)?$/);
  if (m) {
    let hour = Number(m[1]);
    const minute = Number(m[2] || 0);
    const period = m[3]?.[0];
    if (period && (hour < 1 || hour > 12)) hour = -1;
    if (period === "p" && hour !== 12) hour += 12;
    if (period === "a" && hour === 12) hour = 0;
    if (hour >= 0 && hour <= 23 && minute <= 59) return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
  }
  throw new Error(`${label}: “${text}” is not a time; type it as ${hour12 ? "9:30 AM" : "09:30"}`);
}

async function startEdit(li, e) {
  if (editing && editing !== e.id) {
    const open = document.querySelector(".entry.editing");
    if (open) { say("Save or cancel the entry you are editing first.", true); open.querySelector("input")?.focus(); return; }
  }
  editing = e.id;
  const id = `edit-${e.id}`;
  const form = element("form", { class: "edit", "aria-label": `Edit “${e.description || "entry"}”` });
  const description = element("input", { id: `${id}-description`, value: e.description || "", autocomplete: "off", list: "descriptions" });
  const project = element("select", { id: `${id}-project` });
  const task = element("select", { id: `${id}-task` });
  const tagPicker = element("details", { class: "tags-picker" },
    element("summary", { text: "Tags" }),
    element("fieldset", {}, element("legend", { class: "visually-hidden", text: "Tags of the entry" })));
  const billable = element("input", { type: "checkbox", id: `${id}-billable`, checked: !!e.billable });
  const day = element("input", { type: "date", id: `${id}-day`, value: localDay(new Date(e.timeInterval.start)), required: true });
  const startAt = element("input", { id: `${id}-start`, value: clockText(new Date(e.timeInterval.start)), inputMode: "numeric",
                                     autocomplete: "off", size: 8 });
  const endAt = element("input", { id: `${id}-end`, value: clockText(new Date(e.timeInterval.end)), inputMode: "numeric",
                                   autocomplete: "off", size: 8 });
  fillProjects(project, e.projectId);
  await fillTasks(task, e.projectId, e.taskId);
  fillTagPicker(tagPicker, id, e.tagIds || []);
  project.addEventListener("change", guarded(() => fillTasks(task, project.value, "")));
  const field = (input, text, cls = "") => element("div", { class: `field ${cls}`.trim() },
    element("label", { for: input.id, text }), input);
  const save = element("button", { type: "submit", class: "primary", text: "Save" });
  const cancel = button("Cancel", "Cancel editing", () => cancelEdit());
  form.append(
    field(description, "Description", "wide"),
    field(project, "Project"),
    field(task, "Task"),
    element("div", { class: "field" }, element("span", { class: "label", text: "Tags", "aria-hidden": "true" }), tagPicker),
    field(day, "Date"),
    field(startAt, "Start time"),
    field(endAt, "End time"),
    element("div", { class: "field check" }, billable, element("label", { for: billable.id, text: "Billable" })),
    element("div", { class: "field buttons" }, save, cancel));
  form.addEventListener("submit", guarded(async (event) => {
    event.preventDefault();
    await saveEdit(e, { description, project, task, tagPicker, billable, day, startAt, endAt }, save);
  }));
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); cancelEdit(); }
  });
  li.classList.add("editing");
  li.replaceChildren(form);
  description.focus();
  description.select();
}

async function saveEdit(e, fields, save) {
  const day = fields.day.value;
  if (!day) throw new Error("Date: choose the day of the entry");
  const startText = parseClock(fields.startAt.value, "Start time");
  const endText = parseClock(fields.endAt.value, "End time");
  const startAt = window.TL.instantOf(day, startText);
  let endAt = window.TL.instantOf(day, endText);
  if (endAt <= startAt) endAt = window.TL.instantOf(addDays(day, 1), endText);  // past midnight: the next day
  const body = {
    start: startAt.toISOString(), end: endAt.toISOString(), description: fields.description.value.trim(),
    projectId: fields.project.value || null, taskId: fields.task.value || null,
    tagIds: chosenTags(fields.tagPicker), billable: fields.billable.checked,
  };
  save.disabled = true;
  try {
    await api("PUT", `${base}/time-entries/${e.id}`, body);
  } finally {
    save.disabled = false;  // on an error the form stays open with what was typed
  }
  editing = null;
  say("Entry saved.");
  await loadWeek();
}

function cancelEdit() {
  editing = null;
  say("");
  guarded(loadWeek)();
}

// --- actions ----------------------------------------------------------------------------------

async function start(from) {
  const body = { start: new Date().toISOString() };
  if (from) {
    Object.assign(body, { description: from.description, projectId: from.projectId || undefined,
                          taskId: from.taskId || undefined, tagIds: from.tagIds || [], billable: from.billable });
  } else {
    Object.assign(body, timerFields());
  }
  await api("POST", `${base}/time-entries`, body);
  say("Timer started.");
  await loadWeek();
}

async function stop() {
  await updates.catch(() => {});
  await api("PATCH", `${base}/user/${page.user}/time-entries`, { end: new Date().toISOString() });
  say("Timer stopped.");
  running = null;
  await resetTimerFields();
  await loadWeek();
}

async function removeEntry(e) {
  await api("DELETE", `${base}/time-entries/${e.id}`);
  lastDeleted = e;
  const status = document.getElementById("status");
  status.className = "";
  status.setAttribute("role", "status");
  status.textContent = `Deleted “${e.description || "entry"}”. `;
  status.append(button("Undo", "Undo the delete", guarded(undo)));
  await loadWeek();
}

async function undo() {
  const e = lastDeleted;
  if (!e) return;
  lastDeleted = null;
  await api("POST", `${base}/time-entries`, {
    start: e.timeInterval.start, end: e.timeInterval.end, description: e.description,
    projectId: e.projectId || undefined, taskId: e.taskId || undefined, tagIds: e.tagIds || [], billable: e.billable });
  say("Restored.");
  await loadWeek();
}

if (timerForm) {
  timerForm.addEventListener("submit", guarded(async (event) => {
    event.preventDefault();
    if (running) await stop(); else await start();
  }));
  document.getElementById("timer-project").addEventListener("change", guarded(async () => {
    await projectChanged();
    await updateRunning();
  }));
  document.getElementById("timer-description").addEventListener("change", guarded(async () => {
    await descriptionChanged();
    await updateRunning();
  }));
  for (const id of ["timer-task", "timer-billable"]) {
    document.getElementById(id).addEventListener("change", guarded(updateRunning));
  }
  guarded(async () => { await loadCatalog(); await loadWeek(); })();
}
