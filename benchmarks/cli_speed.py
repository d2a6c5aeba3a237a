"""How fast `status`, `start` and `stop` answer from a shell: timeledger's local mode beside
Watson and Timewarrior, with an empty history and with a long one, in one run.

    .venv/bin/python benchmarks/cli_speed.py [--entries 17000] [--runs 20] [--warmup 3] [--cold-runs 5]

What runs (every command is a fresh process, timed by hyperfine with `-N`, no shell):

  status  `timeledger status`, `watson status`, `timew` (each with a timer running)
  stop    `timeledger stop`, `watson stop`, `timew stop`; hyperfine's --prepare starts a timer
          (`... start Bench`) and sleeps 1 s before every run, so each stop has a running timer
          to stop (Timewarrior refuses to stop an interval in the second it began)
  start   `timeledger start Bench`, `watson start Bench`, `timew start Bench`; --prepare stops
          the running timer before every run, so each start begins from "nothing running"
  cold    `timeledger status` with the local server stopped by --prepare: the first call after
          a reboot or an idle hour, which starts `timeledger serve --uds` and waits for it
  floors  `python -c pass` and `python -c "import timeledger.cli.app"` on the project's venv

each once with an empty history and once with --entries entries in every tool's history. The
timeledger rows are warm: the local server already runs (it is started by the setup), as it does
for every call but the first of an hour.

Each tool gets its own private temp directories: TIMELEDGER_DATA_DIR and TIMELEDGER_CONFIG_DIR
(the embedded SQLite database, the local account's key), XDG_RUNTIME_DIR (so the local server's
socket is private to the run), WATSON_DIR and TIMEWARRIORDB. No TIMELEDGER_* or CLOCKIFY_*
variable of the caller's environment is passed on, so timeledger runs in local mode. Python's
bytecode cache is on (PYTHONDONTWRITEBYTECODE is removed and PYTHONPYCACHEPREFIX points into the
temp directory, so nothing is written into the checkout): an installed timeledger has its .pyc
files, and compiling the sources on every call would add about 50 ms.

How the histories are written (the same intervals for all three tools: weekdays going back from
yesterday, six 50-minute blocks a day from 08:00 UTC, 25 project names):

  timeledger   one entry made by `timeledger start`/`stop` is the template; its row is copied,
               with new ids (timeledger.core.ids.new_id) and times, straight into the
               `time_entries` table of the local database while the local server is stopped
  Watson       its `frames` JSON file in WATSON_DIR
  Timewarrior  its monthly `data/YYYY-MM.data` files and `data/tags.data` in TIMEWARRIORDB

and each tool is then asked how many it holds, so a history that did not load stops the run.

Needs, and installs nothing itself (it says what is missing and how to get it):
  hyperfine   apt-get install -y hyperfine
  timew       apt-get install -y timewarrior
  watson      python3 -m venv benchmarks/.venv-watson && benchmarks/.venv-watson/bin/pip install td-watson
              (found there, else on PATH, else give --watson PATH)

Prints Markdown tables for BENCHMARKS.md on stdout (hyperfine's own progress goes to stderr)
and writes everything, every run's time included, to benchmarks/results/cli_speed-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
VENV_BIN = Path(sys.executable).parent
PYTHON = VENV_BIN / "python"
TIMELEDGER = VENV_BIN / "timeledger"
WATSON_VENV = ROOT / "benchmarks" / ".venv-watson" / "bin" / "watson"
PROJECTS = [f"Project {i:02d}" for i in range(1, 26)]
TAGS = ["review", "meeting", "writing", "ops", "support"]
TOOLS = ("timeledger", "watson", "timew")
TOOL_TITLES = {"timeledger": "timeledger (local, warm)", "watson": "Watson", "timew": "Timewarrior"}
OPERATIONS = ("status", "start", "stop")

HOW_TO_GET = {
    "hyperfine": "apt-get install -y hyperfine",
    "timew": "apt-get install -y timewarrior",
    "watson": "python3 -m venv benchmarks/.venv-watson && benchmarks/.venv-watson/bin/pip install td-watson",
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- tools and machine -------------------------------------------------------------------------


def find_tools(args: argparse.Namespace) -> dict[str, str]:
    found: dict[str, str | None] = {
        "hyperfine": args.hyperfine or shutil.which("hyperfine"),
        "timew": args.timew or shutil.which("timew"),
        "watson": args.watson or (str(WATSON_VENV) if WATSON_VENV.exists() else shutil.which("watson")),
    }
    missing = [name for name, path in found.items() if not path or not os.access(path, os.X_OK)]
    if missing:
        log("Missing tools; this script installs nothing itself. To get them:")
        for name in missing:
            log(f"  {name}: {HOW_TO_GET[name]}")
        log("(or give their paths with --hyperfine, --timew, --watson)")
        sys.exit(2)
    return {name: str(path) for name, path in found.items()}


def _run_text(command: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    except OSError as exc:
        return f"({exc})"
    return (done.stdout or done.stderr).strip()


def machine_info(tools: dict[str, str], source: str | None = None) -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE)
    os_name = ""
    if Path("/etc/os-release").exists():
        pretty = re.search(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text(), re.MULTILINE)
        os_name = pretty.group(1) if pretty else ""
    commit = _run_text(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = _run_text(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"])
    return {
        "nproc": _run_text(["nproc"]),
        "cpu_count": os.cpu_count(),
        "cpu_model": model.group(1).strip() if model else platform.processor(),
        "memory_gib": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
        "os": os_name,
        "kernel": platform.release(),
        "python": _run_text([str(PYTHON), "-c", "import sys; print(sys.version.split()[0])"]),
        "sqlite": sqlite3.sqlite_version,
        "hyperfine": _run_text([tools["hyperfine"], "--version"]),
        "watson": _run_text([tools["watson"], "--version"]),
        "timew": _run_text([tools["timew"], "--version"]),
        "timeledger": _run_text([str(TIMELEDGER), "--version"],
                                dict(os.environ, PYTHONPATH=source) if source else None),
        "timeledger_source": source or str(ROOT / "src"),
        "git_commit": commit,
        "git_dirty_files": dirty.splitlines(),
    }


def load_average() -> list[float]:
    return list(os.getloadavg())


# --- the environments --------------------------------------------------------------------------


def make_env(folder: Path, pycache: Path, source: str | None = None) -> dict[str, str]:
    """A private world for one history size: every tool's data in `folder`, nothing shared with
    the caller's own timeledger, Watson or Timewarrior."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIMELEDGER_", "CLOCKIFY_", "WATSON_"))}
    env.pop("TIMEWARRIORDB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    run = folder / "run"
    for sub in ("tl-data", "tl-config", "watson", "timew/data", "timew/extensions"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    run.mkdir(mode=0o700, exist_ok=True)
    (folder / "timew" / "timewarrior.cfg").touch()
    env.update(
        TIMELEDGER_DATA_DIR=str(folder / "tl-data"),
        TIMELEDGER_CONFIG_DIR=str(folder / "tl-config"),
        XDG_RUNTIME_DIR=str(run),
        WATSON_DIR=str(folder / "watson"),
        TIMEWARRIORDB=str(folder / "timew"),
        PYTHONPYCACHEPREFIX=str(pycache),
    )
    if source:  # timeledger from this tree, not the checkout's editable install (server included)
        env["PYTHONPATH"] = source + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run(command: list[str], env: dict[str, str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    if check and done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {shlex.join(command)}\n{done.stdout}{done.stderr}")
    return done


def tool_commands(tools: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    """The commands measured, per tool and operation."""
    tl, w, t = str(TIMELEDGER), tools["watson"], tools["timew"]
    return {
        "timeledger": {"status": [tl, "status"], "start": [tl, "start", "Bench"], "stop": [tl, "stop"]},
        "watson": {"status": [w, "status"], "start": [w, "start", "Bench"], "stop": [w, "stop"]},
        "timew": {"status": [t], "start": [t, "start", "Bench"], "stop": [t, "stop"]},
    }


# --- the histories -----------------------------------------------------------------------------


def intervals(count: int) -> list[tuple[datetime, datetime, str, str | None]]:
    """(start, end, project, tag or None), oldest first: weekdays back from yesterday, six
    50-minute blocks a day from 08:00 UTC."""
    out: list[tuple[datetime, datetime, str, str | None]] = []
    day = datetime.now(UTC).date() - timedelta(days=1)
    i = 0
    while len(out) < count:
        if day.weekday() < 5:
            for block in range(6):
                if len(out) == count:
                    break
                start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(hours=block)
                out.append((start, start + timedelta(minutes=50), PROJECTS[i % len(PROJECTS)],
                            TAGS[i % len(TAGS)] if i % 3 == 0 else None))
                i += 1
        day -= timedelta(days=1)
    out.sort(key=lambda item: item[0])
    return out


def db_file(env: dict[str, str]) -> Path:
    return Path(env["TIMELEDGER_DATA_DIR"]) / "timeledger.db"


def stop_server_script(folder: Path) -> Path:
    """A script that stops the local server of the environment it runs in (cold runs' --prepare)."""
    script = folder / "stop_local_server.py"
    script.write_text(
        "from timeledger import paths\nfrom timeledger.cli import local\n"
        "local.stop_server(paths.database_url())\n"
    )
    return script


def fill_timeledger(env: dict[str, str], history: list[tuple[datetime, datetime, str, str | None]], stop_script: Path) -> None:
    """Copy one real entry, made through the CLI, into `len(history)` rows of the database."""
    run([str(TIMELEDGER), "start", "Template"], env)
    run([str(TIMELEDGER), "stop"], env)
    run([str(PYTHON), str(stop_script)], env)  # no server while the table is written to
    from timeledger.core.ids import new_id

    conn = sqlite3.connect(db_file(env), isolation_level=None)
    conn.row_factory = sqlite3.Row
    template = dict(conn.execute("SELECT * FROM time_entries WHERE description = 'Template'").fetchone())
    zone = ZoneInfo(template["zone"])
    columns = list(template)
    rows = []
    for start, end, project, _tag in history:
        row = dict(template)
        stamp = end.strftime("%Y-%m-%d %H:%M:%S.000000")
        row.update(
            id=new_id(end.timestamp()), description=project,
            start_at=start.strftime("%Y-%m-%d %H:%M:%S.000000"), end_at=stamp,
            duration_s=int((end - start).total_seconds()), local_date=start.astimezone(zone).date().isoformat(),
            created_at=stamp, updated_at=stamp,
        )
        rows.append(tuple(row[c] for c in columns))
    conn.execute("BEGIN")
    conn.execute("DELETE FROM time_entries WHERE workspace_id = ? AND id = ?", (template["workspace_id"], template["id"]))
    conn.executemany(f"INSERT INTO time_entries ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def fill_watson(env: dict[str, str], history: list[tuple[datetime, datetime, str, str | None]]) -> None:
    frames = [
        [int(start.timestamp()), int(end.timestamp()), project, uuid.UUID(int=n + 1).hex, [tag] if tag else [],
         int(end.timestamp())]
        for n, (start, end, project, tag) in enumerate(history)
    ]
    (Path(env["WATSON_DIR"]) / "frames").write_text(json.dumps(frames, indent=1))


def fill_timew(env: dict[str, str], history: list[tuple[datetime, datetime, str, str | None]]) -> None:
    data = Path(env["TIMEWARRIORDB"]) / "data"
    months: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for start, end, project, tag in history:
        tags = [project] + ([tag] if tag else [])
        words = " ".join(f'"{t}"' if " " in t else t for t in tags)
        months.setdefault(start.strftime("%Y-%m"), []).append(
            f"inc {start:%Y%m%dT%H%M%SZ} - {end:%Y%m%dT%H%M%SZ} # {words}")
        for t in tags:
            counts[t] = counts.get(t, 0) + 1
    for month, lines in months.items():
        (data / f"{month}.data").write_text("\n".join(lines) + "\n")
    (data / "tags.data").write_text(json.dumps({t: {"count": n} for t, n in counts.items()}, indent=2))


def count_histories(env: dict[str, str], tools: dict[str, str]) -> dict[str, int]:
    """How many finished entries each tool itself reports (timeledger: its table)."""
    conn = sqlite3.connect(db_file(env))
    tl = conn.execute("SELECT count(*) FROM time_entries WHERE end_at IS NOT NULL").fetchone()[0]
    conn.close()
    frames = run([tools["watson"], "frames"], env).stdout.split()
    exported = json.loads(run([tools["timew"], "export"], env).stdout or "[]")
    return {"timeledger": tl, "watson": len(frames), "timew": sum(1 for i in exported if i.get("end"))}


def setup(folder: Path, pycache: Path, entries: int, tools: dict[str, str],
          source: str | None = None) -> tuple[dict[str, str], dict[str, Any]]:
    env = make_env(folder, pycache, source)
    stop_script = stop_server_script(folder)
    info: dict[str, Any] = {"entries": entries, "folder": str(folder), "bytecode_cache_was_empty": not pycache.exists()}
    started = time.perf_counter()
    first = run([str(TIMELEDGER), "status"], env)  # provisions the account, migrates, starts the server
    info["first_ever_call_s"] = round(time.perf_counter() - started, 3)
    info["first_ever_call_stderr"] = first.stderr.strip()
    if entries:
        history = intervals(entries)
        t0 = time.perf_counter()
        fill_timeledger(env, history, stop_script)
        fill_watson(env, history)
        fill_timew(env, history)
        info["fill_s"] = round(time.perf_counter() - t0, 2)
        info["first_interval"], info["last_interval"] = history[0][0].isoformat(), history[-1][1].isoformat()
    counts = count_histories(env, tools)
    info["history_counts"] = counts
    if any(n != entries for n in counts.values()):
        raise SystemExit(f"a history did not load as written: {counts} (wanted {entries} each)")
    run([str(TIMELEDGER), "status"], env)  # the local server runs again (stopped by the fill)
    return env, info


# --- hyperfine ---------------------------------------------------------------------------------


def script(folder: Path, name: str, lines: list[str]) -> str:
    """A tiny sh script, for hyperfine's --prepare under -N (no shell), that never fails."""
    path = folder / f"{name}.sh"
    path.write_text("#!/bin/sh\n" + "\n".join(f"{line} >/dev/null 2>&1" for line in lines) + "\nexit 0\n")
    path.chmod(0o755)
    return str(path)


def hyperfine(
    tools: dict[str, str], env: dict[str, str], out: Path, names: list[str], commands: list[list[str]],
    *, runs: int, warmup: int, prepare: list[str] | None = None,
) -> list[dict[str, Any]]:
    command = [tools["hyperfine"], "-N", "--style", "basic", "--warmup", str(warmup), "--runs", str(runs),
               "--export-json", str(out)]
    for p in prepare or []:
        command += ["--prepare", p]
    for name, argv in zip(names, commands, strict=True):
        command += ["--command-name", name]
    command += [shlex.join(argv) for argv in commands]
    log("$ " + shlex.join(command))
    done = subprocess.run(command, env=env, stdout=sys.stderr, stderr=sys.stderr, check=False)
    if done.returncode != 0:
        raise SystemExit(f"hyperfine failed ({done.returncode}); its output is above")
    results = json.loads(out.read_text())["results"]
    for result, argv in zip(results, commands, strict=True):
        result["argv"] = argv
    return results


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    times = [t * 1000 for t in result["times"]]
    return {
        "median_ms": round(statistics.median(times), 2),
        "mean_ms": round(statistics.fmean(times), 2),
        "stddev_ms": round(statistics.stdev(times), 2) if len(times) > 1 else 0.0,
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "runs": len(times),
    }


def measure(folder: Path, env: dict[str, str], tools: dict[str, str], args: argparse.Namespace,
            label: str) -> dict[str, Any]:
    cmds = tool_commands(tools)
    q = shlex.join
    groups: dict[str, Any] = {}
    # every tool with a timer running, for status and as the starting state of the stop group
    for tool in TOOLS:
        run(cmds[tool]["start"], env, check=False)
    time.sleep(1.1)

    def group(op: str, prepare: list[str] | None, runs: int, warmup: int, tools_: tuple[str, ...] = TOOLS,
              name: str | None = None) -> None:
        key = name or op
        load_before = load_average()
        results = hyperfine(
            tools, env, folder / f"hyperfine-{label}-{key}.json", [f"{t} {op}" for t in tools_],
            [cmds[t][op] for t in tools_], runs=runs, warmup=warmup, prepare=prepare,
        )
        groups[key] = {
            "load_before": load_before, "load_after": load_average(),
            # the scripts' text, not their paths: the temp directory is gone when the report is written
            "prepare": [_prepare_text(path) for path in prepare or []],
            "results": {t: {"command": q(r["argv"]), **summarise(r), "hyperfine": r} for t, r in zip(tools_, results, strict=True)},
        }

    group("status", None, args.runs, args.warmup)
    group("stop", [script(folder, f"prep-stop-{t}", [q(cmds[t]["start"]), "sleep 1"]) for t in TOOLS],
          args.runs, args.warmup)
    group("start", [script(folder, f"prep-start-{t}", [q(cmds[t]["stop"])]) for t in TOOLS], args.runs, args.warmup)
    stop_server = script(folder, "prep-cold", [q([str(PYTHON), str(folder / "stop_local_server.py")])])
    group("status", [stop_server], args.cold_runs, 1, ("timeledger",), name="cold status")
    # leave nothing running: stop every timer, then the local server
    for tool in TOOLS:
        run(cmds[tool]["stop"], env, check=False)
    return groups


def measure_floors(folder: Path, env: dict[str, str], tools: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    commands = [[str(PYTHON), "-c", "pass"], [str(PYTHON), "-c", "import timeledger.cli.app"]]
    results = hyperfine(tools, env, folder / "hyperfine-floors.json", ["python -c pass", "import timeledger.cli.app"],
                        commands, runs=args.runs, warmup=args.warmup)
    return {name: {"command": shlex.join(r["argv"]), **summarise(r), "hyperfine": r}
            for name, r in zip(("python -c pass", "import timeledger.cli.app"), results, strict=True)}


# --- the report --------------------------------------------------------------------------------


def _ms(cell: dict[str, Any]) -> str:
    return f"{cell['median_ms']:.1f} ({cell['mean_ms']:.1f})"


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"- run: {result['started']} to {result['finished']}, commit `{m['git_commit']}`"
        + (f" (uncommitted changes in {', '.join(f.split()[-1] for f in m['git_dirty_files'])})" if m["git_dirty_files"] else ""),
        *([f"- timeledger run from `{m['timeledger_source']}` (`--src`), not from the checkout"]
          if m["timeledger_source"] != str(ROOT / "src") else []),
        f"- machine: {m['cpu_model']}, `nproc` {m['nproc']}, {m['memory_gib']} GiB RAM; {m['os']}, Linux {m['kernel']}",
        f"- software: Python {m['python']} (project venv; Watson in its own venv on the same Python), SQLite {m['sqlite']}, "
        f"{m['hyperfine']}, Watson {m['watson'].split()[-1]}, Timewarrior {m['timew']}",
        f"- load average before / after: {result['load_before'][0]:.2f} / {result['load_after'][0]:.2f}",
        f"- command: `{result['command']}`",
        f"- hyperfine: `-N`, {result['args']['warmup']} warm-up + {result['args']['runs']} runs per cell "
        f"({result['args']['cold_runs']} for cold); medians, means in parentheses, in ms",
        "",
        "| command | history | timeledger (local, warm) | Watson | Timewarrior | timeledger ÷ Watson | timeledger ÷ Timewarrior |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for op in OPERATIONS:
        for label, groups in result["histories"].items():
            cells = groups["groups"][op]["results"]
            tl, w, t = cells["timeledger"], cells["watson"], cells["timew"]
            lines.append(
                f"| `{op}` | {groups['info']['entries']:,} | {_ms(tl)} | {_ms(w)} | {_ms(t)} | "
                f"{tl['median_ms'] / w['median_ms']:.2f} | {tl['median_ms'] / t['median_ms']:.1f} |"
            )
    lines += ["", "| also measured | history | median (mean) ms | runs |", "|---|---:|---:|---:|"]
    for label, groups in result["histories"].items():
        cold = groups["groups"]["cold status"]["results"]["timeledger"]
        lines.append(f"| timeledger `status`, cold: the call that starts the local server | "
                     f"{groups['info']['entries']:,} | {_ms(cold)} | {cold['runs']} |")
    for label, groups in result["histories"].items():
        empty = " (with an empty bytecode cache: every module compiled first)" if groups["info"]["bytecode_cache_was_empty"] else ""
        lines.append(f"| timeledger's very first call (provision, migrate, start the server){empty}, one sample | "
                     f"{groups['info']['entries']:,} | {groups['info']['first_ever_call_s'] * 1000:.0f} | 1 |")
    for name, cell in result["floors"].items():
        text = "`python -c pass` (the project's venv)" if name == "python -c pass" else '`python -c "import timeledger.cli.app"`'
        lines.append(f"| floor: {text} | – | {_ms(cell)} | {cell['runs']} |")
    lines += ["", "Commands, as hyperfine ran them (paths shortened):", ""]
    first = next(iter(result["histories"].values()))["groups"]
    for op in OPERATIONS:
        for tool in TOOLS:
            prepare = first[op]["prepare"]
            text = f"- {op}, {TOOL_TITLES[tool]}: `{_short(first[op]['results'][tool]['command'])}`"
            if prepare:
                text += f"; --prepare: `{_short(prepare[TOOLS.index(tool)])}`"
            lines.append(text)
    lines.append(f"- cold: `{_short(first['cold status']['results']['timeledger']['command'])}`; --prepare: "
                 f"`{_short(first['cold status']['prepare'][0])}`")
    return "\n".join(lines)


def _prepare_text(path: str) -> str:
    body = [line.replace(" >/dev/null 2>&1", "") for line in Path(path).read_text().splitlines()[1:-1]]
    return "; ".join(body)


def _short(text: str) -> str:
    text = text.replace(str(VENV_BIN) + "/", ".venv/bin/").replace(str(WATSON_VENV), "watson")
    text = re.sub(r"\S*/stop_local_server\.py", "stop_local_server.py", text)
    return re.sub(r"/usr/bin/(\w+)", r"\1", text)


# --- main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=17000, help="history size of the long runs (default 17000)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per cell (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up runs per cell (default 3)")
    parser.add_argument("--cold-runs", type=int, default=5, help="timed runs of the cold call (default 5)")
    parser.add_argument("--hyperfine", help="path of hyperfine (default: on PATH)")
    parser.add_argument("--watson", help="path of watson (default: benchmarks/.venv-watson/bin/watson, else PATH)")
    parser.add_argument("--timew", help="path of timew (default: on PATH)")
    parser.add_argument("--src", metavar="DIR",
                        help="run timeledger from this source directory (put first on PYTHONPATH, for the CLI and its "
                             "local server) instead of the checkout: e.g. a `git archive` snapshot, so that edits made "
                             "in the checkout during the run do not change what is measured")
    parser.add_argument("--keep", action="store_true", help="keep the temp directory (its path is printed)")
    args = parser.parse_args()

    tools = find_tools(args)
    root = Path(tempfile.mkdtemp(prefix="tl-cli-speed-"))
    log(f"temp directory: {root}")
    sizes = [0] + ([args.entries] if args.entries else [])
    result: dict[str, Any] = {
        "command": "benchmarks/cli_speed.py " + " ".join(sys.argv[1:]) if sys.argv[1:] else ".venv/bin/python benchmarks/cli_speed.py",
        "args": vars(args),
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": load_average(),
        "machine": machine_info(tools, args.src),
        "histories": {},
    }
    if sys.argv[1:]:
        result["command"] = ".venv/bin/python benchmarks/cli_speed.py " + shlex.join(sys.argv[1:])
    envs: list[dict[str, str]] = []
    try:
        pycache = root / "pycache"
        for size in sizes:
            folder = root / f"history-{size}"
            log(f"\n== history of {size:,} entries: setting up")
            env, info = setup(folder, pycache, size, tools, args.src)
            envs.append(env)
            log(f"   {json.dumps({k: v for k, v in info.items() if k != 'folder'})}")
            if size == 0:
                result["floors"] = measure_floors(folder, env, tools, args)
            groups = measure(folder, env, tools, args, f"h{size}")
            result["histories"][str(size)] = {"info": info, "groups": groups}
            run([str(PYTHON), str(folder / "stop_local_server.py")], env)
    finally:
        for env in envs:  # the local servers this run started, and only those
            subprocess.run([str(PYTHON), "-c", "from timeledger import paths\nfrom timeledger.cli import local\n"
                            "local.stop_server(paths.database_url())"], env=env, check=False)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    result["finished"] = datetime.now(UTC).strftime("%H:%M UTC")
    result["load_after"] = load_average()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"cli_speed-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=1))
    print(markdown(result))
    log(f"\nwrote {out}")


if __name__ == "__main__":
    main()
