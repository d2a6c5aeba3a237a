"""50 timer starts for one user at the same instant, over real HTTP against `timeledger serve`.

Starting a timer stops the running one, and the database allows one running timer per user: however
the requests interleave, every start must succeed (or fail the Clockify way, never with a 5xx), and
exactly one timer may be left running, with every other entry stopped no earlier than it started.
With `--workers 2` the requests land in two processes, so the in-process write lock no longer
serialises them: SQLite relies on BEGIN IMMEDIATE + busy_timeout, PostgreSQL on the row lock.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.live import LiveServer, live_server, running_server  # noqa: F401
from tests.support import Backend

STARTS = 50
BASE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def live_server_two_workers(backend: Backend) -> Iterator[LiveServer]:
    with running_server(backend, workers=2) as server:
        yield server


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _assert_clockify_4xx(response: httpx.Response) -> None:
    assert 400 <= response.status_code < 500, f"{response.status_code}: {response.text}"
    body = response.json()
    assert set(body) == {"message", "code"} and isinstance(body["code"], int) and body["message"], body


async def _burst(server: LiveServer, key: str, ws: str, uid: str) -> tuple[list[httpx.Response], list[dict], list[dict]]:
    # Distinct starts, sent in shuffled order: a start may be earlier than the timer it stops.
    starts = [BASE + timedelta(minutes=7 * i) for i in range(STARTS)]
    random.Random(STARTS).shuffle(starts)
    limits = httpx.Limits(max_connections=STARTS, max_keepalive_connections=STARTS)
    async with httpx.AsyncClient(base_url=f"{server.url}/v1", headers={"X-Api-Key": key}, limits=limits,
                                 timeout=60.0, verify=server.ssl_context()) as http:
        responses = await asyncio.gather(*[
            http.post(f"/workspaces/{ws}/time-entries", json={"start": _iso(s), "description": f"timer {i}"})
            for i, s in enumerate(starts)
        ])
        running = await http.get(f"/workspaces/{ws}/user/{uid}/time-entries",
                                 params={"in-progress": "true", "page-size": 100})
        assert running.status_code == 200, running.text
        everything = await http.get(f"/workspaces/{ws}/user/{uid}/time-entries", params={"page-size": 100})
        assert everything.status_code == 200 and everything.headers["Last-Page"] == "true", everything.text
    return list(responses), running.json(), everything.json()


def _check(server: LiveServer, worker_count: int) -> None:
    account = server.bootstrap(f"Concurrency x{worker_count}")
    responses, running, entries = asyncio.run(
        _burst(server, account.api_key, account.workspace_id, account.user_id))
    server.check_alive()

    created = [r for r in responses if r.status_code == 201]
    for response in responses:
        if response.status_code != 201:
            _assert_clockify_4xx(response)
    # Nothing here is invalid or forbidden: every start must go through.
    assert len(created) == STARTS, [(r.status_code, r.text) for r in responses if r.status_code != 201]
    for response in created:
        body = response.json()
        assert body["userId"] == account.user_id and body["workspaceId"] == account.workspace_id
        assert body["timeInterval"]["end"] is None and body["timeInterval"]["duration"] is None

    # Exactly one timer is left running, and it is one of the entries we created.
    created_ids = {r.json()["id"] for r in created}
    assert len(created_ids) == STARTS
    assert len(running) == 1, [e["id"] for e in running]
    assert running[0]["id"] in created_ids and running[0]["timeInterval"]["end"] is None

    # Every entry is there once; all but the running one are stopped, never before their start.
    assert sorted(e["id"] for e in entries) == sorted(created_ids)
    stopped = [e for e in entries if e["id"] != running[0]["id"]]
    assert len(stopped) == STARTS - 1
    for entry in stopped:
        interval = entry["timeInterval"]
        assert interval["end"] is not None and interval["duration"] is not None, entry
        start, end = _instant(interval["start"]), _instant(interval["end"])
        assert end >= start, entry
    # Newest first, as Clockify lists them.
    assert [e["timeInterval"]["start"] for e in entries] == sorted((e["timeInterval"]["start"] for e in entries), reverse=True)

    # The workspace-wide view agrees: one timer runs, and it is that one.
    with httpx.Client(base_url=f"{server.url}/v1", headers={"X-Api-Key": account.api_key},
                      verify=server.ssl_context()) as http:
        in_progress = http.get(f"/workspaces/{account.workspace_id}/time-entries/status/in-progress")
        assert in_progress.status_code == 200, in_progress.text
        assert [e["id"] for e in in_progress.json()] == [running[0]["id"]]
        # And it can be stopped: afterwards nothing runs.
        stop_at = max(_instant(e["timeInterval"]["start"]) for e in entries) + timedelta(hours=1)
        stopped_last = http.patch(f"/workspaces/{account.workspace_id}/user/{account.user_id}/time-entries",
                                  json={"end": _iso(stop_at)})
        assert stopped_last.status_code == 200 and stopped_last.json()["id"] == running[0]["id"], stopped_last.text
        left = http.get(f"/workspaces/{account.workspace_id}/user/{account.user_id}/time-entries",
                        params={"in-progress": "true"})
        assert left.status_code == 200 and left.json() == []


def test_simultaneous_timer_starts_leave_one_running(live_server: LiveServer) -> None:  # noqa: F811
    _check(live_server, 1)


def test_simultaneous_timer_starts_across_two_workers(live_server_two_workers: LiveServer) -> None:
    _check(live_server_two_workers, 2)
