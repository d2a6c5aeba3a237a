"""Every write appends its domain event to the outbox, in the same transaction."""

from __future__ import annotations

import sqlalchemy as sa

S = "/v1/workspaces/{ws}"


def _events(api, ws):
    from timeledger.db.tables import events

    async def read(db):
        async with db.read() as conn:
            rows = await conn.execute(
                sa.select(events.c.type, events.c.entity_id, events.c.actor_id, events.c.payload)
                .where(events.c.workspace_id == ws)
                .order_by(events.c.seq)
            )
            return [tuple(r) for r in rows]

    return api.run(read, api.db)


def test_writes_append_events_in_order(api):
    owner = api.tenant()
    project = owner.ok("POST", S + "/projects", {"name": "Site"})
    tag = owner.ok("POST", S + "/tags", {"name": "t"})
    timer = owner.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "projectId": project["id"], "tagIds": [tag["id"]]})
    owner.ok("PATCH", S + "/user/{me}/time-entries", {"end": "2026-03-02T10:00:00Z"})
    owner.ok("PUT", S + f"/time-entries/{timer['id']}", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T09:30:00Z"})
    owner.delete(S + f"/time-entries/{timer['id']}")
    types = [(t, entity, actor) for t, entity, actor, _ in _events(api, owner.ws)]
    assert types == [
        ("USER_JOINED_WORKSPACE", owner.user_id, owner.user_id),
        ("NEW_PROJECT", project["id"], owner.user_id),
        ("NEW_TAG", tag["id"], owner.user_id),
        ("NEW_TIMER_STARTED", timer["id"], owner.user_id),
        ("TIMER_STOPPED", timer["id"], owner.user_id),
        ("TIME_ENTRY_UPDATED", timer["id"], owner.user_id),
        ("TIME_ENTRY_DELETED", timer["id"], owner.user_id),
    ]
    payload = _events(api, owner.ws)[3][3]
    assert payload["projectId"] == project["id"] and payload["end"] is None


def test_a_refused_write_appends_nothing(api):
    owner = api.tenant()
    before = _events(api, owner.ws)
    response = owner.post(S + "/time-entries", {"start": "2026-03-02T10:00:00Z", "end": "2026-03-02T09:00:00Z"})
    assert response.status_code == 400
    assert _events(api, owner.ws) == before
