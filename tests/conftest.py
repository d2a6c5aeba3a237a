"""Test harness: every API test runs against a real SQLite file and a real PostgreSQL server.

PostgreSQL comes from TIMELEDGER_TEST_PG_URL (set by `make test`), or is started here with the
project's own scripts/pg.sh. Each pytest worker gets its own fresh database on each backend;
tests isolate themselves by creating their own workspaces, which is also how tenancy works.
TIMELEDGER_TEST_BACKENDS=sqlite (or postgres) narrows a run to one backend while developing.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.support import Api, Backend

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = [b for b in os.environ.get("TIMELEDGER_TEST_BACKENDS", "sqlite,postgres").split(",") if b]


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """Base URL of a PostgreSQL server (the `postgres` maintenance database)."""
    url = os.environ.get("TIMELEDGER_TEST_PG_URL")
    started = False
    if not url:
        result = subprocess.run([str(ROOT / "scripts" / "pg.sh"), "start"], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.fail(f"PostgreSQL is needed for the postgres backend and could not start:\n{result.stderr}")
        url = result.stdout.strip()
        started = True
    yield url.rsplit("/", 1)[0]
    if started and os.environ.get("TIMELEDGER_TEST_KEEP_PG") != "1":
        # Leave the server to `make test`, which stops it; stop only what this session started alone.
        pass


async def _pg_admin(base: str, sql: str) -> None:
    import asyncpg

    dsn = base.replace("postgresql+asyncpg://", "postgresql://") + "/postgres"
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _make_backend(name: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Backend:
    if name == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "timeledger.db"
        return Backend(name, f"sqlite+aiosqlite:///{path}", cleanup=None)
    base = request.getfixturevalue("pg_server_url")
    dbname = f"tl_test_{_worker()}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_pg_admin(base, f'CREATE DATABASE "{dbname}"'))

    def drop() -> None:
        asyncio.run(_pg_admin(base, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))

    return Backend(name, f"{base}/{dbname}", cleanup=drop)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    """A migrated, empty database on one backend."""
    from timeledger.db.migrate import upgrade

    made = _make_backend(request.param, tmp_path_factory, request)
    upgrade(made.url)
    yield made
    if made.cleanup:
        made.cleanup()


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A brand-new, empty (not migrated) database of the test's own, on one backend.
    The SQLite file sits in a directory that does not exist yet."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'not' / 'there' / 'yet.db'}"
        return
    base = request.getfixturevalue("pg_server_url")
    name = f"tl_fresh_{_worker()}_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg_admin(base, f'CREATE DATABASE "{name}"'))
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(_pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def client(backend: Backend) -> Iterator[TestClient]:
    """The app, in process, on `backend`, with rate limits off (they have tests of their own)."""
    from timeledger.api.app import create_app
    from timeledger.config import Settings

    settings = Settings(database_url=backend.url, rate_limit_per_workspace=0, rate_limit_per_key=0)
    app = create_app(settings)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient, backend: Backend) -> Api:
    """Entry point for API tests: makes isolated workspaces and members, and calls the API."""
    return Api(client, backend)
