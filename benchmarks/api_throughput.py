"""Create- and list-time-entry throughput and latency beside a bare FastAPI endpoint, per backend.

    .venv/bin/python benchmarks/api_throughput.py [--duration 10] [--connections 32] \
        [--backends sqlite,postgres] [--rounds 3] [--preload 3000]

For each backend: a fresh database (a temp SQLite file, or a new PostgreSQL database on the
server `scripts/pg.sh url` names, dropped at the end), `timeledger serve` (one worker, rate
limits off) and benchmarks/bare_app.py (the same uvicorn, one worker, no database). An owner is
bootstrapped and `--preload` finished entries are created through the API (a third with a
project, a third with a tag). Then, `--rounds` times, interleaved so that slow phases of a noisy
machine hit all three alike:

  bare    POST /bare/{ws}/time-entries    body validated and echoed, no database (the ceiling)
  create  POST /v1/workspaces/{ws}/time-entries   distinct finished entries (start times vary)
  list    GET  /v1/workspaces/{ws}/user/{uid}/time-entries?page=1&page-size=50

each as a `--warmup` wrk run followed by a measured `--duration` wrk run at `--connections`
connections (benchmarks/wrk_api.lua). Every non-2xx answer and every socket error is counted.
Ratios to bare are taken within a round, then the median over rounds is reported. CPU seconds of
the server process, of this database's PostgreSQL backends, of wrk and of everything else on the
machine are sampled from /proc around each measured run, so a busy machine shows in the output.

Prints a Markdown table for BENCHMARKS.md and writes everything to benchmarks/out/*.json.
Needs wrk (Debian: `apt-get install -y wrk`). Only loopback traffic.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
OUT = BENCH / "out"
LUA = BENCH / "wrk_api.lua"
VENV_BIN = Path(sys.executable).parent
TIMELEDGER = VENV_BIN / "timeledger"
CLK_TCK = os.sysconf("SC_CLK_TCK")
TARGETS = ("bare", "create", "list")
PRELOAD_END = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # preloaded entries end here; wrk's start in 2020


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- machine and versions ---------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _run(cmd: list[str], **kw: Any) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False, **kw).stdout.strip()
    except OSError:
        return ""


def machine_info() -> dict[str, Any]:
    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    return {
        "cpu_model": model.group(1).strip() if model else platform.processor(),
        "logical_cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "ram_gib": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
        "kernel": platform.release(),
        "os": _os_name(),
        "loadavg_start": _read("/proc/loadavg").split()[:3],
    }


def _os_name() -> str:
    m = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', _read("/etc/os-release"), re.MULTILINE)
    return m.group(1) if m else platform.platform()


def versions() -> dict[str, Any]:
    import importlib.metadata as md
    import sqlite3

    pkgs = {}
    for name in (
        "timeledger",
        "fastapi",
        "starlette",
        "pydantic",
        "uvicorn",
        "uvloop",
        "httptools",
        "sqlalchemy",
        "aiosqlite",
        "asyncpg",
    ):
        try:
            pkgs[name] = md.version(name)
        except md.PackageNotFoundError:
            pkgs[name] = None
    wrk = _run(["wrk", "--version"])
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "wrk": (wrk.splitlines() or [""])[0].split(" [")[0],
        "packages": pkgs,
    }


def git_info() -> dict[str, Any]:
    commit = _run(["git", "-C", str(ROOT), "rev-parse", "HEAD"])
    dirty = _run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"])
    return {"commit": commit or None, "dirty": bool(dirty)}


def fs_type(path: Path) -> str:
    best, kind = "", "?"
    for line in _read("/proc/mounts").splitlines():
        parts = line.split()
        if len(parts) >= 3 and str(path).startswith(parts[1]) and len(parts[1]) >= len(best):
            best, kind = parts[1], parts[2]
    return kind


# --- CPU accounting from /proc -------------------------------------------------------------------


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) of one process; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def thread_cpu(pid: int, tid: int) -> float:
    """CPU seconds of one thread of a process; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def machine_busy() -> float:
    """CPU seconds all cores spent not idle (iowait counts as idle) since boot."""
    values = [int(v) for v in _read("/proc/stat").splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / CLK_TCK


def pg_backends(dbname: str | None) -> dict[int, float]:
    """CPU seconds of the PostgreSQL backends connected to `dbname`, by pid."""
    if not dbname:
        return {}
    result = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            cmdline = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        # process title: "postgres: <user> <database> <host>(<port>) <state>"
        if cmdline.startswith("postgres: ") and f" {dbname} " in cmdline:
            result[int(entry.name)] = proc_cpu(int(entry.name))
    return result


@dataclass
class CpuSample:
    wall: float
    busy: float
    server: float
    server_main: float  # the event-loop thread; the rest are aiosqlite and anyio worker threads
    pg: dict[int, float]

    @classmethod
    def take(cls, server_pid: int, dbname: str | None) -> CpuSample:
        return cls(
            time.monotonic(),
            machine_busy(),
            proc_cpu(server_pid),
            thread_cpu(server_pid, server_pid),
            pg_backends(dbname),
        )


# --- processes -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    port: int
    log_path: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_server(name: str, cmd: list[str], port: int, env: dict[str, str], workdir: Path) -> Server:
    log_path = workdir / f"{name}.log"
    with open(log_path, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    server = Server(name, proc, port, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                pass
            if _http_get(port, "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{name} did not answer on port {port} within 60 s:\n{log_path.read_text()[-3000:]}")


def _http_get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _http_post(port: int, path: str, body: dict[str, Any], key: str) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={"X-Api-Key": key, "Content-Type": "application/json"},
        )
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# --- PostgreSQL admin --------------------------------------------------------------------------


def default_pg_url() -> str:
    return (
        os.environ.get("TIMELEDGER_BENCH_PG_URL")
        or _run(["sh", str(ROOT / "scripts/pg.sh"), "url"])
        or "postgresql+asyncpg://postgres@127.0.0.1:55432/timeledger"
    )


def _asyncpg_dsn(url: str, dbname: str) -> str:
    from sqlalchemy.engine import make_url

    u = make_url(url).set(drivername="postgresql", database=dbname)
    return u.render_as_string(hide_password=False)


async def _pg(url: str, *statements: str) -> list[Any]:
    import asyncpg

    conn = await asyncpg.connect(_asyncpg_dsn(url, "postgres"))
    try:
        return [await conn.fetchval(s) for s in statements]
    finally:
        await conn.close()


def pg_settings(url: str) -> dict[str, Any]:
    names = (
        "server_version",
        "fsync",
        "synchronous_commit",
        "full_page_writes",
        "shared_buffers",
        "max_connections",
    )
    values = asyncio.run(_pg(url, *(f"SHOW {n}" for n in names)))
    return dict(zip(names, values, strict=True))


# --- account and data --------------------------------------------------------------------------


def bootstrap(env: dict[str, str]) -> dict[str, str]:
    out = subprocess.run(
        [
            str(TIMELEDGER),
            "admin",
            "bootstrap",
            "--email",
            "bench@example.com",
            "--name",
            "Bench",
            "--workspace",
            "Bench",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


async def _preload(port: int, ws: str, key: str, count: int, concurrency: int = 8) -> dict[str, Any]:
    import httpx

    headers = {"X-Api-Key": key}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=60) as client:
        project = (await client.post(f"/v1/workspaces/{ws}/projects", json={"name": "Bench project"})).json()[
            "id"
        ]
        tag = (await client.post(f"/v1/workspaces/{ws}/tags", json={"name": "bench-tag"})).json()["id"]
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(count):
            queue.put_nowait(i)
        failures: list[str] = []

        async def worker() -> None:
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                start = PRELOAD_END - timedelta(hours=i + 1)
                body: dict[str, Any] = {
                    "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "end": (start + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "description": f"preloaded entry {i}",
                }
                if i % 3 == 1:
                    body["projectId"] = project
                elif i % 3 == 2:
                    body["tagIds"] = [tag]
                resp = await client.post(f"/v1/workspaces/{ws}/time-entries", json=body)
                if resp.status_code != 201:
                    failures.append(f"{resp.status_code} {resp.text[:200]}")

        t0 = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.monotonic() - t0
    if failures:
        raise RuntimeError(f"{len(failures)} preload requests failed, e.g. {failures[0]}")
    return {"entries": count, "seconds": round(elapsed, 2), "project_id": project, "tag_id": tag}


# --- wrk -----------------------------------------------------------------------------------------


def check_wrk() -> None:
    if shutil.which("wrk"):
        return
    sys.exit(
        "benchmarks/api_throughput.py needs wrk, a load generator in C, so that the load generator takes\n"
        "as little of the 2 shared cores as possible (a Python client would steal CPU from the server).\n"
        "Install it with:  apt-get install -y wrk   (Debian package 'wrk')"
    )


def run_wrk(
    url: str, mode: str, path: str, key: str, offset: int, seconds: float, connections: int, threads: int
) -> dict[str, Any]:
    env = {
        **os.environ,
        "BENCH_MODE": mode,
        "BENCH_PATH": path,
        "BENCH_KEY": key,
        "BENCH_OFFSET": str(offset),
    }
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        url,
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout, stderr = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    _, status, rusage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = stdout.decode(errors="replace")
    line = next((ln for ln in text.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(
            f"wrk failed ({proc.returncode}): {' '.join(cmd)}\n{text}\n{stderr.decode(errors='replace')}"
        )
    result = json.loads(line[len("BENCH_JSON ") :])
    result["wrk_cpu_s"] = rusage.ru_utime + rusage.ru_stime
    result["command"] = (
        " ".join(f"{k}={env[k]}" for k in ("BENCH_MODE", "BENCH_PATH", "BENCH_OFFSET"))
        + " BENCH_KEY=$KEY "
        + " ".join(cmd)
    )
    return result


@dataclass
class Measurement:
    target: str
    round: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    raw: dict[str, Any]
    cpu: dict[str, float] = field(default_factory=dict)


def measure(
    target: str,
    rnd: int,
    server: Server,
    url: str,
    mode: str,
    path: str,
    key: str,
    offsets: list[int],
    args: argparse.Namespace,
    dbname: str | None,
) -> Measurement:
    step = args.threads * 1_000_000
    if args.warmup > 0:
        offsets[0] += step
        run_wrk(url, mode, path, key, offsets[0], args.warmup, args.connections, args.threads)
    offsets[0] += step
    before = CpuSample.take(server.pid, dbname)
    raw = run_wrk(url, mode, path, key, offsets[0], args.duration, args.connections, args.threads)
    after = CpuSample.take(server.pid, dbname)
    wall = after.wall - before.wall
    pg = sum(cpu - before.pg.get(pid, 0.0) for pid, cpu in after.pg.items())
    server_cpu = after.server - before.server
    busy = after.busy - before.busy
    requests = raw["requests"]
    cpu = {
        "wall_s": round(wall, 3),
        "server_s": round(server_cpu, 3),
        "pg_backends_s": round(pg, 3),
        "wrk_s": round(raw["wrk_cpu_s"], 3),
        "machine_busy_s": round(busy, 3),
        "other_s": round(max(0.0, busy - server_cpu - pg - raw["wrk_cpu_s"]), 3),
        "pg_backends_seen": len(after.pg),
        "server_ms_per_req": round(1000 * server_cpu / requests, 3) if requests else None,
        "server_main_thread_ms_per_req": round(1000 * (after.server_main - before.server_main) / requests, 3)
        if requests
        else None,
        "pg_ms_per_req": round(1000 * pg / requests, 3) if requests else None,
        "wrk_ms_per_req": round(1000 * raw["wrk_cpu_s"] / requests, 3) if requests else None,
    }
    cpu["other_cores"] = round(cpu["other_s"] / wall, 2) if wall else None
    errors = sum(raw["errors"][k] for k in ("connect", "read", "write", "timeout", "non_2xx"))
    return Measurement(
        target=target,
        round=rnd,
        rps=requests / (raw["duration_us"] / 1e6),
        p50_ms=raw["latency_us"]["p50"] / 1000,
        p99_ms=raw["latency_us"]["p99"] / 1000,
        errors=errors,
        raw=raw,
        cpu=cpu,
    )


# --- one backend ---------------------------------------------------------------------------------


def bench_backend(
    backend: str, args: argparse.Namespace, workdir: Path, offsets: list[int]
) -> dict[str, Any]:
    info: dict[str, Any] = {"backend": backend}
    dbname = None
    pg_url = args.pg_url
    if backend == "sqlite":
        db_path = workdir / "sqlite" / "bench.db"
        db_path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{db_path}"
        info["database"] = {"path": str(db_path), "filesystem": fs_type(db_path.parent)}
    elif backend == "postgres":
        dbname = f"bench_api_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        asyncio.run(_pg(pg_url, f'CREATE DATABASE "{dbname}"'))
        url = _asyncpg_dsn(pg_url, dbname).replace("postgresql://", "postgresql+asyncpg://", 1)
        info["database"] = {"name": dbname, **pg_settings(pg_url)}
    else:
        raise SystemExit(f"unknown backend {backend!r} (sqlite, postgres)")

    env = {
        **os.environ,
        "TIMELEDGER_DATABASE_URL": url,
        "TIMELEDGER_DATA_DIR": str(workdir / f"data-{backend}"),
        "TIMELEDGER_RATE_LIMIT_PER_WORKSPACE": "0",
        "TIMELEDGER_RATE_LIMIT_PER_KEY": "0",
    }
    servers: list[Server] = []
    try:
        log(f"{backend}: bootstrap an owner")
        account = bootstrap(env)
        ws, uid, key = account["workspaceId"], account["userId"], account["apiKey"]
        port, bare_port = free_port(), free_port()
        log(f"{backend}: start timeledger serve on :{port} and bare_app on :{bare_port}")
        app = start_server(
            f"timeledger-{backend}",
            [str(TIMELEDGER), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            port,
            env,
            workdir,
        )
        servers.append(app)
        bare = start_server(
            f"bare-{backend}",
            [sys.executable, str(BENCH / "bare_app.py"), "--port", str(bare_port), "--log-level", "warning"],
            bare_port,
            dict(os.environ),
            workdir,
        )
        servers.append(bare)

        log(f"{backend}: preload {args.preload} entries through the API")
        info["preload"] = asyncio.run(_preload(port, ws, key, args.preload))
        log(f"{backend}: preloaded in {info['preload']['seconds']} s")

        paths = {
            "bare": (bare, "create", f"/bare/{ws}/time-entries"),
            "create": (app, "create", f"/v1/workspaces/{ws}/time-entries"),
            "list": (app, "list", f"/v1/workspaces/{ws}/user/{uid}/time-entries?page=1&page-size=50"),
        }
        # Sanity: each request answers as expected before it is measured.
        sample = {"start": "2019-06-01T09:00:00Z", "end": "2019-06-01T10:00:00Z", "description": "sanity"}
        status, body = _http_post(app.port, paths["create"][2], sample, key)
        assert status == 201, (status, body[:300])
        status, body = _http_get(app.port, paths["list"][2], {"X-Api-Key": key})
        assert status == 200 and len(json.loads(body)) == 50, (status, body[:300])
        info["list_response_bytes"] = len(body)
        status, body = _http_post(bare.port, paths["bare"][2], sample, key)
        assert status == 201, (status, body[:300])

        measurements: list[Measurement] = []
        for rnd in range(1, args.rounds + 1):
            for target in TARGETS:
                server, mode, path = paths[target]
                m = measure(
                    target,
                    rnd,
                    server,
                    f"http://127.0.0.1:{server.port}",
                    mode,
                    path,
                    key,
                    offsets,
                    args,
                    dbname if server is app else None,
                )
                measurements.append(m)
                log(
                    f"{backend} round {rnd} {target:6}: {m.rps:7.0f} req/s  p50 {m.p50_ms:6.1f} ms  "
                    f"p99 {m.p99_ms:6.1f} ms  errors {m.errors}  server CPU {m.cpu['server_ms_per_req']} ms/req  "
                    f"other load {m.cpu['other_cores']} cores"
                )
        info["measurements"] = [
            {
                "target": m.target,
                "round": m.round,
                "rps": round(m.rps, 1),
                "p50_ms": m.p50_ms,
                "p99_ms": m.p99_ms,
                "errors": m.errors,
                "wrk": m.raw,
                "cpu": m.cpu,
            }
            for m in measurements
        ]
        info["summary"] = summarise(measurements)
        return info
    finally:
        for server in servers:
            server.stop()
        if dbname:
            try:
                asyncio.run(_pg(pg_url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
                log(f"{backend}: dropped database {dbname}")
            except Exception as exc:  # noqa: BLE001 - report, do not hide the real error
                log(f"{backend}: could not drop database {dbname}: {exc}")


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summarise(measurements: list[Measurement]) -> dict[str, Any]:
    by_round: dict[int, dict[str, Measurement]] = {}
    for m in measurements:
        by_round.setdefault(m.round, {})[m.target] = m
    summary = {}
    for target in TARGETS:
        ms = [m for m in measurements if m.target == target]
        ratios = {
            metric: [
                getattr(r[target], metric) / getattr(r["bare"], metric)
                for r in by_round.values()
                if target in r and "bare" in r and getattr(r["bare"], metric)
            ]
            for metric in ("rps", "p50_ms", "p99_ms")
        }
        summary[target] = {
            "rps": round(_median([m.rps for m in ms]), 1),
            "rps_range": [round(min(m.rps for m in ms), 1), round(max(m.rps for m in ms), 1)],
            "p50_ms": round(_median([m.p50_ms for m in ms]), 2),
            "p99_ms": round(_median([m.p99_ms for m in ms]), 2),
            "errors": sum(m.errors for m in ms),
            "requests": sum(m.raw["requests"] for m in ms),
            "non_2xx_by_status": _merge([m.raw["non_2xx_by_status"] for m in ms]),
            "rps_ratio": round(_median(ratios["rps"]), 3),
            "rps_ratio_range": [round(min(ratios["rps"]), 3), round(max(ratios["rps"]), 3)],
            "p50_ratio": round(_median(ratios["p50_ms"]), 2),
            "p99_ratio": round(_median(ratios["p99_ms"]), 2),
            "server_ms_per_req": round(_median([m.cpu["server_ms_per_req"] or 0 for m in ms]), 3),
            "server_main_thread_ms_per_req": round(
                _median([m.cpu["server_main_thread_ms_per_req"] or 0 for m in ms]), 3
            ),
            "pg_ms_per_req": round(_median([m.cpu["pg_ms_per_req"] or 0 for m in ms]), 3),
            "other_cores": round(_median([m.cpu["other_cores"] or 0 for m in ms]), 2),
        }
    return summary


def _merge(dicts: list[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for d in dicts:
        for k, v in d.items():
            total[k] = total.get(k, 0) + v
    return total


# --- report --------------------------------------------------------------------------------------

NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
LABELS = {
    "bare": "bare FastAPI `POST` (ceiling)",
    "create": "create time entry `POST`",
    "list": "list time entries `GET` (50)",
}


def markdown(result: dict[str, Any]) -> str:
    m, v, g, a = result["machine"], result["versions"], result["git"], result["args"]
    pg = result.get("postgres")
    commit = f"`{(g['commit'] or '?')[:12]}`" + (" plus uncommitted changes" if g["dirty"] else "")
    lines = [
        f"- run: {result['started']} to {result['finished']}, commit {commit}",
        (
            f"- machine: {m['cpu_model']}, {m['logical_cpus']} logical CPUs, {m['ram_gib']} GiB RAM; "
            f"{m['os']}, Linux {m['kernel']}; load average {' '.join(m['loadavg_start'])} at start"
        ),
        f"- software: Python {v['python']}, SQLite {v['sqlite']}"
        + (
            f", PostgreSQL {pg['server_version'].split()[0]} (fsync={pg['fsync']}, "
            f"synchronous_commit={pg['synchronous_commit']})"
            if pg
            else ""
        )
        + f", {v['wrk']}, uvicorn {v['packages']['uvicorn']}, FastAPI {v['packages']['fastapi']}, "
        f"SQLAlchemy {v['packages']['sqlalchemy']}",
        (
            f"- load: wrk -t{a['threads']} -c{a['connections']}; {a['rounds']} interleaved rounds of "
            f"{a['warmup']:g} s warm-up + {a['duration']:g} s measured per cell; medians over rounds; "
            f"{a['preload']} entries preloaded"
        ),
        "",
        (
            "| backend | endpoint | req/s | p50 ms | p99 ms | errors / requests | req/s ÷ bare (range) "
            "| p50 × bare | p99 × bare | server CPU ms/req | PG CPU ms/req | other load (cores) |"
        ),
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for backend in result["backends"]:
        name = NAMES.get(backend["backend"], backend["backend"])
        for target in TARGETS:
            s = backend["summary"][target]
            codes = ", ".join(f"{k}: {n}" for k, n in s["non_2xx_by_status"].items())
            err = f"{s['errors']}" + (f" ({codes})" if codes else "") + f" / {s['requests']}"
            bare = target == "bare"
            lo, hi = s["rps_ratio_range"]
            ratio = "1" if bare else f"{s['rps_ratio']:.2f} ({lo:.2f}–{hi:.2f})"
            pg_ms = f"{s['pg_ms_per_req']:.2f}" if backend["backend"] == "postgres" and not bare else "–"
            lines.append(
                f"| {name} | {LABELS[target]} | {s['rps']:.0f} | {s['p50_ms']:.1f} | {s['p99_ms']:.1f} | {err} "
                f"| {ratio} | {'1' if bare else format(s['p50_ratio'], '.1f')} "
                f"| {'1' if bare else format(s['p99_ratio'], '.1f')} | {s['server_ms_per_req']:.2f} | {pg_ms} "
                f"| {s['other_cores']:.2f} |"
            )
    lines.append("")
    for backend in result["backends"]:
        ratio = backend["summary"]["create"]["rps_ratio"]
        verdict = "met" if ratio >= 0.5 else "not met"
        lines.append(
            f"- write goal (create ≥ 50 % of the bare endpoint's req/s), "
            f"{NAMES.get(backend['backend'], backend['backend'])}: {ratio * 100:.0f} % → **{verdict}**"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    parser.add_argument(
        "--duration", type=float, default=10, help="seconds per measured wrk run (default 10)"
    )
    parser.add_argument(
        "--warmup", type=float, default=2, help="seconds of unmeasured wrk run before each (default 2)"
    )
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument(
        "--threads", type=int, default=1, help="wrk threads (default 1: the cores are shared)"
    )
    parser.add_argument("--backends", default="sqlite,postgres", help="comma-separated: sqlite,postgres")
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds of bare/create/list (default 3)"
    )
    parser.add_argument(
        "--preload", type=int, default=3000, help="entries created before measuring (default 3000)"
    )
    parser.add_argument(
        "--pg-url",
        default=None,
        help="any URL of the PostgreSQL server (default: scripts/pg.sh url); "
        "a new database is created on it and dropped afterwards",
    )
    parser.add_argument(
        "--out", type=Path, default=OUT, help="folder for the JSON result (default benchmarks/out)"
    )
    args = parser.parse_args()
    check_wrk()
    if not TIMELEDGER.exists():
        sys.exit(
            f"{TIMELEDGER} not found: run this with the project's venv, .venv/bin/python benchmarks/api_throughput.py"
        )
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if "postgres" in backends:
        args.pg_url = args.pg_url or default_pg_url()
        try:
            asyncio.run(_pg(args.pg_url, "SELECT 1"))
        except Exception as exc:  # noqa: BLE001
            sys.exit(
                f"PostgreSQL at {args.pg_url} is not reachable ({exc}); start it with scripts/pg.sh start "
                f"or pass --pg-url, or use --backends sqlite"
            )

    started = datetime.now(UTC)
    result: dict[str, Any] = {
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join([".venv/bin/python", "benchmarks/api_throughput.py", *sys.argv[1:]]),
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "machine": machine_info(),
        "versions": versions(),
        "git": git_info(),
        "backends": [],
    }
    if "postgres" in backends:
        result["postgres"] = pg_settings(args.pg_url)
    offsets = [0]
    with tempfile.TemporaryDirectory(prefix="timeledger-bench-") as tmp:
        for backend in backends:
            result["backends"].append(bench_backend(backend, args, Path(tmp), offsets))
    result["machine"]["loadavg_end"] = _read("/proc/loadavg").split()[:3]
    result["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

    args.out.mkdir(parents=True, exist_ok=True)
    out_file = args.out / f"api_throughput-{started.strftime('%Y%m%d-%H%M%S')}.json"
    out_file.write_text(json.dumps(result, indent=2))
    print(markdown(result))
    print(f"\nRaw results: {out_file.relative_to(ROOT) if out_file.is_relative_to(ROOT) else out_file}")


if __name__ == "__main__":
    main()
