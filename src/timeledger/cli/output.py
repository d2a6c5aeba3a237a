"""How commands print: JSON for programs, tables and sentences for people.

Rich draws tables and progress bars only when stdout is a terminal (imported then, and only
then, so piped and agent use stays fast and plain).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from typing import Any


def is_terminal() -> bool:
    return sys.stdout.isatty()


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def error(message: str) -> None:
    sys.stderr.write(message.rstrip() + "\n")


def table(headers: list[str], rows: Iterable[list[Any]], *, title: str | None = None) -> None:
    rows = [["" if v is None else str(v) for v in row] for row in rows]
    if is_terminal():
        from rich.console import Console
        from rich.table import Table

        grid = Table(title=title, header_style="bold")
        for header in headers:
            grid.add_column(header, overflow="fold")
        for row in rows:
            grid.add_row(*row)
        Console().print(grid)
        return
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    if title:
        lines.insert(0, title)
    sys.stdout.write("\n".join(lines) + "\n")


@contextmanager
def progress(total: int, label: str) -> Iterator[Any]:
    """A progress bar on a terminal for work of `total` steps; elsewhere a silent counter."""
    if is_terminal() and total > 3:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task(label, total=total)
            yield lambda: bar.advance(task)
        return
    yield lambda: None


def clock(value: str | None, zone: tzinfo) -> str:
    """An API instant as local HH:MM."""
    if not value:
        return ""
    return _parse(value).astimezone(zone).strftime("%H:%M")


def day(value: str, zone: tzinfo) -> str:
    return _parse(value).astimezone(zone).strftime("%a %Y-%m-%d")


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def hms(seconds: int | float | None) -> str:
    if seconds is None:
        return ""
    total = int(seconds)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def iso_seconds(duration: str | None) -> int:
    """Seconds of a Clockify ISO 8601 duration (PT1H30M) as the core API returns it."""
    if not duration:
        return 0
    import re

    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", duration)
    if not match:
        return 0
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds
