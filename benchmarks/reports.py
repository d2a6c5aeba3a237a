"""Report latency on a generated million-entry workspace, per backend, beside DuckDB over the same rows.

    .venv/bin/python benchmarks/reports.py [--entries 1000000] [--backends sqlite,postgres] [--repeat 10]

For each backend: a workspace from benchmarks/generate_workspace.py (200 people, 300 projects,
5 years to 2026-10-31), cached under benchmarks/out/cache/ (a SQLite file; a PostgreSQL database
on the server `scripts/pg.sh url` names) and reused while --entries, --seed and the generator are
unchanged; `timeledger serve` on it (one worker, rate limits off); then, over HTTP from this
process (one keep-alive connection, one request at a time), each report after --warmup unmeasured
runs, --repeat times:

  summary_year     POST reports/summary, 2025-11-01 .. 2026-10-31, groups PROJECT, USER
  summary_month    the same for October 2026
  detailed_p1      POST reports/detailed over the year, page 1 of 50 (newest first, totals included)
  detailed_p500    page 500 of the same
  detailed_p500_nt page 500 with options.totals EXCLUDE (diagnostic: the page without the totals)
  weekly           POST reports/weekly, Monday 2026-10-19 .. Sunday 2026-10-25, by user then project
  export_year      POST reports/detailed with exportType CSV over the year (--export-repeat times):
                   rows/s, time to first byte, and the server's RSS (VmRSS sampled every 5 ms from
                   /proc, and VmHWM after resetting it) above its level before the request
  export_month     the same for October 2026, to tell flat memory from memory that grows with rows

Windows are wall clock in Europe/Berlin (`timeZone`), with both amounts (EARNED, COST) asked for.

DuckDB (in memory, all cores) then loads the same rows from the generator's CSV and runs the
same work: the same windows and grouping keys, the same sums of duration and of per-entry rounded
earned and cost amounts, the name lookups, the totals the API adds to summary, detailed and
weekly answers, an ORDER BY start DESC, id DESC LIMIT/OFFSET for the pages and a COPY ... TO CSV
for the exports. It is the reference for what this hardware allows; each figure is given as a
ratio to it.

Correctness is checked on every run: the one-year summary's totals and every (project, user)
group equal DuckDB's sums; the pages hold the same ids; the weekly totals by day match; the
export has as many rows as DuckDB counts.

Options: --queries to run a subset; --explain to capture the SQL each report runs (in-process,
through the services) and print EXPLAIN ANALYZE (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite) with
each statement's own time; --py-spy PATH to sample the server while a report runs in a loop
(phases and layers, raw stacks under benchmarks/out/); --drop to delete this run's cached
databases at the end; --cache-dir to keep a separate copy (e.g. one with an extra index).

Prints Markdown for BENCHMARKS.md and writes everything to benchmarks/out/reports-*.json.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import http.client
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_throughput as common  # machine/versions recording, server start-up, PostgreSQL admin
import generate_workspace as gen

ROOT, OUT, TIMELEDGER, log = common.ROOT, common.OUT, common.TIMELEDGER, common.log
CACHE = OUT / "cache"
ZONE = "Europe/Berlin"
WINDOWS = {  # wall clock in ZONE, as Clockify clients send it
    "year": ("2025-11-01T00:00:00.000Z", "2026-10-31T23:59:59.999Z"),
    "month": ("2026-10-01T00:00:00.000Z", "2026-10-31T23:59:59.999Z"),
    "week": ("2026-10-19T00:00:00.000Z", "2026-10-25T23:59:59.999Z"),
}


@dataclass(frozen=True)
class Query:
    name: str
    label: str
    report: str  # summary | detailed | weekly
    window: str
    extra: dict[str, Any]
    goal_ms: float | None = None
    export: bool = False


QUERIES = [
    Query(
        "summary_year",
        "summary, 1 year, by project → user",
        "summary",
        "year",
        {"summaryFilter": {"groups": ["PROJECT", "USER"]}},
        150,
    ),
    Query(
        "summary_month",
        "summary, 1 month, by project → user",
        "summary",
        "month",
        {"summaryFilter": {"groups": ["PROJECT", "USER"]}},
    ),
    Query(
        "detailed_p1",
        "detailed, 1 year, page 1 × 50",
        "detailed",
        "year",
        {"detailedFilter": {"page": 1, "pageSize": 50}},
        50,
    ),
    Query(
        "detailed_p500",
        "detailed, 1 year, page 500 × 50",
        "detailed",
        "year",
        {"detailedFilter": {"page": 500, "pageSize": 50}},
        50,
    ),
    Query(
        "detailed_p500_nt",
        "detailed, page 500, totals EXCLUDE (diagnostic)",
        "detailed",
        "year",
        {"detailedFilter": {"page": 500, "pageSize": 50, "options": {"totals": "EXCLUDE"}}},
    ),
    Query(
        "weekly", "weekly, 7 days, by user → project", "weekly", "week", {"weeklyFilter": {"group": "USER"}}
    ),
    Query("export_year", "CSV export, 1 year", "detailed", "year", {"exportType": "CSV"}, export=True),
    Query("export_month", "CSV export, 1 month", "detailed", "month", {"exportType": "CSV"}, export=True),
]
BY_NAME = {q.name: q for q in QUERIES}
EXPORT_GOAL_ROWS_S = 100_000
FLAT_MIB = 16  # "flat": a year's export grows the server by at most this much more than a month's


def body_of(q: Query) -> dict[str, Any]:
    start, end = WINDOWS[q.window]
    return {
        "dateRangeStart": start,
        "dateRangeEnd": end,
        "timeZone": ZONE,
        "amounts": ["EARNED", "COST"],
        **q.extra,
    }


def utc_bounds(window: str) -> tuple[datetime, datetime]:
    """The window as naive UTC instants, read the way the API reads it (wall clock in ZONE)."""
    tz = ZoneInfo(ZONE)
    out = []
    for text in WINDOWS[window]:
        wall = datetime.fromisoformat(text).replace(tzinfo=None)
        out.append(wall.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None))
    return out[0], out[1]


def stats(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "min_ms": round(ordered[0], 2),
        "max_ms": round(ordered[-1], 2),
    }


# --- datasets: generate once, reuse ------------------------------------------------------------


def dataset_tag(args: argparse.Namespace) -> str:
    return f"{args.entries}-s{args.seed}-{gen.generator_version()}"


def csv_dir(args: argparse.Namespace) -> Path:
    return args.cache_dir / f"csv-{dataset_tag(args)}"


def _pg_exists(pg_url: str, dbname: str) -> bool:
    return bool(
        asyncio.run(common._pg(pg_url, f"SELECT count(*) FROM pg_database WHERE datname = '{dbname}'"))[0]
    )


def ensure_dataset(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    """The generated database for `backend` (reused when cached): its URL, workspace, key and counts."""
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    tag = dataset_tag(args)
    sidecar = args.cache_dir / f"reports-{tag}.{backend}.json"
    want_csv = not (csv_dir(args) / "entries.csv").exists()
    if backend == "sqlite":
        path = args.cache_dir / f"reports-{tag}.db"
        url = f"sqlite:///{path}"
        if sidecar.exists() and path.exists():
            meta = json.loads(sidecar.read_text())
            log(f"sqlite: reusing {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
            return {**meta, "reused": True}
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        target = {"path": str(path)}
    else:
        meta = json.loads(sidecar.read_text()) if sidecar.exists() else None
        if meta and _pg_exists(args.pg_url, meta["database"]):
            log(f"postgres: reusing database {meta['database']}")
            return {
                **meta,
                "url": common._asyncpg_dsn(args.pg_url, meta["database"]).replace(
                    "postgresql://", "postgresql+asyncpg://", 1
                ),
                "reused": True,
            }
        dbname = (
            meta["database"]
            if meta
            else f"bench_reports_{args.entries}_s{args.seed}_{gen.generator_version()}"
        )
        asyncio.run(common._pg(args.pg_url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
        asyncio.run(common._pg(args.pg_url, f'CREATE DATABASE "{dbname}"'))
        url = common._asyncpg_dsn(args.pg_url, dbname).replace("postgresql://", "postgresql+asyncpg://", 1)
        target = {"database": dbname}
    log(
        f"{backend}: generating about {args.entries:,} entries (seed {args.seed})"
        + (" and the CSV for DuckDB" if want_csv else "")
    )
    result = gen.generate(url, args.entries, args.seed, csv_dir(args) if want_csv else None)
    log(f"{backend}: generated in {result['load_seconds']} s ({result['counts']['time_entries']:,} entries)")
    meta = {
        **target,
        **{k: v for k, v in result.items() if k != "csv_dir"},
        "url": url,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    sidecar.write_text(json.dumps(meta, indent=2))
    return {**meta, "reused": False}


def ensure_csv(args: argparse.Namespace) -> Path:
    folder = csv_dir(args)
    if not (folder / "entries.csv").exists():
        log(f"writing the CSV for DuckDB to {folder}")
        gen.generate(None, args.entries, args.seed, folder)
    return folder


def server_env(url: str, workdir: Path, backend: str) -> dict[str, str]:
    return {
        **os.environ,
        "TIMELEDGER_DATABASE_URL": url,
        "TIMELEDGER_DATA_DIR": str(workdir / f"data-{backend}"),
        "TIMELEDGER_RATE_LIMIT_PER_WORKSPACE": "0",
        "TIMELEDGER_RATE_LIMIT_PER_KEY": "0",
    }


def ensure_key(port: int, meta: dict[str, Any], env: dict[str, str]) -> str:
    key = meta.get("api_key") or ""
    if key and common._http_get(port, "/v1/user", {"X-Api-Key": key})[0] == 200:
        return key
    out = subprocess.run(
        [str(TIMELEDGER), "admin", "new-key", "--email", meta["owner_email"], "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])["apiKey"]


# --- HTTP ----------------------------------------------------------------------------------------


class Client:
    """One keep-alive HTTP/1.1 connection; the body is always read to the end."""

    def __init__(self, port: int, key: str) -> None:
        self.port, self.key = port, key
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        self.conn.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={"X-Api-Key": self.key, "Content-Type": "application/json"},
        )
        resp = self.conn.getresponse()
        return resp.status, resp.read()

    def close(self) -> None:
        self.conn.close()


def rss_kib(pid: int, field_name: str = "VmRSS") -> int:
    for line in common._read(f"/proc/{pid}/status").splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    return 0


def reset_hwm(pid: int) -> bool:
    """Reset the process's peak RSS (VmHWM) so that it measures from now; False if not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def postmaster_reaped_cpu(backends: dict[int, float]) -> float:
    """CPU seconds of the postmaster's exited children (cutime + cstime), found as the parent of a backend."""
    for pid in backends:
        try:
            ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            fields = Path(f"/proc/{ppid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[13]) + int(fields[14])) / common.CLK_TCK
        except (OSError, IndexError, ValueError):
            continue
    return 0.0


@dataclass
class Cpu:
    """CPU seconds of the server, of this database's PostgreSQL backends, of this process and of
    the whole machine, so that other people's work on the machine shows in the results."""

    wall: float
    server: float
    pg: dict[int, float]
    own: float
    busy: float

    reaped: float = 0.0

    @classmethod
    def take(cls, server_pid: int, dbname: str | None) -> Cpu:
        backends = common.pg_backends(dbname)
        return cls(
            time.monotonic(),
            common.proc_cpu(server_pid),
            backends,
            time.process_time(),
            common.machine_busy(),
            postmaster_reaped_cpu(backends),
        )

    def since(self, before: Cpu, requests: int) -> dict[str, float | None]:
        wall = self.wall - before.wall
        server = self.server - before.server
        # Parallel workers live for one query, so their CPU only shows in the postmaster's
        # "children" counters once they exit (so would any other backend exiting meanwhile).
        pg = sum(c - before.pg.get(p, 0.0) for p, c in self.pg.items()) + max(
            0.0, self.reaped - before.reaped
        )
        own = self.own - before.own
        other = max(0.0, self.busy - before.busy - server - pg - own)
        return {
            "server_cpu_ms": round(1000 * server / requests, 2),
            "pg_cpu_ms": round(1000 * pg / requests, 2) if self.pg or before.pg else None,
            "client_cpu_ms": round(1000 * own / requests, 2),
            "other_load_cores": round(other / wall, 2) if wall else None,
        }


def measure_json(
    client: Client, server_pid: int, dbname: str | None, path: str, q: Query, args
) -> dict[str, Any]:
    body = body_of(q)
    for _ in range(args.warmup):
        status, data = client.post(path, body)
        if status != 200:
            raise RuntimeError(f"{q.name}: {status} {data[:300]!r}")
    samples = []
    before = Cpu.take(server_pid, dbname)
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        status, data = client.post(path, body)
        samples.append(1000 * (time.perf_counter() - t0))
        if status != 200:
            raise RuntimeError(f"{q.name}: {status} {data[:300]!r}")
    cpu = Cpu.take(server_pid, dbname).since(before, args.repeat)
    return {
        **stats(samples),
        "samples_ms": [round(s, 2) for s in samples],
        "response_bytes": len(data),
        **cpu,
        "_body": data,
    }


def export_once(
    port: int, key: str, pid: int, path: str, body: dict[str, Any], save: Path | None
) -> dict[str, Any]:
    """One streamed export: wall time, first byte, rows, and the server's RSS growth during it."""
    hwm_ok = reset_hwm(pid)
    before = rss_kib(pid)
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib(pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    newlines = total = 0
    first_byte = headers_at = None
    out = open(save, "wb") if save else None  # noqa: SIM115 - closed in the finally below
    try:
        t0 = time.perf_counter()
        conn.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={"X-Api-Key": key, "Content-Type": "application/json"},
        )
        resp = conn.getresponse()
        headers_at = time.perf_counter() - t0
        if resp.status != 200:
            raise RuntimeError(f"export: {resp.status} {resp.read()[:300]!r}")
        while True:
            chunk = resp.read1(1 << 16)
            if not chunk:
                break
            if first_byte is None:
                first_byte = time.perf_counter() - t0
            newlines += chunk.count(b"\n")
            total += len(chunk)
            if out:
                out.write(chunk)
        elapsed = time.perf_counter() - t0
    finally:
        done.set()
        sampler.join()
        conn.close()
        if out:
            out.close()
    hwm = rss_kib(pid, "VmHWM") if hwm_ok else 0
    rows = newlines - 1  # the header line
    return {
        "ms": round(1000 * elapsed, 1),
        "rows": rows,
        "bytes": total,
        "rows_per_s": round(rows / elapsed),
        "headers_ms": round(1000 * headers_at, 1),
        "first_byte_ms": round(1000 * (first_byte or elapsed), 1),
        "rss_before_mib": round(before / 1024, 1),
        "rss_peak_growth_mib": round((max(peak[0], hwm) - before) / 1024, 1),
        "rss_after_mib": round(rss_kib(pid) / 1024, 1),
        "hwm_reset": hwm_ok,
    }


def measure_export(
    port: int, key: str, server_pid: int, dbname: str | None, path: str, q: Query, args, workdir: Path
) -> dict[str, Any]:
    body = body_of(q)
    export_once(port, key, server_pid, path, body, None)  # warm-up
    runs = []
    before = Cpu.take(server_pid, dbname)
    for i in range(args.export_repeat):
        runs.append(
            export_once(port, key, server_pid, path, body, workdir / f"{q.name}.csv" if i == 0 else None)
        )
    cpu = Cpu.take(server_pid, dbname).since(before, len(runs))
    result = {
        **stats([r["ms"] for r in runs]),
        "runs": runs,
        "rows": runs[0]["rows"],
        "rows_per_s": round(statistics.median(r["rows_per_s"] for r in runs)),
        "first_byte_ms": round(statistics.median(r["first_byte_ms"] for r in runs), 1),
        "rss_before_mib": runs[0]["rss_before_mib"],
        "rss_peak_growth_mib": max(r["rss_peak_growth_mib"] for r in runs),
        **cpu,
    }
    return result


# --- one backend ---------------------------------------------------------------------------------


def bench_backend(
    backend: str, args: argparse.Namespace, workdir: Path, queries: list[Query]
) -> dict[str, Any]:
    meta = ensure_dataset(backend, args)
    info: dict[str, Any] = {"backend": backend, "dataset": {k: v for k, v in meta.items() if k != "api_key"}}
    dbname = meta.get("database")
    if backend == "sqlite":
        path = Path(meta["path"])
        info["database"] = {
            "path": str(path),
            "filesystem": common.fs_type(path.parent),
            "size_mib": round(path.stat().st_size / 2**20),
        }
    else:
        size = asyncio.run(common._pg(args.pg_url, f"SELECT pg_database_size('{dbname}')"))[0]
        info["database"] = {
            "name": dbname,
            "size_mib": round(size / 2**20),
            **common.pg_settings(args.pg_url),
        }
    env = server_env(meta["url"], workdir, backend)
    port = common.free_port()
    log(f"{backend}: start timeledger serve on :{port}")
    server = common.start_server(
        f"timeledger-{backend}",
        [str(TIMELEDGER), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        port,
        env,
        workdir,
    )
    ws = meta["workspace_id"]
    results: dict[str, Any] = {}
    try:
        key = ensure_key(port, meta, env)
        info["key"] = key  # removed before writing the JSON
        info["server_rss_start_mib"] = round(rss_kib(server.pid) / 1024, 1)
        client = Client(port, key)
        for q in queries:
            path = f"/v1/workspaces/{ws}/reports/{q.report}"
            if q.export:
                r = measure_export(port, key, server.pid, dbname, path, q, args, workdir)
                log(
                    f"{backend} {q.name:17}: {r['rows']:,} rows, median {r['median_ms']:.0f} ms, "
                    f"{r['rows_per_s']:,} rows/s, first byte {r['first_byte_ms']} ms, "
                    f"RSS +{r['rss_peak_growth_mib']} MiB (from {r['rss_before_mib']} MiB)"
                )
            else:
                r = measure_json(client, server.pid, dbname, path, q, args)
                log(
                    f"{backend} {q.name:17}: median {r['median_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms  "
                    f"server CPU {r['server_cpu_ms']} ms"
                    + (f"  PG CPU {r['pg_cpu_ms']} ms" if dbname else "")
                )
            results[q.name] = r
        client.close()
        if args.py_spy:
            info["profiles"] = profile_backend(backend, args, server, key, ws, dbname)
        info["server_rss_end_mib"] = round(rss_kib(server.pid) / 1024, 1)
    finally:
        server.stop()
    info["results"] = results
    if args.explain:
        info["explain"] = asyncio.run(explain(backend, meta, info["key"], args))
    return info


# --- py-spy --------------------------------------------------------------------------------------

# Phase of a sample: the first rule whose marker occurs in the stack wins.
PHASES: list[tuple[str, tuple[str, ...]]] = [
    ("SQLite engine: aiosqlite's thread running sqlite3 (query, fetch)", ("(aiosqlite/core.py",)),
    (
        "tags of each page / chunk (SELECT time_entry_tags)",
        (";_tags_of (timeledger/services/reports/detailed.py",),
    ),
    ("rows → Row objects (names, lock)", (";_row (timeledger/services/reports/detailed.py",)),
    ("name lookups", (";labels (timeledger/services/reports/names.py", ";workspace_labels (")),
    ("totals query (by currency)", (";totals (timeledger/services/reports/summary.py",)),
    ("grouped query", (";_grouped (timeledger/services/reports/summary.py",)),
    ("export: entry query, fetch in chunks", (";stream (timeledger/services/reports/detailed.py",)),
    ("export: row lists + running totals", (";rows (timeledger/services/reports/documents.py",)),
    (
        "export: CSV text (format_value, csv.writer)",
        (";render_csv (timeledger/services/reports/export/csv.py",),
    ),
    ("detailed: page query", (";detailed (timeledger/services/reports/detailed.py",)),
    ("weekly: grouped query + assembly", (";weekly (timeledger/services/reports/weekly.py",)),
    ("summary: tree, roll-up, sort", (";summary (timeledger/services/reports/summary.py",)),
    (
        "JSON: entries / groups to dicts",
        (
            ";_entry (timeledger/api/clockify/reports.py",
            ";_group (timeledger/api/",
            ";_week_row (timeledger/api/",
        ),
    ),
    ("JSON encoding (orjson)", (";dumps (timeledger/api/responses.py",)),
    ("auth", (";workspace_access (timeledger/api/auth.py",)),
    ("other timeledger code", ("(timeledger/",)),
    ("framework: uvicorn, Starlette, FastAPI", ("(uvicorn/", "(starlette/", "(fastapi/")),
]
OTHER_PHASE = "event loop, driver and thread hand-offs"


def profile_breakdown(raw: Path, units: int, rate: int, unit: str = "request") -> dict[str, Any]:
    import profile_api  # layer(): which library the innermost frame is in

    phases: collections.Counter[str] = collections.Counter()
    layers: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().split("\n"):
        stack, _, n_text = line.rpartition(" ")
        if not n_text.isdigit():
            continue
        n = int(n_text)
        total += n
        frames = stack.split(";")
        # The CLI's `serve` frame sits under every event-loop stack: leave it out of the matching.
        joined = ";" + ";".join(
            f for f in frames if not f.startswith(("serve (timeledger/cli/", "main (timeledger/cli/"))
        )
        if frames and frames[0].startswith(("thread (", "process ")):
            frames = [f for f in frames if not f.startswith(("thread (", "process "))]
        phases[
            next((name for name, markers in PHASES if any(m in joined for m in markers)), OTHER_PHASE)
        ] += n
        layers[profile_api.layer(frames)] += n
    scale = 1000 if unit == "request" else 1_000_000  # ms per request, µs per exported row
    per = (
        (lambda n: round(scale * n / rate / units, 1 if unit == "request" else 2))
        if units
        else (lambda n: None)
    )
    return {
        "samples": total,
        "rate": rate,
        "units": units,
        "unit": unit,
        "phases": [(name, round(100 * n / total, 1), per(n)) for name, n in phases.most_common()]
        if total
        else [],
        "layers": [(name, round(100 * n / total, 1), per(n)) for name, n in layers.most_common(14)]
        if total
        else [],
    }


def profile_backend(backend: str, args, server, key: str, ws: str, dbname: str | None) -> dict[str, Any]:
    """Loops each profiled report while `py-spy record` (all active threads, not only the GIL
    holder, so SQLite's work on aiosqlite's thread counts) samples the server."""
    out: dict[str, Any] = {}
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for name in args.profile_queries.split(","):
        q = BY_NAME[name]
        path = f"/v1/workspaces/{ws}/reports/{q.report}"
        raw = OUT / f"profile-reports-{backend}-{name}-{stamp}.txt"
        stop = threading.Event()
        count = [0]  # requests answered, or for an export the rows received

        def loop(
            q: Query = q, path: str = path, stop: threading.Event = stop, count: list[int] = count
        ) -> None:
            client = Client(server.port, key)
            while not stop.is_set():
                if q.export:
                    client.conn.request(
                        "POST",
                        path,
                        body=json.dumps(body_of(q)),
                        headers={"X-Api-Key": key, "Content-Type": "application/json"},
                    )
                    resp = client.conn.getresponse()
                    while chunk := resp.read1(1 << 16):
                        count[0] += chunk.count(b"\n")
                else:
                    client.post(path, body_of(q))
                    count[0] += 1
            client.close()

        worker = threading.Thread(target=loop)
        worker.start()
        time.sleep(0.5)
        start_count = count[0]
        log(f"{backend}: py-spy on {name} for {args.profile_seconds} s")
        subprocess.run(
            [
                args.py_spy,
                "record",
                "--threads",
                "-r",
                str(args.profile_rate),
                "-d",
                str(args.profile_seconds),
                "-f",
                "raw",
                "-p",
                str(server.pid),
                "-o",
                str(raw),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        units = count[0] - start_count
        stop.set()
        worker.join()
        out[name] = {
            **profile_breakdown(raw, units, args.profile_rate, "row" if q.export else "request"),
            "raw": str(raw.relative_to(ROOT)),
        }
    return out


# --- EXPLAIN -------------------------------------------------------------------------------------


async def capture_statements(meta: dict[str, Any], key: str, names: list[str]) -> list[tuple[str, str, Any]]:
    """Runs each report in-process through the services and returns the SQL it sends:
    [(report name, statement in the driver's paramstyle, parameters)]."""
    from sqlalchemy import event

    from timeledger.api.clockify import reports as api
    from timeledger.config import normalise_database_url
    from timeledger.db.engine import Database
    from timeledger.services.access import authenticate_in_workspace
    from timeledger.services.common import PageRequest
    from timeledger.services.reports import detailed, summary, weekly

    url = normalise_database_url(meta["url"])
    db = Database(url)
    captured: list[tuple[str, str, Any]] = []
    current = [""]

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def _capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((current[0], statement, parameters))

    _, access = await authenticate_in_workspace(db, key, meta["workspace_id"])
    for name in names:
        q = BY_NAME[name]
        current[0] = name
        if q.report == "summary":
            body = api.SummaryIn.model_validate(body_of(q))
            flt, _ = api._filter(access, body, "ASCENDING")
            await summary.summary(db, access, flt, body.summaryFilter.groups)
        elif q.report == "weekly":
            body = api.WeeklyIn.model_validate(body_of(q))
            flt, win = api._filter(access, body, "ASCENDING")
            await weekly.weekly(db, access, flt, weekly.week_days(win.local_start, win.local_end), "USER")
        elif q.export:
            body = api.DetailedIn.model_validate(body_of(q))
            flt, _ = api._filter(access, body, "DESCENDING")
            agen = detailed.stream(db, access, flt)
            async for _ in agen:
                break
            await agen.aclose()
        else:
            body = api.DetailedIn.model_validate(body_of(q))
            flt, _ = api._filter(access, body, "DESCENDING")
            f = body.detailedFilter
            await detailed.detailed(db, access, flt, PageRequest(f.page, f.pageSize))
    await db.dispose()
    return [
        (n, s, p)
        for n, s, p in captured
        if n and not s.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))
    ]


async def explain(backend: str, meta: dict[str, Any], key: str, args) -> dict[str, Any]:
    """Captures the SQL of each report, then times and explains every statement on its own
    (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite)."""
    targets = [
        n
        for n in ("summary_year", "summary_month", "detailed_p1", "detailed_p500", "weekly", "export_year")
        if n in args.query_names
    ]
    statements = await capture_statements(meta, key, targets)
    plans: list[dict[str, Any]] = []
    if backend == "sqlite":
        import sqlite3

        conn = sqlite3.connect(meta["path"])
        for name, sql_text, params in statements:
            t0 = time.perf_counter()
            rows = conn.execute(sql_text, params).fetchall()
            ms = 1000 * (time.perf_counter() - t0)
            plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql_text, params).fetchall()]
            plans.append(
                {"query": name, "sql": sql_text, "ms": round(ms, 1), "rows": len(rows), "plan": plan}
            )
        conn.close()
    else:
        import asyncpg

        conn = await asyncpg.connect(common._asyncpg_dsn(args.pg_url, meta["database"]))
        try:
            for name, sql_text, params in statements:
                if "%s" in sql_text:
                    parts = sql_text.split("%s")
                    sql_text = "".join(
                        p + (f"${i + 1}" if i < len(parts) - 1 else "") for i, p in enumerate(parts)
                    )
                params = tuple(params or ())
                t0 = time.perf_counter()
                rows = await conn.fetch(sql_text, *params)
                ms = 1000 * (time.perf_counter() - t0)
                plan = [r[0] for r in await conn.fetch("EXPLAIN (ANALYZE, BUFFERS) " + sql_text, *params)]
                plans.append(
                    {"query": name, "sql": sql_text, "ms": round(ms, 1), "rows": len(rows), "plan": plan}
                )
        finally:
            await conn.close()
    return {"statements": plans}


# --- DuckDB --------------------------------------------------------------------------------------

MEASURES = """
    sum(duration_s) AS duration,
    sum(CASE WHEN billable THEN duration_s ELSE 0 END) AS billable_duration,
    count(*) AS entries,
    sum(CASE WHEN billable THEN (duration_s * coalesce(hourly_rate, 0) + 1800) // 3600 ELSE 0 END) AS earned,
    sum((duration_s * coalesce(cost_rate, 0) + 1800) // 3600) AS cost"""
ENTRY_AMOUNTS = """
    CASE WHEN billable THEN (duration_s * coalesce(hourly_rate, 0) + 1800) // 3600 ELSE 0 END AS earned,
    (duration_s * coalesce(cost_rate, 0) + 1800) // 3600 AS cost"""


def _ts(value: datetime) -> str:
    return f"TIMESTAMP '{value.isoformat(sep=' ')}'"


def duck_sql(q: Query, copy_to: Path | None = None) -> list[str]:
    """The statements DuckDB runs for the same work as report `q`."""
    lo, hi = utc_bounds(q.window)
    where = f"start_at >= {_ts(lo)} AND start_at <= {_ts(hi)}"
    totals = f"SELECT currency, {MEASURES} FROM e WHERE {where} GROUP BY currency"
    if q.report == "summary":
        return [
            totals,
            f"""
            SELECT g.*, p.name AS project, p.color, c.name AS client, u.name AS user_name
            FROM (SELECT project_id, user_id, {MEASURES} FROM e WHERE {where} GROUP BY ALL) g
            LEFT JOIN projects p ON p.id = g.project_id LEFT JOIN clients c ON c.id = p.client_id
            LEFT JOIN users u ON u.id = g.user_id""",
        ]
    if q.report == "weekly":
        return [
            totals,
            f"""
            SELECT g.*, u.name AS user_name, p.name AS project
            FROM (SELECT user_id, project_id, CAST(timezone('{ZONE}', start_at::TIMESTAMPTZ) AS DATE) AS day, {MEASURES}
                  FROM e WHERE {where} GROUP BY ALL) g
            LEFT JOIN users u ON u.id = g.user_id LEFT JOIN projects p ON p.id = g.project_id""",
        ]
    named = """
        SELECT x.*, u.name AS user_name, u.email, p.name AS project, p.color, p.client_id, c.name AS client,
               t.name AS task, tg.tags
        FROM x
        LEFT JOIN users u ON u.id = x.user_id LEFT JOIN projects p ON p.id = x.project_id
        LEFT JOIN clients c ON c.id = p.client_id LEFT JOIN tasks t ON t.id = x.task_id
        LEFT JOIN (SELECT et.entry_id, string_agg(tags.name, ', ' ORDER BY lower(tags.name)) AS tags
                   FROM entry_tags et JOIN tags ON tags.id = et.tag_id
                   WHERE et.entry_id IN (SELECT id FROM x) GROUP BY et.entry_id) tg ON tg.entry_id = x.id
        ORDER BY x.start_at DESC, x.id DESC"""
    columns = f"""id, description, user_id, billable, project_id, task_id, start_at, end_at, duration_s, hourly_rate,
                  cost_rate, {ENTRY_AMOUNTS}, currency, invoiced"""
    if q.export:
        export = f"""
            WITH x AS MATERIALIZED (SELECT {columns} FROM e WHERE {where})
            SELECT project, client, description, task, user_name, email, tags, 'Regular' AS type, billable, invoiced,
                   CAST(timezone('{ZONE}', start_at::TIMESTAMPTZ) AS DATE) AS start_date,
                   CAST(timezone('{ZONE}', start_at::TIMESTAMPTZ) AS TIME) AS start_time,
                   CAST(timezone('{ZONE}', end_at::TIMESTAMPTZ) AS DATE) AS end_date,
                   CAST(timezone('{ZONE}', end_at::TIMESTAMPTZ) AS TIME) AS end_time,
                   duration_s, round(duration_s / 3600, 2) AS hours, hourly_rate, earned, cost_rate, cost
            FROM ({named}) named"""
        return [f"COPY ({export}) TO '{copy_to}' (HEADER)"]
    f = q.extra["detailedFilter"]
    page = f"""WITH x AS MATERIALIZED (SELECT {columns} FROM e WHERE {where} ORDER BY start_at DESC, id DESC
                          LIMIT {f["pageSize"] + 1} OFFSET {(f["page"] - 1) * f["pageSize"]}) {named}"""
    with_totals = (f.get("options") or {}).get("totals", "CALCULATE") == "CALCULATE"
    return [page, totals] if with_totals else [page]


def bench_duckdb(csv_folder: Path, args, queries: list[Query], workdir: Path) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    t0 = time.perf_counter()
    types = {
        "id": "VARCHAR",
        "user_id": "VARCHAR",
        "description": "VARCHAR",
        "project_id": "VARCHAR",
        "task_id": "VARCHAR",
        "billable": "BOOLEAN",
        "start_at": "TIMESTAMP",
        "end_at": "TIMESTAMP",
        "duration_s": "INTEGER",
        "zone": "VARCHAR",
        "local_date": "DATE",
        "invoiced": "BOOLEAN",
        "hourly_rate": "BIGINT",
        "cost_rate": "BIGINT",
        "currency": "VARCHAR",
    }
    spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in types.items()) + "}"
    con.execute(f"""CREATE TABLE e AS SELECT * REPLACE (coalesce(description, '') AS description)
                    FROM read_csv('{csv_folder / "entries.csv"}', header = true, columns = {spec})""")
    for name in ("users", "projects", "clients", "tasks", "tags"):
        con.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv('{csv_folder / (name + '.csv')}', header = true, all_varchar = true)"
        )
    con.execute(
        f"CREATE TABLE entry_tags AS SELECT * FROM read_csv('{csv_folder / 'entry_tags.csv'}', header = true, all_varchar = true)"
    )
    load_s = time.perf_counter() - t0
    n = con.execute("SELECT count(*) FROM e").fetchone()[0]
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    log(f"duckdb: loaded {n:,} entries in {load_s:.1f} s ({threads} threads)")
    info: dict[str, Any] = {
        "load_s": round(load_s, 2),
        "entries": n,
        "threads": threads,
        "results": {},
        "answers": {},
        "window_counts": {},
    }
    for window in WINDOWS:
        lo, hi = utc_bounds(window)
        info["window_counts"][window] = con.execute(
            f"SELECT count(*) FROM e WHERE start_at >= {_ts(lo)} AND start_at <= {_ts(hi)}"
        ).fetchone()[0]
    for q in queries:
        target = workdir / f"duckdb-{q.name}.csv"
        statements = duck_sql(q, target)
        repeat = args.export_repeat if q.export else args.repeat
        for _ in range(max(1, args.warmup)):
            for s in statements:
                con.execute(s).fetchall()
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            answers = [con.execute(s).fetchall() for s in statements]
            samples.append(1000 * (time.perf_counter() - t0))
        r = {**stats(samples), "samples_ms": [round(s, 2) for s in samples], "sql": statements}
        if q.export:
            rows = info["window_counts"][q.window]
            r.update(rows=rows, rows_per_s=round(rows / (r["median_ms"] / 1000)), bytes=target.stat().st_size)
        info["results"][q.name] = r
        info["answers"][q.name] = answers
        log(f"duckdb {q.name:17}: median {r['median_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms")
    con.close()
    return info


# --- correctness ---------------------------------------------------------------------------------


def check(backend: dict[str, Any], duck: dict[str, Any]) -> list[dict[str, Any]]:
    """Compare the API's answers with DuckDB's; each check says what it compared and whether it held."""
    out = []
    res, ans = backend["results"], duck["answers"]

    def add(name: str, ok: bool, detail: str) -> None:
        out.append({"check": name, "ok": ok, "detail": detail})

    for qname in ("summary_year", "summary_month"):
        if qname not in res or qname not in ans:
            continue
        body = json.loads(res[qname]["_body"])
        t = body["totals"][0]
        ((_, d, bd, n, earned, cost),) = ans[qname][0]
        amounts = {a["type"]: a["value"] for a in t["amounts"]}
        got = (
            t["totalTime"],
            t["totalBillableTime"],
            t["entriesCount"],
            amounts.get("EARNED"),
            amounts.get("COST"),
        )
        want = (int(d), int(bd), int(n), int(earned), int(cost))
        add(
            f"{qname}: totals (time, billable time, entries, earned, cost)",
            got == want,
            f"API {got}, DuckDB {want}",
        )
        api_groups = {}
        for g in body["groupOne"]:
            for c in g["children"]:
                a = {x["type"]: x["value"] for x in c["amounts"]}
                api_groups[(g["_id"] or None, c["_id"] or None)] = (
                    c["duration"],
                    a.get("EARNED"),
                    a.get("COST"),
                )
        duck_groups = {(r[0], r[1]): (int(r[2]), int(r[5]), int(r[6])) for r in ans[qname][1]}
        diff = sum(1 for k in set(api_groups) | set(duck_groups) if api_groups.get(k) != duck_groups.get(k))
        add(
            f"{qname}: every (project, user) group's time, earned and cost",
            diff == 0,
            f"{len(api_groups)} groups from the API, {len(duck_groups)} from DuckDB, {diff} differ",
        )
    for qname in ("detailed_p1", "detailed_p500", "detailed_p500_nt"):
        if qname not in res or qname not in ans:
            continue
        body = json.loads(res[qname]["_body"])
        size = BY_NAME[qname].extra["detailedFilter"]["pageSize"]
        got = [e["id"] for e in body["timeentries"]]
        want = [r[0] for r in ans[qname][0]][:size]
        add(
            f"{qname}: the same entry ids in the same order",
            got == want,
            f"{len(got)} ids"
            + (", the window has fewer entries than this page starts at" if not got else ""),
        )
    if "weekly" in res and "weekly" in ans:
        body = json.loads(res["weekly"]["_body"])
        got = {d["date"]: d["duration"] for d in body["totalsByDay"]}
        want: dict[str, int] = collections.defaultdict(int)
        for r in ans["weekly"][1]:
            want[r[2].isoformat()] += int(r[3])
        add("weekly: time by day", got == dict(want), f"API {sorted(got.items())[:2]}…")
    for qname in ("export_year", "export_month"):
        if qname in res and qname in duck["results"]:
            got, want = res[qname]["rows"], duck["results"][qname]["rows"]
            add(f"{qname}: CSV rows", got == want, f"API {got:,}, DuckDB {want:,}")
    return out


# --- report --------------------------------------------------------------------------------------

NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def _ratio(x: float) -> str:
    return f"{x:.1f}×" if x < 10 else f"{x:.0f}×"


def verdict(q: Query, r: dict[str, Any], flat: bool | None = None) -> tuple[str, str]:
    if q.export and q.name == "export_year":
        ok = r["rows_per_s"] >= EXPORT_GOAL_ROWS_S and flat is not False
        return f"≥ {EXPORT_GOAL_ROWS_S:,} rows/s, flat memory", "**yes**" if ok else "**no**"
    if q.goal_ms is None:
        return "–", "–"
    return f"p95 ≤ {q.goal_ms:g} ms", "**yes**" if r["p95_ms"] <= q.goal_ms else "**no**"


def markdown(result: dict[str, Any]) -> str:
    m, v, g = result["machine"], result["versions"], result["git"]
    pg = result.get("postgres")
    commit = f"`{(g['commit'] or '?')[:12]}`" + (" plus uncommitted changes" if g["dirty"] else "")
    ds = result["dataset"]
    duck = result.get("duckdb") or {"results": {}}
    lines = [
        f"- run: {result['started']} to {result['finished']}, commit {commit}",
        (
            f"- machine: {m['cpu_model']}, {m['logical_cpus']} logical CPUs, {m['ram_gib']} GiB RAM; {m['os']}, "
            f"Linux {m['kernel']}; load average {' '.join(m['loadavg_start'])} at start"
        ),
        f"- software: Python {v['python']}, SQLite {v['sqlite']}"
        + (
            f", PostgreSQL {pg['server_version'].split()[0]} (fsync={pg['fsync']}, shared_buffers={pg['shared_buffers']})"
            if pg
            else ""
        )
        + f", DuckDB {v['duckdb']} ({duck.get('threads', '?')} threads), uvicorn {v['packages']['uvicorn']}, "
        f"FastAPI {v['packages']['fastapi']}, SQLAlchemy {v['packages']['sqlalchemy']}, "
        f"aiosqlite {v['packages']['aiosqlite']}, asyncpg {v['packages']['asyncpg']}",
        (
            f"- data: {ds['time_entries']:,} entries ({ds['year_entries']:,} in the one-year window, "
            f"{ds['month_entries']:,} in the month), {ds['time_entry_tags']:,} entry tags, 200 users, 300 projects; "
            f"seed {ds['seed']}"
        ),
        (
            f"- timing: {result['args']['warmup']} warm-up + {result['args']['repeat']} measured requests per report "
            f"({result['args']['export_repeat']} per export), one at a time on one keep-alive connection; "
            "p95 is the nearest rank"
        ),
        f"- command: `{result['command']}`",
        "",
        (
            "| backend | report | median ms | p95 ms | × DuckDB (median) | server CPU ms | PG CPU ms (incl. parallel workers) | other load (cores) "
            "| goal | met? |"
        ),
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for b in result["backends"]:
        name = NAMES.get(b["backend"], b["backend"])
        for q in QUERIES:
            r = b["results"].get(q.name)
            if r is None or q.export:
                continue
            dr = duck["results"].get(q.name)
            ratio = _ratio(r["median_ms"] / dr["median_ms"]) if dr and dr["median_ms"] else "–"
            goal, met = verdict(q, r)
            pg_ms = f"{r['pg_cpu_ms']:.1f}" if r.get("pg_cpu_ms") is not None else "–"
            lines.append(
                f"| {name} | {q.label} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | {ratio} "
                f"| {r['server_cpu_ms']:.1f} | {pg_ms} | {r['other_load_cores']:.2f} | {goal} | {met} |"
            )
    for q in QUERIES:
        dr = duck["results"].get(q.name)
        if dr and not q.export:
            lines.append(
                f"| DuckDB (reference) | {q.label} | {dr['median_ms']:.1f} | {dr['p95_ms']:.1f} | 1× | – | – | – | – | – |"
            )
    lines += [
        "",
        (
            "| backend | export | rows | median s | rows/s | × DuckDB (rows/s) | first byte ms | server RSS before | "
            "peak RSS growth | server CPU s | PG CPU s (incl. parallel workers) | other load (cores) | goal | met? |"
        ),
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for b in result["backends"]:
        name = NAMES.get(b["backend"], b["backend"])
        flat = b.get("export_flat")
        for q in QUERIES:
            r = b["results"].get(q.name)
            if r is None or not q.export:
                continue
            dr = duck["results"].get(q.name)
            ratio = f"1/{dr['rows_per_s'] / r['rows_per_s']:.0f}" if dr else "–"
            goal, met = verdict(q, r, flat) if q.name == "export_year" else ("–", "–")
            pg_s = f"{r['pg_cpu_ms'] / 1000:.1f}" if r.get("pg_cpu_ms") is not None else "–"
            lines.append(
                f"| {name} | {q.label} | {r['rows']:,} | {r['median_ms'] / 1000:.2f} | {r['rows_per_s']:,} | {ratio} "
                f"| {r['first_byte_ms']:.0f} | {r['rss_before_mib']:.0f} MiB | +{r['rss_peak_growth_mib']:.1f} MiB "
                f"| {r['server_cpu_ms'] / 1000:.1f} | {pg_s} | {r['other_load_cores']:.2f} | {goal} | {met} |"
            )
    for q in QUERIES:
        dr = duck["results"].get(q.name)
        if dr and q.export:
            lines.append(
                f"| DuckDB (reference) | {q.label} (COPY TO file) | {dr['rows']:,} | {dr['median_ms'] / 1000:.2f} "
                f"| {dr['rows_per_s']:,} | 1 | – | – | – | – | – | – | – | – |"
            )
    lines.append("")
    lines.append(
        f"Memory is flat when the one-year export grows the server by at most {FLAT_MIB} MiB more than the "
        "one-month export (12× fewer rows)."
    )
    lines.append("")
    lines.append("Correctness (API answers against DuckDB over the same rows):")
    for b in result["backends"]:
        for c in b.get("checks", []):
            lines.append(
                f"- {NAMES.get(b['backend'], b['backend'])}: {c['check']}: "
                f"{'**equal**' if c['ok'] else '**DIFFERENT**'} ({c['detail']})"
            )
    for b in result["backends"]:
        for name, p in (b.get("profiles") or {}).items():
            per = "ms/request" if p["unit"] == "request" else "µs/row"
            lines += [
                "",
                (
                    f"py-spy, {NAMES.get(b['backend'], b['backend'])} {name}: {p['samples']} samples at "
                    f"{p['rate']} Hz over {p['units']:,} {p['unit']}s (all active threads; raw: `{p['raw']}`)"
                ),
                "",
                f"| phase | % of samples | {per} |",
                "|---|---:|---:|",
            ]
            lines += [f"| {n} | {pct} | {ms} |" for n, pct, ms in p["phases"]]
            lines += ["", f"| layer (innermost frame) | % of samples | {per} |", "|---|---:|---:|"]
            lines += [f"| {n} | {pct} | {ms} |" for n, pct, ms in p["layers"]]
    return "\n".join(lines)


def explain_text(result: dict[str, Any]) -> str:
    out = []
    for b in result["backends"]:
        for s in (b.get("explain") or {}).get("statements", []):
            out.append(
                f"### {NAMES.get(b['backend'])} {s['query']}: {s['ms']} ms, {s['rows']} rows\n{s['sql']}\n"
            )
            out.append("\n".join(s["plan"]) + "\n")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--entries", type=int, default=1_000_000, help="time entries to generate (default 1,000,000)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backends", default="sqlite,postgres", help="comma-separated: sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=10, help="measured requests per report (default 10)")
    parser.add_argument("--export-repeat", type=int, default=3, help="measured runs per export (default 3)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured requests first (default 2)")
    parser.add_argument(
        "--queries",
        default=",".join(q.name for q in QUERIES),
        help="comma-separated subset of: " + ", ".join(q.name for q in QUERIES),
    )
    parser.add_argument("--no-duckdb", action="store_true", help="skip the DuckDB reference (and the checks)")
    parser.add_argument("--explain", action="store_true", help="capture, time and EXPLAIN every statement")
    parser.add_argument("--py-spy", default=None, help="path to py-spy: profile the server per report")
    parser.add_argument("--profile-queries", default="summary_year,detailed_p500,export_year")
    parser.add_argument("--profile-seconds", type=int, default=15)
    parser.add_argument("--profile-rate", type=int, default=200)
    parser.add_argument(
        "--pg-url", default=None, help="any URL of the PostgreSQL server (default: scripts/pg.sh url)"
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=CACHE,
        help="generated databases and CSV (default benchmarks/out/cache)",
    )
    parser.add_argument(
        "--drop",
        action="store_true",
        help="delete this run's cached SQLite file and PostgreSQL database at the end",
    )
    parser.add_argument(
        "--out", type=Path, default=OUT, help="folder for the JSON result (default benchmarks/out)"
    )
    args = parser.parse_args()
    if not TIMELEDGER.exists():
        sys.exit(
            f"{TIMELEDGER} not found: run this with the project's venv, .venv/bin/python benchmarks/reports.py"
        )
    args.query_names = [n.strip() for n in args.queries.split(",") if n.strip()]
    unknown = [n for n in args.query_names if n not in BY_NAME]
    if unknown:
        parser.error(f"unknown queries {unknown}")
    queries = [q for q in QUERIES if q.name in args.query_names]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if any(b not in NAMES for b in backends):
        parser.error("backends: sqlite, postgres")
    if "postgres" in backends:
        args.pg_url = args.pg_url or common.default_pg_url()
        try:
            asyncio.run(common._pg(args.pg_url, "SELECT 1"))
        except Exception as exc:  # noqa: BLE001
            sys.exit(
                f"PostgreSQL at {args.pg_url} is not reachable ({exc}); start it with scripts/pg.sh start, "
                "pass --pg-url, or use --backends sqlite"
            )
    if args.py_spy and not Path(args.py_spy).exists():
        sys.exit(f"py-spy not found at {args.py_spy}")

    started = datetime.now(UTC)
    versions = common.versions()
    try:
        import duckdb

        versions["duckdb"] = duckdb.__version__
    except ImportError:
        if not args.no_duckdb:
            sys.exit("DuckDB is missing: .venv/bin/pip install -e '.[bench]'   (or pass --no-duckdb)")
        versions["duckdb"] = None
    result: dict[str, Any] = {
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join([".venv/bin/python", "benchmarks/reports.py", *sys.argv[1:]]),
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "machine": common.machine_info(),
        "versions": versions,
        "git": common.git_info(),
        "zone": ZONE,
        "windows": WINDOWS,
        "backends": [],
    }
    if "postgres" in backends:
        result["postgres"] = common.pg_settings(args.pg_url)
    with tempfile.TemporaryDirectory(prefix="timeledger-reports-") as tmp:
        workdir = Path(tmp)
        for backend in backends:
            result["backends"].append(bench_backend(backend, args, workdir, queries))
        duck = None
        if not args.no_duckdb:
            duck = bench_duckdb(ensure_csv(args), args, queries, workdir)
            result["duckdb"] = {k: v for k, v in duck.items() if k != "answers"}
            for b in result["backends"]:
                b["checks"] = check(b, duck)
    for b in result["backends"]:
        year, month = b["results"].get("export_year"), b["results"].get("export_month")
        if year and month:
            b["export_flat"] = year["rss_peak_growth_mib"] - month["rss_peak_growth_mib"] <= FLAT_MIB
        for r in b["results"].values():
            r.pop("_body", None)
        b.pop("key", None)
    first = result["backends"][0]["dataset"] if result["backends"] else {}
    counts = first.get("counts", {})
    wc = (result.get("duckdb") or {}).get("window_counts", {})
    result["dataset"] = {
        "seed": args.seed,
        "time_entries": counts.get("time_entries", 0),
        "time_entry_tags": counts.get("time_entry_tags", 0),
        "year_entries": wc.get("year", 0),
        "month_entries": wc.get("month", 0),
    }
    result["machine"]["loadavg_end"] = common._read("/proc/loadavg").split()[:3]
    result["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if args.drop:
        for b in result["backends"]:
            ds = b["dataset"]
            if b["backend"] == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    Path(ds["path"] + suffix).unlink(missing_ok=True)
                (args.cache_dir / f"reports-{dataset_tag(args)}.sqlite.json").unlink(missing_ok=True)
            else:
                asyncio.run(
                    common._pg(args.pg_url, f'DROP DATABASE IF EXISTS "{ds["database"]}" WITH (FORCE)')
                )
                (args.cache_dir / f"reports-{dataset_tag(args)}.postgres.json").unlink(missing_ok=True)
            log(f"{b['backend']}: dropped the cached database")

    args.out.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    out_file = args.out / f"reports-{stamp}.json"
    out_file.write_text(json.dumps(result, indent=2, default=str))
    print(markdown(result))
    if args.explain:
        explain_file = args.out / f"reports-explain-{stamp}.txt"
        explain_file.write_text(explain_text(result))
        print(
            f"\nStatements, times and plans: {explain_file.relative_to(ROOT) if explain_file.is_relative_to(ROOT) else explain_file}"
        )
    print(f"\nRaw results: {out_file.relative_to(ROOT) if out_file.is_relative_to(ROOT) else out_file}")


if __name__ == "__main__":
    main()
