"""Uploaded images (profile pictures), stored in the database so every backend keeps them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import files
from timeledger.services.access import Principal
from timeledger.services.errors import Invalid

MAX_IMAGE_BYTES = 5 * 1024 * 1024
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@dataclass(slots=True)
class StoredFile:
    token: str
    name: str
    content_type: str
    data: bytes


def sniff_image(data: bytes) -> str:
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise Invalid("The file must be a PNG, JPEG, GIF or WebP image", "file")


async def store_image(db: Database, principal: Principal, name: str, data: bytes) -> StoredFile:
    if not data:
        raise Invalid("The file is empty", "file")
    if len(data) > MAX_IMAGE_BYTES:
        raise Invalid(f"The file is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB", "file")
    content_type = sniff_image(data)
    token = secrets.token_urlsafe(32)
    clean_name = (name or "image").replace("/", "_").replace("\\", "_")[:255]
    async with db.write() as conn:
        await conn.execute(
            files.insert().values(
                id=new_id(), user_id=principal.user_id, token=token, name=clean_name, content_type=content_type,
                data=data, created_at=datetime.now(UTC),
            )
        )
    return StoredFile(token, clean_name, content_type, data)


async def load(db: Database, token: str) -> StoredFile | None:
    async with db.read() as conn:
        row = (await conn.execute(sa.select(files).where(files.c.token == token))).first()
    return StoredFile(row.token, row.name, row.content_type, row.data) if row else None
