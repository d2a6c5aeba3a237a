"""ObjectId-style identifiers: 24 lowercase hex digits, time-ordered.

Clockify clients (clockify-cli among them) reject ids that are not 24 hex digits, so every entity
gets one. Layout as MongoDB's: 4 bytes of Unix seconds, 5 random bytes fixed per process, and a
3-byte counter, so ids minted in one process sort by creation.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
import time

_PROCESS = os.urandom(5)
_counter = itertools.count(int.from_bytes(os.urandom(3), "big"))
_lock = threading.Lock()
_pid = os.getpid()

ID_PATTERN = re.compile(r"^[0-9a-fA-F]{24}$")


def new_id(now: float | None = None) -> str:
    global _PROCESS, _pid
    if os.getpid() != _pid:  # forked worker: never share the random part with the parent
        _PROCESS, _pid = os.urandom(5), os.getpid()
    seconds = int(time.time() if now is None else now) & 0xFFFFFFFF
    with _lock:
        count = next(_counter) & 0xFFFFFF
    return (seconds.to_bytes(4, "big") + _PROCESS + count.to_bytes(3, "big")).hex()


def is_id(value: object) -> bool:
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None  # not match: `$` allows "\n"
