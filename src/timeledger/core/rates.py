"""Rate resolution: which of the configured rates applies to an entry.

Precedence, most specific first: project member, task, workspace member, project, workspace.
Each level may hold a history of rates with effective dates (`since`); the one in force at the
entry's start applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

PRECEDENCE = ("PROJECT_MEMBER", "TASK", "MEMBER", "PROJECT", "WORKSPACE")


@dataclass(frozen=True, slots=True)
class RateRow:
    scope: str
    amount: int
    since: datetime | None


def in_force(rows: Iterable[RateRow], at: datetime) -> dict[str, int]:
    """Per scope, the amount of the latest rate whose `since` is not after `at`."""
    best: dict[str, tuple[datetime | None, int]] = {}
    for row in rows:
        if row.since is not None and row.since > at:
            continue
        current = best.get(row.scope)
        if current is None or _later(row.since, current[0]):
            best[row.scope] = (row.since, row.amount)
    return {scope: amount for scope, (_, amount) in best.items()}


def resolve(rows: Iterable[RateRow], at: datetime) -> int | None:
    """The rate that applies at `at`, or None when no level sets one."""
    levels = in_force(rows, at)
    for scope in PRECEDENCE:
        if scope in levels:
            return levels[scope]
    return None


def _later(a: datetime | None, b: datetime | None) -> bool:
    if a is None:
        return False
    return b is None or a > b
