"""Sign-in sessions of the web app: e-mail and password in, an opaque token out.

The browser keeps the token in an HttpOnly cookie; the database keeps only its SHA-256 (like API
keys), with the session's CSRF token and when it ends. Signing out deletes the row; changing the
password ends every other session of the user.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from timeledger.db.engine import Database
from timeledger.db.tables import users, web_sessions
from timeledger.services.access import PRINCIPAL_COLUMNS, Principal, authenticate_password, hash_key, principal_from_row
from timeledger.services.errors import Invalid

LIFETIME = timedelta(days=14)

_BY_TOKEN = (
    sa.select(*PRINCIPAL_COLUMNS, web_sessions.c.csrf_token, web_sessions.c.expires_at)
    .select_from(web_sessions.join(users, users.c.id == web_sessions.c.user_id))
    .where(web_sessions.c.token_hash == sa.bindparam("token_hash"))
)


@dataclass(frozen=True, slots=True)
class Session:
    token: str
    csrf_token: str
    principal: Principal


async def sign_in(db: Database, email: str, password: str) -> Session | None:
    """A new session for the user with this e-mail and password, or None."""
    principal = await authenticate_password(db, email, password)
    if principal is None:
        return None
    return await open_session(db, principal)


async def open_session(db: Database, principal: Principal) -> Session:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    async with db.write() as conn:
        await conn.execute(web_sessions.delete().where(web_sessions.c.expires_at < now))
        await conn.execute(
            web_sessions.insert().values(token_hash=hash_key(token), user_id=principal.user_id, csrf_token=csrf,
                                         created_at=now, expires_at=now + LIFETIME)
        )
    return Session(token, csrf, principal)


async def resume(db: Database, token: str | None) -> Session | None:
    """The live session behind a cookie's token, or None (unknown, ended, expired, user deleted)."""
    if not token:
        return None
    async with db.autocommit() as conn:
        row = (await conn.execute(_BY_TOKEN, {"token_hash": hash_key(token)})).first()
    if row is None or row.user_status == "DELETED" or row.expires_at <= datetime.now(UTC):
        return None
    return Session(token, row.csrf_token, principal_from_row(row))


async def sign_out(db: Database, token: str) -> None:
    async with db.write() as conn:
        await conn.execute(web_sessions.delete().where(web_sessions.c.token_hash == hash_key(token)))


async def change_password(db: Database, session: Session, current: str, new: str, repeated: str) -> None:
    """Set a new password after checking the current one; every other session of the user ends."""
    from timeledger.services.users import hash_password, verify_password

    if new != repeated:
        raise Invalid("The new passwords do not match", "repeatPassword")
    async with db.write() as conn:
        stored = (
            await conn.execute(sa.select(users.c.password_hash).where(users.c.id == session.principal.user_id))
        ).scalar_one_or_none()
        if stored is not None and not verify_password(stored, current):
            raise Invalid("The current password is not right", "currentPassword")
        await conn.execute(
            users.update().where(users.c.id == session.principal.user_id).values(password_hash=hash_password(new))
        )
        await conn.execute(
            web_sessions.delete().where(
                web_sessions.c.user_id == session.principal.user_id, web_sessions.c.token_hash != hash_key(session.token)
            )
        )
