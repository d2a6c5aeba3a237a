"""The real `timeledger` console script, in subprocesses, against both backends.

Each command gets TIMELEDGER_DATABASE_URL pointing at the `backend` database, which the in-process
app of the `client`/`api` fixtures also serves, so keys minted by the CLI are tried over the API.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support import Api, unique_email
from timeledger.db.tables import memberships, users, workspaces

TIMELEDGER = Path(sys.executable).with_name("timeledger")
HEX24 = re.compile(r"[0-9a-f]{24}")


def cli(*args: str, url: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMELEDGER_")}
    env.update(TIMELEDGER_DATABASE_URL=url, NO_COLOR="1", COLUMNS="200", TERM="dumb")
    return subprocess.run(
        [str(TIMELEDGER), *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    assert result.stdout == "", "nothing is printed on stdout when a command fails"
    message = result.stderr.strip()
    assert message.startswith("error:") and "\n" not in message, message
    for fragment in fragments:
        assert fragment.lower() in message.lower(), message


def json_output(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    return json.loads(result.stdout)


def count(api: Api, table: sa.Table, *where) -> int:
    async def go(db) -> int:
        async with db.read() as conn:
            stmt = sa.select(sa.func.count()).select_from(table)
            return (await conn.execute(stmt.where(*where) if where else stmt)).scalar_one()

    return api.run(go, api.db)


def user_count(api: Api, email: str) -> int:
    return count(api, users, sa.func.lower(users.c.email) == email.lower())


def get_user(api: Api, key: str):
    return api.client.get("/v1/user", headers={"X-Api-Key": key})


# --- bootstrap ----------------------------------------------------------------------------------


def test_bootstrap_prints_ids_and_a_working_key(backend, api):
    email = unique_email("boot")
    name = f"Boot {uuid.uuid4().hex[:6]}"
    workspace = f"WS {uuid.uuid4().hex[:8]}"
    result = cli("admin", "bootstrap", "--email", email, "--name", name, "--workspace", workspace, "--json",
                 url=backend.url)
    data = json_output(result)
    assert set(data) == {"userId", "workspaceId", "apiKey"}
    assert HEX24.fullmatch(data["userId"]) and HEX24.fullmatch(data["workspaceId"])
    assert data["userId"] != data["workspaceId"]
    assert isinstance(data["apiKey"], str) and len(data["apiKey"]) >= 32

    me = get_user(api, data["apiKey"])
    assert me.status_code == 200, me.text
    body = me.json()
    assert body["id"] == data["userId"]
    assert body["email"] == email
    assert body["name"] == name
    assert body["defaultWorkspace"] == data["workspaceId"] and body["activeWorkspace"] == data["workspaceId"]

    listed = api.client.get("/api/v1/workspaces", headers={"X-Api-Key": data["apiKey"]})
    assert listed.status_code == 200, listed.text
    assert [(w["id"], w["name"]) for w in listed.json()] == [(data["workspaceId"], workspace)]


def test_bootstrap_without_json_prints_key_value_lines(backend, api):
    email = unique_email("plain")
    result = cli("admin", "bootstrap", "--email", email, "--name", "Plain", "--workspace", "P",
                 url=backend.url)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.strip().splitlines())
    assert set(lines) == {"userId", "workspaceId", "apiKey"}
    assert get_user(api, lines["apiKey"]).json()["id"] == lines["userId"]


def test_bootstrap_with_a_time_zone(backend, api):
    zone = "America/Argentina/Buenos_Aires"
    email = unique_email("tz")
    data = json_output(cli("admin", "bootstrap", "--email", email, "--name", "Tz", "--workspace", "T",
                           "--timezone", zone, "--json", url=backend.url))
    body = get_user(api, data["apiKey"]).json()
    assert body["settings"]["timeZone"] == zone


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "America", "../../etc/passwd"])
def test_bootstrap_refuses_an_unknown_time_zone_and_writes_nothing(backend, api, zone):
    email = unique_email("badtz")
    result = cli("admin", "bootstrap", "--email", email, "--name", "Tz", "--workspace", "T",
                 "--timezone", zone, "--json", url=backend.url)
    assert_clean_failure(result, 1, "time zone")
    assert user_count(api, email) == 0


def test_bootstrap_with_a_taken_email_fails_and_writes_nothing(backend, api):
    owner = api.tenant("Taken")
    before = owner.ok("GET", "/v1/workspaces")
    workspace = f"Second {uuid.uuid4().hex}"

    # Same address, different case: e-mails are unique regardless of case.
    result = cli("admin", "bootstrap", "--email", owner.email.upper(), "--name", "Again",
                 "--workspace", workspace, "--json", url=backend.url)
    assert_clean_failure(result, 1, "already exists", owner.email)

    assert owner.ok("GET", "/v1/workspaces") == before
    assert count(api, workspaces, workspaces.c.name == workspace) == 0
    assert count(api, memberships, memberships.c.user_id == owner.user_id) == len(before)
    assert user_count(api, owner.email) == 1
    assert owner.ok("GET", "/v1/user")["name"] == "Owner Taken", "the existing account is untouched"


def test_bootstrap_with_a_bad_password_writes_nothing(backend, api):
    email = unique_email("pw")
    workspace = f"PW {uuid.uuid4().hex}"
    result = cli("admin", "bootstrap", "--email", email, "--name", "Pw", "--workspace", workspace,
                 "--password", "short", "--json", url=backend.url)
    assert_clean_failure(result, 1, "password")
    assert user_count(api, email) == 0
    assert count(api, workspaces, workspaces.c.name == workspace) == 0
    # The address is still free.
    data = json_output(cli("admin", "bootstrap", "--email", email, "--name", "Pw", "--workspace", workspace,
                           "--password", "a long enough password", "--json", url=backend.url))
    assert get_user(api, data["apiKey"]).json()["id"] == data["userId"]


# --- create-user --------------------------------------------------------------------------------


def test_create_user_roles_decide_who_may_list_workspace_users(backend, api):
    owner = api.tenant("Roles")
    admin_email, member_email = unique_email("admin"), unique_email("member")
    admin = json_output(cli("admin", "create-user", "--workspace-id", owner.ws, "--email", admin_email,
                            "--name", "Admin", "--role", "WORKSPACE_ADMIN", "--json", url=backend.url))
    member = json_output(cli("admin", "create-user", "--workspace-id", owner.ws, "--email", member_email,
                             "--name", "Member", "--role", "MEMBER", "--json", url=backend.url))
    for created in (admin, member):
        assert set(created) == {"userId", "apiKey"}
        assert HEX24.fullmatch(created["userId"])
    assert admin["userId"] != member["userId"] and admin["apiKey"] != member["apiKey"]

    for created, email in ((admin, admin_email), (member, member_email)):
        me = get_user(api, created["apiKey"])
        assert me.status_code == 200, me.text
        assert me.json()["id"] == created["userId"] and me.json()["email"] == email
        assert me.json()["defaultWorkspace"] == owner.ws

    path = f"/v1/workspaces/{owner.ws}/users"
    as_admin = api.client.get(path, headers={"X-Api-Key": admin["apiKey"]})
    assert as_admin.status_code == 200, as_admin.text
    assert {u["id"] for u in as_admin.json()} == {owner.user_id, admin["userId"], member["userId"]}

    as_member = api.client.get(path, headers={"X-Api-Key": member["apiKey"]})
    assert as_member.status_code == 403, as_member.text


def test_create_user_role_defaults_to_member(backend, api):
    owner = api.tenant("Default role")
    email = unique_email("dflt")
    created = json_output(cli("admin", "create-user", "--workspace-id", owner.ws, "--email", email,
                              "--name", "Dflt", "--json", url=backend.url))
    as_default = api.client.get(f"/v1/workspaces/{owner.ws}/users", headers={"X-Api-Key": created["apiKey"]})
    assert as_default.status_code == 403
    role = count(api, memberships, memberships.c.user_id == created["userId"], memberships.c.role == "MEMBER")
    assert role == 1


@pytest.mark.parametrize("role", ["KING", "ADMIN", ""])
def test_create_user_refuses_an_unknown_role(backend, api, role):
    owner = api.tenant("Bad role")
    email = unique_email("role")
    result = cli("admin", "create-user", "--workspace-id", owner.ws, "--email", email, "--name", "R",
                 "--role", role, "--json", url=backend.url)
    assert_clean_failure(result, 2, "--role must be one of", "WORKSPACE_ADMIN")
    assert user_count(api, email) == 0


@pytest.mark.parametrize("workspace_id", ["0123456789abcdef01234567", "not-an-id", "../../etc"])
def test_create_user_in_an_unknown_workspace_fails_cleanly(backend, api, workspace_id):
    email = unique_email("nows")
    result = cli("admin", "create-user", "--workspace-id", workspace_id, "--email", email, "--name", "N",
                 "--json", url=backend.url)
    assert_clean_failure(result, 1, "no such workspace")
    assert user_count(api, email) == 0


def test_create_user_with_a_taken_email_fails_cleanly(backend, api):
    owner = api.tenant("Dup")
    result = cli("admin", "create-user", "--workspace-id", owner.ws, "--email", owner.email, "--name", "Dup",
                 "--json", url=backend.url)
    assert_clean_failure(result, 1, "already exists")
    assert count(api, memberships, memberships.c.workspace_id == owner.ws) == 1


# --- new-key ------------------------------------------------------------------------------------


def test_new_key_replaces_the_old_one(backend, api):
    owner = api.tenant("Keys")
    assert get_user(api, owner.key).status_code == 200

    data = json_output(cli("admin", "new-key", "--email", owner.email, "--json", url=backend.url))
    assert set(data) == {"userId", "apiKey"}
    assert data["userId"] == owner.user_id and data["apiKey"] != owner.key

    old = get_user(api, owner.key)
    assert old.status_code == 401, old.text
    new = get_user(api, data["apiKey"])
    assert new.status_code == 200 and new.json()["id"] == owner.user_id

    # Again, without --json and with the address in another case: the second key replaces the first.
    result = cli("admin", "new-key", "--email", owner.email.upper(), url=backend.url)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.strip().splitlines())
    assert lines["userId"] == owner.user_id
    assert get_user(api, data["apiKey"]).status_code == 401
    assert get_user(api, lines["apiKey"]).status_code == 200


def test_new_key_for_an_unknown_email_fails_cleanly(backend, api):
    owner = api.tenant("Unknown")
    ghost = unique_email("ghost")
    result = cli("admin", "new-key", "--email", ghost, "--json", url=backend.url)
    assert_clean_failure(result, 1, "no such user", ghost)
    assert get_user(api, owner.key).status_code == 200, "other users' keys are untouched"


# --- db -----------------------------------------------------------------------------------------


def test_db_upgrade_is_idempotent(backend, api):
    from alembic.script import ScriptDirectory

    from timeledger.db.migrate import alembic_config, current_revision

    owner = api.tenant("Upgrade")
    for _ in range(2):
        result = cli("db", "upgrade", url=backend.url)
        assert result.returncode == 0, result.stderr
        assert "latest schema" in result.stdout
    head = ScriptDirectory.from_config(alembic_config(backend.url)).get_current_head()
    assert current_revision(backend.url) == head
    assert get_user(api, owner.key).json()["id"] == owner.user_id, "upgrading keeps the data"


def plain(url: str) -> str:
    """The URL as people write it, without the async driver names (the CLI adds them)."""
    return url.replace("postgresql+asyncpg://", "postgresql://").replace("sqlite+aiosqlite://", "sqlite://")


def test_db_is_empty_until_the_first_user(fresh_url):
    fresh_url = plain(fresh_url)
    assert cli("db", "is-empty", url=fresh_url).returncode == 0
    assert cli("db", "is-empty", url=fresh_url).returncode == 0, "asking twice changes nothing"
    data = json_output(cli("admin", "bootstrap", "--email", unique_email("first"), "--name", "First",
                           "--workspace", "First", "--json", url=fresh_url))
    assert HEX24.fullmatch(data["userId"])
    result = cli("db", "is-empty", url=fresh_url)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr


def test_admin_commands_migrate_a_fresh_database(fresh_url):
    fresh_url = plain(fresh_url)
    # `admin` works on a database nobody has upgraded yet, and the key it prints is usable right away.
    email = unique_email("fresh")
    data = json_output(cli("admin", "bootstrap", "--email", email, "--name", "Fresh", "--workspace", "Fresh",
                           "--json", url=fresh_url))
    renewed = json_output(cli("admin", "new-key", "--email", email, "--json", url=fresh_url))
    assert renewed["userId"] == data["userId"]
    assert renewed["apiKey"] != data["apiKey"]


# --- help ---------------------------------------------------------------------------------------


def test_help_lists_the_commands_quickly():
    assert TIMELEDGER.exists(), TIMELEDGER
    started = time.monotonic()
    result = cli("--help", url="sqlite:///unused.db")
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    for command in ("serve", "admin", "db"):
        assert re.search(rf"\b{command}\b", result.stdout), result.stdout
    assert elapsed < 10, f"timeledger --help took {elapsed:.1f}s"


@pytest.mark.parametrize(
    ("group", "commands"),
    [("admin", ("bootstrap", "create-user", "new-key")), ("db", ("upgrade", "is-empty"))],
)
def test_group_help_lists_its_commands(group, commands):
    result = cli(group, "--help", url="sqlite:///unused.db")
    assert result.returncode == 0, result.stderr
    for command in commands:
        assert command in result.stdout, result.stdout


def test_help_does_not_import_the_server_stack():
    code = (
        "import sys, timeledger.cli.main; "
        "heavy = ('sqlalchemy', 'fastapi', 'uvicorn', 'alembic', 'asyncpg'); "
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported at start-up: {result.stdout.strip()}"
