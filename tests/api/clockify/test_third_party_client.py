"""The real third-party async client `clockify-python-115` through a whole workday, over real HTTP.

Every call goes through the library's typed resource methods, so its pydantic response models
validate our JSON. The library only talks HTTPS (it refuses an `http://` service URL before
sending anything), so this module uses the TLS flavour of the live server.
"""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from clockify import ClockifyClient
from clockify.errors import ClockifyAPIError, ClockifyNotFoundError
from clockify.operations.model import Service

from tests.live import Account, LiveServer, live_tls_server  # noqa: F401

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")


def _client(server: LiveServer, account: Account, http: httpx.AsyncClient) -> ClockifyClient:
    return ClockifyClient(
        api_key=account.api_key,
        workspace_id=account.workspace_id,
        http_client=http,
        service_urls={Service.REGULAR: f"{server.url}/api/v1", Service.REPORTS: f"{server.url}/v1"},
        allow_custom_hosts=True,
    )


async def _expect_api_error(call, status: int, code: int) -> ClockifyAPIError:
    with pytest.raises(ClockifyAPIError) as caught:
        await call
    error = caught.value
    assert (error.status_code, error.api_code) == (status, code), (error, error.body)
    assert isinstance(error.detail, str) and error.detail
    return error


async def _workday(server: LiveServer, account: Account) -> None:
    ws, uid = account.workspace_id, account.user_id
    async with httpx.AsyncClient(verify=server.ssl_context(), timeout=30.0) as http:
        c = _client(server, account, http)

        # --- who am I, where am I
        me = await c.users.me()
        assert (me.id, me.email, me.default_workspace, me.active_workspace) == (uid, account.email, ws, ws)
        assert me.name == "Owner Third party" and me.status == "ACTIVE"

        workspaces = await c.workspaces.list()
        assert [(w.id, w.name) for w in workspaces] == [(ws, "Third party")]
        assert workspaces[0].hourly_rate is not None and workspaces[0].hourly_rate.amount == 0

        # --- client, project, tag, task
        acme = await c.clients.create({"name": "ACME", "email": "billing@acme.test", "note": "Key account"})
        assert OBJECT_ID.match(acme.id)
        assert (acme.name, acme.workspace_id, acme.archived, acme.email, acme.note) == (
            "ACME", ws, False, "billing@acme.test", "Key account")

        project = await c.projects.create({
            "name": "Website", "clientId": acme.id, "billable": True, "color": "#795548", "isPublic": True,
            "hourlyRate": {"amount": 4500}, "note": "Relaunch",
        })
        assert OBJECT_ID.match(project.id) and project.workspace_id == ws
        assert (project.name, project.client_id, project.client_name, project.color) == (
            "Website", acme.id, "ACME", "#795548")
        assert (project.billable, project.public, project.archived, project.template) == (True, True, False, False)
        assert project.hourly_rate is not None and project.hourly_rate.amount == 4500
        assert project.duration == "PT0S" and project.note == "Relaunch"

        docs = await c.tags.create({"name": "docs"})
        assert OBJECT_ID.match(docs.id) and (docs.name, docs.workspace_id, docs.archived) == ("docs", ws, False)

        task = await c.tasks.create(project.id, {"name": "Write docs", "estimate": "PT2H"})
        assert OBJECT_ID.match(task.id)
        assert (task.name, task.project_id, task.status, task.estimate) == ("Write docs", project.id, "ACTIVE", "PT2H")
        assert [t.id for t in await c.tasks.list(project.id)] == [task.id]

        # --- nothing runs yet: stopping is a 404 with code 404 (what timer clients rely on)
        error = await _expect_api_error(
            c.time_entries.stop_timer_for_user(uid, {"end": "2026-03-02T12:00:00Z"}), 404, 404)
        assert isinstance(error, ClockifyNotFoundError)

        # --- start a timer
        started = await c.time_entries.create({
            "start": "2026-03-02T12:00:00Z", "projectId": project.id, "taskId": task.id,
            "tagIds": [docs.id], "description": "Docs", "billable": True,
        })
        assert OBJECT_ID.match(started.id)
        assert (started.user_id, started.workspace_id, started.project_id, started.task_id) == (
            uid, ws, project.id, task.id)
        assert started.tag_ids == [docs.id] and started.description == "Docs" and started.billable is True
        assert started.type == "REGULAR" and started.is_locked is False
        assert started.time_interval is not None
        assert started.time_interval.start == "2026-03-02T12:00:00Z"
        assert started.time_interval.end is None and started.time_interval.duration is None

        running = await c.time_entries.list_for_user(uid, in_progress=True, page=1, page_size=1)
        assert [e.id for e in running] == [started.id] and running[0].time_interval.end is None
        in_workspace = await c.time_entries.list_in_progress()
        assert [e.id for e in in_workspace] == [started.id]

        # --- stop it
        stopped = await c.time_entries.stop_timer_for_user(uid, {"end": "2026-03-02T13:30:00Z"})
        assert stopped.id == started.id
        assert (stopped.time_interval.start, stopped.time_interval.end, stopped.time_interval.duration) == (
            "2026-03-02T12:00:00Z", "2026-03-02T13:30:00Z", "PT1H30M")
        assert await c.time_entries.list_for_user(uid, in_progress=True) == []

        # --- find it in the user's entries (window filter, and the single GET)
        listed = await c.time_entries.list_for_user(
            uid, start="2026-03-02T00:00:00Z", end="2026-03-02T23:59:59Z", page=1, page_size=50)
        assert [e.id for e in listed] == [started.id]
        found = listed[0]
        assert (found.project_id, found.task_id, found.tag_ids, found.description) == (
            project.id, task.id, [docs.id], "Docs")
        assert found.time_interval.duration == "PT1H30M" and found.billable is True
        assert found.hourly_rate is not None and found.hourly_rate.amount == 4500
        assert await c.time_entries.list_for_user(uid, start="2026-03-03T00:00:00Z", end="2026-03-03T23:59:59Z") == []

        single = await c.time_entries.get(started.id)
        assert single.id == started.id and single.time_interval.end == "2026-03-02T13:30:00Z"

        # --- full-replace PUT
        replaced = await c.time_entries.update(started.id, {
            "start": "2026-03-02T12:00:00Z", "end": "2026-03-02T14:00:00Z", "description": "Docs v2",
            "projectId": project.id, "taskId": task.id, "tagIds": [docs.id], "billable": False,
        })
        assert replaced.id == started.id and replaced.description == "Docs v2" and replaced.billable is False
        assert (replaced.time_interval.end, replaced.time_interval.duration) == ("2026-03-02T14:00:00Z", "PT2H")
        assert (replaced.project_id, replaced.task_id, replaced.tag_ids) == (project.id, task.id, [docs.id])

        # --- update the project (PUT keeps the omitted rate), then archive it
        renamed = await c.projects.update(project.id, {
            "name": "Website 2026", "clientId": acme.id, "billable": True, "isPublic": True,
            "color": "#3F51B5", "note": "Relaunch, phase 2",
        })
        assert (renamed.id, renamed.name, renamed.color, renamed.note) == (
            project.id, "Website 2026", "#3F51B5", "Relaunch, phase 2")
        assert renamed.hourly_rate is not None and renamed.hourly_rate.amount == 4500
        assert renamed.duration == "PT2H" and renamed.archived is False

        # Only archived clients can go: Clockify's 400/501.
        await _expect_api_error(c.clients.delete(acme.id), 400, 501)

        # --- delete the entry
        assert await c.time_entries.delete(started.id) is None
        assert await c.time_entries.list_for_user(uid) == []
        await _expect_api_error(c.time_entries.get(started.id), 400, 501)

        # --- the task: mark it DONE, then delete it
        await _expect_api_error(c.tasks.delete(project.id, task.id), 400, 501)
        done = await c.tasks.update(project.id, task.id, {"name": "Write docs", "estimate": "PT2H", "status": "DONE"})
        assert (done.id, done.status, done.estimate) == (task.id, "DONE", "PT2H")
        deleted_task = await c.tasks.delete(project.id, task.id)
        assert (deleted_task.id, deleted_task.name) == (task.id, "Write docs")
        assert await c.tasks.list(project.id) == []

        # --- the tag
        deleted_tag = await c.tags.delete(docs.id)
        assert (deleted_tag.id, deleted_tag.name) == (docs.id, "docs")
        assert await c.tags.list() == []

        # --- archive and delete the project, then the client
        await _expect_api_error(c.projects.delete(project.id), 400, 501)
        archived = await c.projects.update(project.id, {
            "name": "Website 2026", "clientId": acme.id, "billable": True, "isPublic": True, "archived": True,
        })
        assert archived.archived is True and archived.id == project.id
        deleted_project = await c.projects.delete(project.id)
        assert (deleted_project.id, deleted_project.name) == (project.id, "Website 2026")
        assert await c.projects.list() == []
        await _expect_api_error(c.projects.get(project.id), 400, 501)

        archived_client = await c.clients.update(acme.id, {"name": "ACME", "archived": True})
        assert (archived_client.id, archived_client.archived) == (acme.id, True)
        deleted_client = await c.clients.delete(acme.id)
        assert (deleted_client.id, deleted_client.name) == (acme.id, "ACME")
        assert await c.clients.list() == []
        await _expect_api_error(c.clients.get(acme.id), 400, 501)


def test_clockify_python_client_workday(live_tls_server: LiveServer) -> None:  # noqa: F811
    account = live_tls_server.bootstrap("Third party")
    asyncio.run(_workday(live_tls_server, account))
    live_tls_server.check_alive()
