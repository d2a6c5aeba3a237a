"""Where a request's time goes: py-spy samples of `timeledger serve` under wrk load.

    .venv/bin/python benchmarks/profile_api.py --backend sqlite --target create [--seconds 20] [--rate 100]
    .venv/bin/python benchmarks/profile_api.py --breakdown benchmarks/out/profile-....txt   # re-read a profile

Sets up like benchmarks/api_throughput.py (fresh database, one-worker server, bootstrap, preload),
drives one endpoint with wrk at --connections, and records the server with
`py-spy record --gil` (only samples where a thread holds the GIL: the interpreter is the
bottleneck of a one-worker server, and idle waits are left out). Time SQLite spends inside
sqlite3_step and PostgreSQL spends in its own processes is not in these samples; see
"server CPU" and "PG CPU" per request in benchmarks/api_throughput.py for those.

Prints two breakdowns of the GIL-held time, as % and as ms per request: by phase of the request
(which part of timeledger or the framework the sample is under) and by layer (which library the
innermost frame is in). Writes the raw py-spy output (collapsed stacks, usable with
flamegraph.pl or speedscope) under benchmarks/out/.

py-spy is not a project dependency; install it into a throwaway venv and pass --py-spy, e.g.
    python3 -m venv /tmp/prof-venv && /tmp/prof-venv/bin/pip install py-spy
    .venv/bin/python benchmarks/profile_api.py --py-spy /tmp/prof-venv/bin/py-spy ...
It needs ptrace rights on the server process (root, or CAP_SYS_PTRACE).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_throughput as bench

# Phase of the request: the first rule whose marker occurs anywhere in the stack wins.
PHASES: list[tuple[str, tuple[str, ...]]] = [
    (
        "auth: API key + membership + workspace lookup (own read transaction)",
        (";workspace_access (timeledger/api/auth.py",),
    ),
    ("create: membership check (SELECT memberships)", (";require_member (timeledger/services/users.py",)),
    ("create: rate lookup (SELECT rates)", (";resolve_for_entry (timeledger/services/rates.py",)),
    ("create: outbox event (INSERT events)", (";record (timeledger/services/events.py",)),
    (
        "create: validation, zone, values (_prepare, rest)",
        (";_prepare (timeledger/services/time_entries.py",),
    ),
    (
        "create: INSERT time_entries (+ rest of work())",
        (";create_entry.<locals>.work (timeledger/services/time_entries.py",),
    ),
    ("list: page query (SELECT time_entries)", (";fetch_page (timeledger/services/common.py",)),
    (
        "list: tag ids of the page (SELECT time_entry_tags)",
        (";_complete (timeledger/services/time_entries.py",),
    ),
    (
        "entries to wire dicts (wire.time_entry, _entry, _snapshot)",
        (
            ";time_entry (timeledger/api/clockify/wire.py",
            ";_entry (timeledger/services/time_entries.py",
            ";_snapshot (timeledger/services/time_entries.py",
        ),
    ),
    (
        "transaction begin/commit, pool checkout/return",
        (
            ";Database.write (timeledger/db/engine.py",
            ";Database.read (timeledger/db/engine.py",
            ";_on_begin (timeledger/db",
            "AsyncConnection.close",
            "AsyncConnection.__aexit__",
            "AsyncTransaction",
            "AsyncConnection.commit",
            "(sqlalchemy/pool/",
        ),
    ),
    (
        "response: JSON encoding + send",
        (
            ";dumps (timeledger/api/responses.py",
            ";Response.__call__ (starlette/responses.py",
            ";Response.__init__ (starlette/responses.py",
        ),
    ),
    ("FastAPI: sync dependency via threadpool (get_db)", (";run_in_threadpool (starlette/concurrency.py",)),
    (
        "FastAPI: body read + pydantic validation",
        ("request_body_to_args", "Request.body", "Request.json", "_validate_value_with_model_field"),
    ),
    ("FastAPI: other dependency solving", (";solve_dependencies (fastapi/",)),
    ("timeledger endpoint and service glue", ("(timeledger/api/clockify/", "(timeledger/services/")),
    (
        "routing (route matching over all routes)",
        (
            ".matches (fastapi/routing.py",
            "._match (fastapi/routing.py",
            ".effective_candidates (fastapi/routing.py",
        ),
    ),
    (
        "middleware + request/response plumbing (Starlette, FastAPI, timeledger)",
        ("(fastapi/", "(starlette/", "(timeledger/api/middleware.py"),
    ),
    ("uvicorn + httptools (HTTP parsing, transport)", ("(uvicorn/protocols/",)),
]
OTHER_PHASE = "event loop and thread hand-offs (uvloop C code, futures, wake-ups)"


def layer(frames: list[str]) -> str:
    """The library of the innermost frame, with SQLAlchemy split by what it is doing."""
    if not frames:
        return "asyncio / threading (incl. uvloop C code)"
    leaf = frames[-1]
    path = leaf[leaf.find("(") + 1 :] if "(" in leaf else leaf
    stack = ";".join(frames)
    if (
        path.startswith(("sqlalchemy/sql/compiler.py", "sqlalchemy/sql/cache_key.py"))
        or "_compile_w_cache" in leaf
        or "_generate_cache_key" in stack.rsplit("execute", 1)[-1]
    ):
        return "SQLAlchemy: cache key + compile"
    if path.startswith(("sqlalchemy/sql/", "sqlalchemy/schema", "sqlalchemy/util/langhelpers")):
        if "_execute_on_connection" in stack:
            return "SQLAlchemy: bind parameters while executing"
        return "SQLAlchemy: building statement objects (select/where/values)"
    if path.startswith("sqlalchemy/engine/"):
        return "SQLAlchemy: engine (execution context, results, rows)"
    if path.startswith("sqlalchemy/pool/"):
        return "SQLAlchemy: pool"
    if path.startswith(("sqlalchemy/dialects/", "sqlalchemy/connectors/")):
        return "SQLAlchemy: dialect + async adaptor"
    if path.startswith(("sqlalchemy/util/concurrency", "sqlalchemy/util/_concurrency")):
        return "SQLAlchemy: greenlet bridge (await_/greenlet_spawn)"
    if path.startswith("sqlalchemy/"):
        return "SQLAlchemy: other"
    if path.startswith(("aiosqlite/", "sqlite3/")):
        return "driver: aiosqlite (thread hand-off)"
    if path.startswith("asyncpg/"):
        return "driver: asyncpg"
    if path.startswith("pydantic"):
        return "pydantic"
    if path.startswith(("fastapi/", "starlette/", "anyio/")):
        return "FastAPI / Starlette / anyio"
    if path.startswith(("uvicorn/", "httptools")):
        return "uvicorn"
    if path.startswith("timeledger/"):
        return "timeledger code"
    if path.startswith(("json/", "hashlib", "datetime", "zoneinfo")):
        return "stdlib: json, hashlib, datetime"
    if path.startswith(("asyncio/", "threading", "queue", "concurrent/", "weakref")) or leaf.startswith(
        "thread ("
    ):
        return "asyncio / threading (incl. uvloop C code)"
    return "other: " + path.split(":")[0]


def breakdown(raw: Path, requests: float | None, rate: int) -> str:
    phases: collections.Counter[str] = collections.Counter()
    layers: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().split("\n"):
        if not line.strip():
            continue
        stack, _, n_text = line.rpartition(" ")
        if not n_text.isdigit():
            continue  # a torn line (py-spy read a frame name mid-update)
        n = int(n_text)
        total += n
        frames = stack.split(";")
        if frames and frames[0].startswith("thread ("):
            frames = frames[1:]
        joined = ";" + ";".join(frames)
        phases[
            next((name for name, markers in PHASES if any(m in joined for m in markers)), OTHER_PHASE)
        ] += n
        layers[layer(frames)] += n
    if not total:
        return "no samples"
    ms = (lambda n: f"{1000 * n / rate / requests:.2f}") if requests else (lambda n: "–")
    out = [
        f"{total} GIL-held samples at {rate} Hz = {total / rate:.1f} s of interpreter time"
        + (
            f" over ~{requests:.0f} requests = {1000 * total / rate / requests:.2f} ms per request"
            if requests
            else ""
        ),
        "",
        "| phase of the request | % of GIL time | ms/request |",
        "|---|---:|---:|",
    ]
    out += [f"| {name} | {100 * n / total:.1f} | {ms(n)} |" for name, n in phases.most_common()]
    out += ["", "| layer (innermost frame) | % of GIL time | ms/request |", "|---|---:|---:|"]
    out += [f"| {name} | {100 * n / total:.1f} | {ms(n)} |" for name, n in layers.most_common(16)]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--target", choices=("create", "list"), default="create")
    parser.add_argument("--seconds", type=int, default=20, help="seconds of sampling (default 20)")
    parser.add_argument("--rate", type=int, default=100, help="samples per second (default 100)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--preload", type=int, default=2000)
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--py-spy", default=shutil.which("py-spy") or "/tmp/prof-venv/bin/py-spy")
    parser.add_argument("--breakdown", type=Path, help="only print the breakdown of an existing raw profile")
    args = parser.parse_args()
    if args.breakdown:
        print(breakdown(args.breakdown, None, args.rate))
        return
    bench.check_wrk()
    if not Path(args.py_spy).exists():
        sys.exit(f"py-spy not found at {args.py_spy}; see --help for a throwaway-venv install")

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    bench.OUT.mkdir(parents=True, exist_ok=True)
    raw = bench.OUT / f"profile-{args.backend}-{args.target}-{stamp}.txt"
    dbname = None
    pg_url = args.pg_url or bench.default_pg_url()
    with tempfile.TemporaryDirectory(prefix="timeledger-prof-") as tmp:
        workdir = Path(tmp)
        if args.backend == "sqlite":
            url = f"sqlite:///{workdir / 'bench.db'}"
        else:
            dbname = f"bench_prof_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            asyncio.run(bench._pg(pg_url, f'CREATE DATABASE "{dbname}"'))
            url = bench._asyncpg_dsn(pg_url, dbname).replace("postgresql://", "postgresql+asyncpg://", 1)
        env = {
            **os.environ,
            "TIMELEDGER_DATABASE_URL": url,
            "TIMELEDGER_DATA_DIR": str(workdir),
            "TIMELEDGER_RATE_LIMIT_PER_WORKSPACE": "0",
            "TIMELEDGER_RATE_LIMIT_PER_KEY": "0",
        }
        server = None
        try:
            account = bench.bootstrap(env)
            ws, uid, key = account["workspaceId"], account["userId"], account["apiKey"]
            port = bench.free_port()
            server = bench.start_server(
                "timeledger",
                [
                    str(bench.TIMELEDGER),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                ],
                port,
                env,
                workdir,
            )
            bench.log(f"preload {args.preload} entries")
            asyncio.run(bench._preload(port, ws, key, args.preload))
            path = (
                f"/v1/workspaces/{ws}/time-entries"
                if args.target == "create"
                else f"/v1/workspaces/{ws}/user/{uid}/time-entries?page=1&page-size=50"
            )
            mode = "create" if args.target == "create" else "list"
            url_base = f"http://127.0.0.1:{port}"
            bench.run_wrk(url_base, mode, path, key, 1_000_000, 3, args.connections, 1)  # warm-up
            result: dict = {}
            load = threading.Thread(
                target=lambda: result.update(
                    bench.run_wrk(url_base, mode, path, key, 2_000_000, args.seconds + 4, args.connections, 1)
                )
            )
            load.start()
            time.sleep(2)
            bench.log(f"py-spy record --gil for {args.seconds} s on pid {server.pid}")
            before = bench.CpuSample.take(server.pid, dbname)
            subprocess.run(
                [
                    args.py_spy,
                    "record",
                    "--gil",
                    "-r",
                    str(args.rate),
                    "-d",
                    str(args.seconds),
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
            after = bench.CpuSample.take(server.pid, dbname)
            load.join()
        finally:
            if server:
                server.stop()
            if dbname:
                asyncio.run(bench._pg(pg_url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
    rps = result["requests"] / (result["duration_us"] / 1e6)
    requests = rps * args.seconds
    server_ms = 1000 * (after.server - before.server) / requests
    pg_ms = 1000 * sum(c - before.pg.get(p, 0.0) for p, c in after.pg.items()) / requests
    print(
        f"# {args.backend} {args.target}: {rps:.0f} req/s under py-spy (it slows the server), "
        f"{result['errors']['non_2xx']} non-2xx; server process CPU {server_ms:.2f} ms/request"
        + (f", PostgreSQL backends {pg_ms:.2f} ms/request" if dbname else "")
        + "\n"
    )
    print(breakdown(raw, requests, args.rate))
    print(f"\nRaw collapsed stacks: {raw.relative_to(bench.ROOT)}")


if __name__ == "__main__":
    main()
