"""Clockify conventions every route shares: auth, routing, aliases, isolation, errors, OpenAPI, limits."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.support import assert_clockify_error


def test_keys_are_stored_hashed(api):
    import hashlib

    import sqlalchemy as sa

    from timeledger.db.tables import api_keys

    owner = api.tenant()

    async def stored(db):
        async with db.read() as conn:
            return [r.key_hash for r in await conn.execute(sa.select(api_keys.c.key_hash).where(api_keys.c.user_id == owner.user_id))]

    assert api.run(stored, api.db) == [hashlib.sha256(owner.key.encode()).hexdigest()]
    assert owner.key not in api.run(stored, api.db)[0]


def test_authentication_errors(api):
    owner = api.tenant()
    client = api.anonymous()
    assert_clockify_error(client.get("/v1/user"), 401, 1000, "Multiple or none auth tokens present")
    assert_clockify_error(client.get("/v1/user", headers={"Authorization": f"Bearer {owner.key}"}), 401, 1000)
    both = {"X-Api-Key": owner.key, "X-Addon-Token": owner.key}
    assert_clockify_error(client.get("/v1/user", headers=both), 401, 1000)
    assert_clockify_error(client.get("/v1/user", headers={"X-Api-Key": "nope"}), 401, 4003, "Api key does not exist")
    assert_clockify_error(client.get("/v1/user", headers={"X-Addon-Token": "nope"}), 401, 4017, "Token is not valid")
    assert_clockify_error(client.get(f"/v1/workspaces/{owner.ws}/projects", headers={"X-Api-Key": "nope"}), 401, 4003)
    assert client.get("/v1/user", headers={"X-Addon-Token": owner.key}).json()["id"] == owner.user_id
    assert client.get("/v1/user", headers={"x-api-KEY": owner.key}).json()["id"] == owner.user_id


def test_aliases_and_trailing_slashes_answer_directly(api):
    owner = api.tenant()
    for path in ("/v1/workspaces", "/api/v1/workspaces", "/api/v1/workspaces/", "/v1/workspaces/"):
        response = owner.get(path, follow_redirects=False)
        assert response.status_code == 200 and response.json()[0]["id"] == owner.ws, path
    created = owner.post("/api/v1/workspaces/{ws}/tags/", {"name": "slashed"})
    assert created.status_code == 201


def test_unknown_routes_and_wrong_verbs(api):
    owner = api.tenant()
    assert_clockify_error(owner.get("/v1/workspaces/{ws}/time-entries/timer/start"), 404, 3000, "No static resource")
    assert_clockify_error(owner.get("/api/v1/nothing-here"), 404, 3000)
    response = owner.request("PATCH", "/v1/workspaces/{ws}/tags")
    assert_clockify_error(response, 405, 3000, "Request method 'PATCH' is not supported")
    assert "GET" in response.headers["allow"] and "POST" in response.headers["allow"]


def test_other_workspaces_are_invisible(api):
    mine, theirs = api.tenant("Mine"), api.tenant("Theirs")
    project = theirs.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Secret"})
    entry = theirs.ok("POST", "/v1/workspaces/{ws}/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"})
    # Their workspace id answers exactly like one that does not exist.
    foreign = mine.get(f"/v1/workspaces/{theirs.ws}/projects")
    missing = mine.get(f"/v1/workspaces/{'0' * 24}/projects")
    malformed = mine.get("/v1/workspaces/xyz/projects")
    assert foreign.status_code == missing.status_code == malformed.status_code == 403
    assert foreign.json() == missing.json() == malformed.json()
    # Their entity ids answer exactly like ids that do not exist in mine.
    for path, missing_path in (
        (f"/v1/workspaces/{{ws}}/projects/{project['id']}", f"/v1/workspaces/{{ws}}/projects/{'1' * 24}"),
        (f"/v1/workspaces/{{ws}}/time-entries/{entry['id']}", f"/v1/workspaces/{{ws}}/time-entries/{'1' * 24}"),
        (f"/v1/workspaces/{{ws}}/user/{theirs.user_id}/time-entries", f"/v1/workspaces/{{ws}}/user/{'1' * 24}/time-entries"),
    ):
        a, b = mine.get(path), mine.get(missing_path)
        assert (a.status_code, a.json()) == (b.status_code, b.json()), path
    assert mine.ok("GET", "/v1/workspaces/{ws}/projects") == []


def test_query_conventions(api):
    owner = api.tenant()
    owner.ok("POST", "/v1/workspaces/{ws}/tags", {"name": "t"})
    for value in ("true", "TRUE", "True", "1"):
        assert owner.get(f"/v1/workspaces/{{ws}}/tags?archived={value}").json() == []
    for value in ("false", "0", "False"):
        assert len(owner.get(f"/v1/workspaces/{{ws}}/tags?archived={value}").json()) == 1
    body = assert_clockify_error(owner.get("/v1/workspaces/{ws}/tags?archived=perhaps"), 400, 3000)
    assert "archived" in body["message"] and "perhaps" in body["message"]
    assert_clockify_error(owner.get("/v1/workspaces/{ws}/tags?page=abc"), 400, 3000, "page")
    assert owner.get("/v1/workspaces/{ws}/tags?page=99").json() == []
    assert owner.get("/v1/workspaces/{ws}/tags?page=99").headers["Last-Page"] == "true"


def test_health_and_openapi(api):
    client = api.anonymous()
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert "/v1/workspaces/{workspaceId}/time-entries" in paths and "/v1/user" in paths
    assert "/clicktime/v2/Me" in paths
    for path, methods in paths.items():
        # Each dialect documents its own error shape: Clockify's {message, code}, ClickTime's envelope.
        error = "ClickTimeError" if path.startswith("/clicktime/") else "ClockifyError"
        assert path.startswith(("/v1/", "/api/v1/", "/clicktime/v2/")), path
        for operation in methods.values():
            assert "422" not in operation["responses"]
            for status in ("400", "401", "403", "429"):
                ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == f"#/components/schemas/{error}", (path, status, ref)
    assert set(spec["components"]["schemas"]["ClickTimeError"]["properties"]) == {"data", "errors", "jsonapi", "meta", "page"}
    created = paths["/v1/workspaces/{workspaceId}/time-entries"]["post"]["responses"]
    assert "201" in created
    assert client.get("/docs").status_code == 200
    home = client.get("/", follow_redirects=False)  # the web app, which asks a visitor to sign in
    assert home.status_code == 303 and home.headers["location"] == "/login"


def test_rate_limits_answer_429_with_retry_after(backend):
    from timeledger.api.app import create_app
    from timeledger.config import Settings
    from timeledger.services.users import bootstrap
    from tests.support import unique_email

    settings = Settings(database_url=backend.url, rate_limit_per_workspace=0, rate_limit_per_key=3)
    with TestClient(create_app(settings)) as client:
        _, ws, key = client.portal.call(bootstrap, client.app.state.db, unique_email(), "Limited", "Limited", None, None)
        headers = {"X-Api-Key": key}
        statuses = [client.get("/v1/user", headers=headers).status_code for _ in range(6)]
        assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429, 429]
        limited = client.get("/v1/user", headers=headers)
        assert_clockify_error(limited, 429, 429, "Too many requests")
        assert int(limited.headers["Retry-After"]) >= 1
    settings = Settings(database_url=backend.url, rate_limit_per_workspace=2, rate_limit_per_key=0)
    with TestClient(create_app(settings)) as client:
        _, ws, key = client.portal.call(bootstrap, client.app.state.db, unique_email(), "Busy", "Busy", None, None)
        _, _, other_key = client.portal.call(bootstrap, client.app.state.db, unique_email(), "Other", "Other", None, None)
        statuses = [client.get(f"/v1/workspaces/{ws}/tags", headers={"X-Api-Key": key}).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        # The bucket is the workspace's: another workspace is unaffected, and calls outside workspaces pass.
        assert client.get("/v1/user", headers={"X-Api-Key": key}).status_code == 200
        assert client.get("/v1/workspaces", headers={"X-Api-Key": other_key}).status_code == 200
