"""The Alembic migrations against timeledger.db.tables, on SQLite and PostgreSQL.

Every test gets a database of its own (a temp SQLite file, or a database it creates and drops on
the test PostgreSQL server), so downgrades never touch the shared `backend` database.
"""

from __future__ import annotations

import asyncio
import re
import warnings
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool
from sqlalchemy.schema import CreateIndex

from timeledger.core.ids import new_id
from timeledger.db.migrate import alembic_config, current_revision, upgrade
from timeledger.db.tables import memberships, metadata, time_entries, users, workspaces


# SQLite cannot reflect expression-based indexes; SQLAlchemy and Alembic say so with these warnings
# and skip them. Only these are tolerated, and the skipped indexes are checked by other means.
SKIP_REFLECTION = re.compile(r"Skipped unsupported reflection of expression-based index (\w+)")
SKIP_AUTOGENERATE = re.compile(r"autogenerate skipping metadata-specified expression-based index '(\w+)'")


def run_sync(url: str, fn) -> Any:
    """Run fn(sync_connection) on a short-lived connection to `url` and return its result."""

    async def go() -> Any:
        engine = create_async_engine(url, poolclass=NullPool)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(fn)
        finally:
            await engine.dispose()

    return asyncio.run(go())


def compare(conn, target: sa.MetaData) -> list[Any]:
    return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), target)


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def expression_indexes() -> dict[str, sa.Index]:
    return {
        index.name: index
        for table in metadata.tables.values()
        for index in table.indexes
        if any(not isinstance(e, sa.Column) for e in index.expressions)
    }


def schema_diff(url: str) -> tuple[list[Any], set[str]]:
    """compare_metadata against the database, and the expression indexes it had to skip (SQLite)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        diff = run_sync(url, lambda conn: compare(conn, metadata))
    skipped: set[str] = set()
    reflected_skips: set[str] = set()
    for warning in caught:
        text = str(warning.message)
        if m := SKIP_AUTOGENERATE.search(text):
            skipped.add(m.group(1))
        elif m := SKIP_REFLECTION.search(text):
            reflected_skips.add(m.group(1))
        else:
            pytest.fail(f"unexpected warning while comparing the schema: {warning.category.__name__}: {text}")
    assert reflected_skips <= skipped | set(expression_indexes()), reflected_skips
    return diff, skipped


def table_names(url: str) -> set[str]:
    return set(run_sync(url, lambda conn: sa.inspect(conn).get_table_names()))


def assert_matches_metadata(url: str) -> None:
    diff, skipped = schema_diff(url)
    assert diff == [], f"the migrated schema differs from timeledger.db.tables: {diff}"
    assert table_names(url) == set(metadata.tables) | {"alembic_version"}
    if url.startswith("sqlite"):
        # Exactly the expression-based indexes were skipped; check those against sqlite_master.
        assert skipped == set(expression_indexes())
        stored = dict(
            run_sync(
                url,
                lambda conn: conn.execute(
                    sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
                ).all(),
            )
        )
        dialect = sa.create_engine("sqlite://").dialect
        for name, index in expression_indexes().items():
            expected = str(CreateIndex(index).compile(dialect=dialect))
            assert name in stored, f"expression-based index {name} is missing"
            assert " ".join(stored[name].split()) == " ".join(expected.split())
    else:
        assert skipped == set(), "PostgreSQL reflects expression-based indexes; nothing may be skipped"


# --- tests --------------------------------------------------------------------------------------


def test_there_is_a_single_head():
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1


def test_fresh_database_at_head_matches_the_tables(fresh_url):
    upgrade(fresh_url)
    assert current_revision(fresh_url) == head_revision()
    assert_matches_metadata(fresh_url)


def test_the_comparison_would_notice_a_difference(fresh_url):
    # A guard for the test above: compare_metadata against this database does report differences.
    upgrade(fresh_url)
    changed = sa.MetaData()
    for table in metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["tags"].append_column(sa.Column("colour", sa.String(7)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        diff = run_sync(fresh_url, lambda conn: compare(conn, changed))
    assert [(d[0], d[2], d[3].name) for d in diff] == [("add_column", "tags", "colour")]


def test_downgrade_to_base_then_upgrade_to_head(fresh_url):
    upgrade(fresh_url)
    command.downgrade(alembic_config(fresh_url), "base")
    assert current_revision(fresh_url) is None
    assert table_names(fresh_url) <= {"alembic_version"}

    upgrade(fresh_url)
    assert current_revision(fresh_url) == head_revision()
    assert_matches_metadata(fresh_url)


def test_upgrade_twice_is_a_no_op(fresh_url):
    upgrade(fresh_url)
    _insert_tenant(fresh_url, new_id(), [new_id()])
    upgrade(fresh_url)
    assert current_revision(fresh_url) == head_revision()
    count = sa.select(sa.func.count()).select_from(users)
    assert run_sync(fresh_url, lambda conn: conn.execute(count).scalar_one()) == 1


# --- one running timer per user ------------------------------------------------------------------

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _insert_tenant(url: str, workspace_id: str, user_ids: list[str]) -> None:
    def go(conn) -> None:
        now = datetime.now(UTC)
        conn.execute(workspaces.insert().values(id=workspace_id, name="W", settings={}, created_at=now))
        for user_id in user_ids:
            conn.execute(
                users.insert().values(
                    id=user_id, email=f"{user_id}@example.com", name="U", settings={}, created_at=now
                )
            )
            conn.execute(
                memberships.insert().values(
                    workspace_id=workspace_id, user_id=user_id, role="MEMBER", profile={}, created_at=now
                )
            )
        conn.commit()

    run_sync(url, go)


def _add_user_to(url: str, workspace_id: str, user_id: str) -> None:
    def go(conn) -> None:
        conn.execute(
            memberships.insert().values(
                workspace_id=workspace_id,
                user_id=user_id,
                role="MEMBER",
                profile={},
                created_at=datetime.now(UTC),
            )
        )
        conn.commit()

    run_sync(url, go)


def _insert_entry(url: str, workspace_id: str, user_id: str, start: datetime, end: datetime | None) -> str:
    entry_id = new_id()

    def go(conn) -> None:
        conn.execute(
            time_entries.insert().values(
                workspace_id=workspace_id,
                id=entry_id,
                user_id=user_id,
                billable=False,
                start_at=start,
                end_at=end,
                duration_s=None if end is None else int((end - start).total_seconds()),
                zone="UTC",
                local_date=date(start.year, start.month, start.day),
                currency="USD",
            )
        )
        conn.commit()

    run_sync(url, go)
    return entry_id


def _running(url: str, workspace_id: str, user_id: str) -> list[str]:
    return run_sync(
        url,
        lambda conn: conn.execute(
            sa.select(time_entries.c.id).where(
                time_entries.c.workspace_id == workspace_id,
                time_entries.c.user_id == user_id,
                time_entries.c.end_at.is_(None),
            )
        ).scalars().all(),
    )


def test_the_running_timer_index_exists(fresh_url):
    upgrade(fresh_url)
    indexes = run_sync(fresh_url, lambda conn: sa.inspect(conn).get_indexes("time_entries"))
    running = [i for i in indexes if i["name"] == "uq_time_entries_running"]
    assert len(running) == 1
    assert running[0]["unique"]
    assert running[0]["column_names"] == ["workspace_id", "user_id"]
    options = running[0].get("dialect_options", {})
    where = options.get("sqlite_where", options.get("postgresql_where"))
    assert where is not None and "end_at is null" in str(where).lower()


def test_one_running_timer_per_user_and_workspace(fresh_url):
    upgrade(fresh_url)
    ws, other_ws, ana, bo = new_id(), new_id(), new_id(), new_id()
    _insert_tenant(fresh_url, ws, [ana, bo])
    _insert_tenant(fresh_url, other_ws, [])
    _add_user_to(fresh_url, other_ws, ana)

    first = _insert_entry(fresh_url, ws, ana, START, None)
    with pytest.raises(IntegrityError):
        _insert_entry(fresh_url, ws, ana, START + timedelta(hours=1), None)
    assert _running(fresh_url, ws, ana) == [first]

    # Finished entries are not limited, and other users or workspaces have timers of their own.
    _insert_entry(fresh_url, ws, ana, START - timedelta(hours=3), START - timedelta(hours=2))
    _insert_entry(fresh_url, ws, ana, START - timedelta(hours=2), START - timedelta(hours=1))
    _insert_entry(fresh_url, ws, bo, START, None)
    _insert_entry(fresh_url, other_ws, ana, START, None)

    # Once the timer stops, a new one may start.
    def stop(conn) -> None:
        conn.execute(
            time_entries.update()
            .where(time_entries.c.workspace_id == ws, time_entries.c.id == first)
            .values(end_at=START + timedelta(minutes=30), duration_s=1800)
        )
        conn.commit()

    run_sync(fresh_url, stop)
    second = _insert_entry(fresh_url, ws, ana, START + timedelta(hours=1), None)
    assert _running(fresh_url, ws, ana) == [second]

    # Restarting the stopped entry while another one runs is refused too.
    def restart(conn) -> None:
        conn.execute(
            time_entries.update()
            .where(time_entries.c.workspace_id == ws, time_entries.c.id == first)
            .values(end_at=None, duration_s=None)
        )
        conn.commit()

    with pytest.raises(IntegrityError):
        run_sync(fresh_url, restart)
    assert _running(fresh_url, ws, ana) == [second]
