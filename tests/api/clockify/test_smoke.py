"""Section 9 of clockify-api.md: clockify-cli's happy path, call by call."""

from tests.support import assert_clockify_error


def test_smoke_path(api):
    owner = api.tenant()
    me = owner.ok("GET", "/api/v1/user")
    assert me["defaultWorkspace"] == owner.ws and me["id"] == owner.user_id

    workspaces = owner.ok("GET", "/api/v1/workspaces")
    assert [w["id"] for w in workspaces] == [owner.ws]

    project = owner.ok("POST", "/api/v1/workspaces/{ws}/projects", {"name": "Website", "billable": True})
    listed = owner.get("/api/v1/workspaces/{ws}/projects?page=1&page-size=50&hydrated=true")
    assert listed.status_code == 200 and listed.headers["Last-Page"] == "true"
    assert [p["id"] for p in listed.json()] == [project["id"]] and listed.json()[0]["tasks"] == []

    tag = owner.ok("POST", "/api/v1/workspaces/{ws}/tags", {"name": "docs"})
    tags = owner.get("/api/v1/workspaces/{ws}/tags?page=1&page-size=50&archived=false")
    assert [t["id"] for t in tags.json()] == [tag["id"]]

    # Nothing runs yet: clockify-cli relies on 404 with code 404 here.
    idle = owner.patch("/api/v1/workspaces/{ws}/user/{me}/time-entries", {"end": "2026-03-02T12:00:00Z"})
    assert_clockify_error(idle, 404, 404)

    started = owner.ok("POST", "/api/v1/workspaces/{ws}/time-entries",
                       {"start": "2026-03-02T12:00:00Z", "projectId": project["id"], "description": "Docs"})
    assert started["timeInterval"]["end"] is None and started["timeInterval"]["duration"] is None

    running = owner.get("/api/v1/workspaces/{ws}/user/{me}/time-entries?in-progress=1&page=1&page-size=1&hydrated=1")
    body = running.json()
    assert [e["id"] for e in body] == [started["id"]]
    assert body[0]["project"]["id"] == project["id"] and body[0]["projectId"] == project["id"]

    stopped = owner.ok("PATCH", "/api/v1/workspaces/{ws}/user/{me}/time-entries", {"end": "2026-03-02T13:30:00Z"})
    assert stopped["timeInterval"]["duration"] == "PT1H30M"

    replaced = owner.ok("PUT", f"/api/v1/workspaces/{{ws}}/time-entries/{started['id']}",
                        {"start": "2026-03-02T12:00:00Z", "end": "2026-03-02T14:00:00Z", "description": "Docs v2",
                         "tagIds": [tag["id"]]})
    assert replaced["projectId"] is None and replaced["tagIds"] == [tag["id"]]

    window = owner.get("/api/v1/workspaces/{ws}/user/{me}/time-entries",
                       params={"start": "2026-03-02T00:00:00Z", "end": "2026-03-02T23:59:59Z", "hydrated": "1",
                               "page": 1, "page-size": 50})
    assert [e["id"] for e in window.json()] == [started["id"]] and window.json()[0]["tags"][0]["name"] == "docs"

    owner.ok("PATCH", "/api/v1/workspaces/{ws}/time-entries/invoiced", {"timeEntryIds": [started["id"]], "invoiced": True}, status=200)

    deleted = owner.delete(f"/api/v1/workspaces/{{ws}}/time-entries/{started['id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert owner.ok("GET", "/api/v1/workspaces/{ws}/user/{me}/time-entries") == []
