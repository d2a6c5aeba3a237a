// The tracker page: the timer and this week's entries, through the Clockify-compatible API.
"use strict";

const { page, api, say, guarded, button, base, dayFormat, timeFormat, localDay, addDays, firstDayOfWeek,
        windowQuery, hms, secondsOf } = window.TL;

// --- state ------------------------------------------------------------------------------------

let projects = new Map();
let running = null;
let ticker = null;
let lastDeleted = null;

async function loadProjects() {
  const list = await api("GET", `${base}/projects?archived=false&page-size=5000`);
  projects = new Map(list.map(p => [p.id, p]));
  const select = document.getElementById("timer-project");
  for (const p of list.sort((a, b) => a.name.localeCompare(b.name))) {
    const option = document.createElement("option");
    option.value = p.id;
    option.textContent = p.clientName ? `${p.name} (${p.clientName})` : p.name;
    select.append(option);
  }
}

async function loadWeek() {
  const now = new Date();
  const first = firstDayOfWeek(localDay(now));
  const query = `${windowQuery(first, addDays(first, 6))}&page-size=1000`;
  const mine = `${base}/user/${page.user}/time-entries`;
  const [entries, runningNow] = await Promise.all([api("GET", `${mine}?${query}`),
                                                  api("GET", `${mine}?in-progress=true&page-size=1`)]);
  running = runningNow[0] || null;
  renderTimer();
  renderWeek(entries.filter(e => e.timeInterval.end), now);
  const seen = new Set();
  const list = document.getElementById("descriptions");
  list.replaceChildren();
  for (const e of entries) {
    if (e.description && !seen.has(e.description)) {
      seen.add(e.description);
      const option = document.createElement("option");
      option.value = e.description;
      list.append(option);
    }
  }
}

function renderTimer() {
  const button = document.getElementById("timer-button");
  const description = document.getElementById("timer-description");
  const project = document.getElementById("timer-project");
  const elapsed = document.getElementById("timer-elapsed");
  clearInterval(ticker);
  if (running) {
    button.textContent = "Stop";
    button.classList.add("danger");
    description.value = running.description || "";
    project.value = running.projectId || "";
    const tick = () => { elapsed.textContent = hms(secondsOf(running, new Date())); };
    tick();
    ticker = setInterval(tick, 1000);
  } else {
    button.textContent = "Start";
    button.classList.remove("danger");
    elapsed.textContent = "0:00:00";
  }
}

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
  for (const key of [...days.keys()].sort().reverse()) {
    const list = days.get(key);
    const total = list.reduce((sum, e) => sum + secondsOf(e, now), 0);
    weekSeconds += total;
    const section = document.createElement("section");
    section.className = "day";
    section.setAttribute("aria-label", dayFormat.format(new Date(list[0].timeInterval.start)));
    const heading = document.createElement("h3");
    heading.innerHTML = `<span></span><span class="total"></span>`;
    heading.children[0].textContent = dayFormat.format(new Date(list[0].timeInterval.start));
    heading.children[1].textContent = hms(total);
    const items = document.createElement("ul");
    for (const e of list) items.append(entryRow(e, now));
    section.append(heading, items);
    container.append(section);
  }
  if (!days.size) {
    const empty = document.createElement("p");
    empty.textContent = "No time yet this week. Start the timer above.";
    container.append(empty);
  }
  document.getElementById("week-total").textContent = hms(weekSeconds);
}

function entryRow(e, now) {
  const li = document.createElement("li");
  li.className = "entry";
  li.dataset.id = e.id;
  const what = document.createElement("div");
  what.className = "what";
  what.textContent = e.description || "(no description)";
  if (e.projectId && projects.has(e.projectId)) {
    const tag = document.createElement("span");
    tag.className = "project";
    tag.textContent = projects.get(e.projectId).name;
    what.append(tag);
  }
  const when = document.createElement("span");
  when.className = "when";
  when.textContent = `${timeFormat.format(new Date(e.timeInterval.start))}–${timeFormat.format(new Date(e.timeInterval.end))}`;
  const duration = document.createElement("span");
  duration.className = "duration";
  duration.textContent = hms(secondsOf(e, now));
  const actions = document.createElement("span");
  actions.className = "actions";
  const again = button("Continue", `Continue “${e.description || "entry"}”`, guarded(() => start(e)));
  const remove = button("Delete", `Delete “${e.description || "entry"}”`, guarded(() => removeEntry(e)), "danger");
  actions.append(again, remove);
  li.append(what, when, duration, actions);
  return li;
}

// --- actions ----------------------------------------------------------------------------------

async function start(from) {
  const body = { start: new Date().toISOString() };
  if (from) {
    Object.assign(body, { description: from.description, projectId: from.projectId || undefined,
                          taskId: from.taskId || undefined, tagIds: from.tagIds || [], billable: from.billable });
  } else {
    body.description = document.getElementById("timer-description").value.trim();
    body.projectId = document.getElementById("timer-project").value || undefined;
  }
  await api("POST", `${base}/time-entries`, body);
  say("Timer started.");
  await loadWeek();
}

async function stop() {
  await api("PATCH", `${base}/user/${page.user}/time-entries`, { end: new Date().toISOString() });
  say("Timer stopped.");
  await loadWeek();
}

async function removeEntry(e) {
  await api("DELETE", `${base}/time-entries/${e.id}`);
  lastDeleted = e;
  const status = document.getElementById("status");
  status.className = "";
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

if (document.getElementById("timer")) {
  document.getElementById("timer").addEventListener("submit", guarded(async (event) => {
    event.preventDefault();
    if (running) await stop(); else await start();
  }));
  guarded(async () => { await loadProjects(); await loadWeek(); })();
}
