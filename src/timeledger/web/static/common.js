// What every signed-in page's script shares, as window.TL: the page's data (workspace, user, zone,
// formats), fetch against our own endpoints with the CSRF header, status messages, and time in the
// user's zone. Hand-written, no libraries.
"use strict";

window.TL = (() => {
  const page = document.body.dataset;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const zone = page.zone || "UTC";
  const base = `/api/v1/workspaces/${page.workspace}`;

  // fetch with the session cookie; writes carry the CSRF token. Errors throw with the server's message.
  async function api(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, credentials: "same-origin",
                                         body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) { location.href = `/login?next=${encodeURIComponent(location.pathname)}`; throw new Error("signed out"); }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (!response.ok) throw new Error((data && (data.message || data.detail)) || `${response.status} ${response.statusText}`);
    return data;
  }

  // All pages of a list endpoint that pages with page/page-size (Clockify's style).
  async function apiAll(path, size = 1000) {
    const all = [];
    for (let n = 1; ; n++) {
      const list = await api("GET", `${path}${path.includes("?") ? "&" : "?"}page=${n}&page-size=${size}`);
      all.push(...list);
      if (list.length < size) return all;
    }
  }

  function say(text, isError = false) {
    const status = document.getElementById("status");
    if (!status) return;
    status.textContent = text;
    status.className = isError ? "error" : "ok";
    status.setAttribute("role", isError ? "alert" : "status");
  }

  // Runs an async handler and shows its error instead of losing it.
  function guarded(action) {
    return async (...args) => {
      try { await action(...args); } catch (error) { say(error.message, true); }
    };
  }

  function button(label, accessibleName, onClick, extra = "") {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `link ${extra}`.trim();
    b.textContent = label;
    if (accessibleName && accessibleName !== label) b.setAttribute("aria-label", accessibleName);
    b.addEventListener("click", onClick);
    return b;
  }

  // --- time in the user's zone and format ---------------------------------------------------------

  const hour12 = page.timeFormat === "HOUR12";
  const dayFormat = new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: "long", month: "short", day: "numeric" });
  const shortDayFormat = new Intl.DateTimeFormat(undefined, { timeZone: "UTC", weekday: "short", day: "numeric" });
  const timeFormat = new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: "2-digit", minute: "2-digit", hour12 });
  const keyFormat = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
  const WEEKDAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];

  function localDay(date) { return keyFormat.format(date); }  // "YYYY-MM-DD" in the user's zone

  function addDays(day, n) {  // "YYYY-MM-DD" plus n calendar days
    const [y, m, d] = day.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
  }

  function firstDayOfWeek(day) {  // the day that starts the week holding `day` ("YYYY-MM-DD")
    const first = Math.max(0, WEEKDAYS.indexOf(page.weekStart || "MONDAY"));
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return addDays(day, -((weekday - first + 7) % 7));
  }

  // The API reads start/end as wall-clock times in the user's zone (Clockify's window rule), so a
  // range of local days is asked for as those days written with a Z.
  function windowQuery(firstDay, lastDay) {
    return `start=${firstDay}T00:00:00Z&end=${lastDay}T23:59:59.999Z`;
  }

  // The instant of a wall-clock time ("YYYY-MM-DD", "HH:MM") in the user's zone; a time in a DST gap
  // moves forward, as the server does.
  function instantOf(day, time) {
    const [y, m, d] = day.split("-").map(Number);
    const [hh, mm] = time.split(":").map(Number);
    const wall = Date.UTC(y, m - 1, d, hh, mm);
    let guess = wall - offsetMinutes(new Date(wall)) * 60000;
    guess = wall - offsetMinutes(new Date(guess)) * 60000;
    return new Date(guess);
  }

  function offsetMinutes(date) {  // the zone's UTC offset at `date`, in minutes
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(date).map(p => [p.type, p.value]));
    const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  }

  function hms(seconds) {  // 1:05:09
    const s = Math.max(0, Math.floor(seconds));
    return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  }

  function hm(seconds) {  // 1:05
    const m = Math.round(Math.max(0, seconds) / 60);
    return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
  }

  // Hours as people type them: "1:30", "1.5", "1,5", "90m", "1h 30m", "2h". Returns seconds, or
  // null for an empty field; throws on anything else.
  function parseDuration(text) {
    const t = String(text).trim().toLowerCase();
    if (!t) return null;
    let m;
    if ((m = t.match(/^(\d{1,3}):([0-5]\d)$/))) return (+m[1] * 60 + +m[2]) * 60;
    if ((m = t.match(/^(\d{1,3})(?:[.,](\d+))?$/))) return Math.round(parseFloat(`${m[1]}.${m[2] || 0}`) * 3600);
    if ((m = t.match(/^(?:(\d{1,3})\s*h)?\s*(?:(\d{1,4})\s*m)?$/)) && (m[1] || m[2])) return ((+m[1] || 0) * 60 + (+m[2] || 0)) * 60;
    throw new Error(`“${text}” is not a duration: type hours as 1:30 or 1.5`);
  }

  function secondsOf(entry, now = new Date()) {
    const start = new Date(entry.timeInterval.start);
    const end = entry.timeInterval.end ? new Date(entry.timeInterval.end) : now;
    return (end - start) / 1000;
  }

  return { page, csrf, zone, base, api, apiAll, say, guarded, button, dayFormat, shortDayFormat, timeFormat,
           localDay, addDays, firstDayOfWeek, windowQuery, instantOf, offsetMinutes, hms, hm, parseDuration,
           secondsOf, WEEKDAYS };
})();
