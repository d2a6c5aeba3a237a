"""The outbox: each write appends its domain event in the same transaction as the write."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.db.tables import events

_INSERT = events.insert()


async def record(
    conn: AsyncConnection,
    workspace_id: str,
    event_type: str,
    entity_type: str,
    entity_id: str,
    actor_id: str | None,
    payload: dict[str, Any] | None = None,
) -> None:
    await conn.execute(
        _INSERT,
        {
            "workspace_id": workspace_id,
            "type": event_type,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "actor_id": actor_id,
            "payload": payload,
            "created_at": datetime.now(UTC),
        },
    )
