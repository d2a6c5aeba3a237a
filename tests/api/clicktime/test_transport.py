"""ClickTime transport: credentials, the envelope, case-insensitive paths and names, errors, 429."""

from __future__ import annotations

import base64

import pytest
from starlette.testclient import TestClient

from tests.api.clicktime.ct import BASE, CT, ENVELOPE, PASSWORD, ct_error, member, owner_with_password, tenant
from tests.support import snapshot


def basic(email: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{email}:{password}".encode()).decode()}


# --- Token ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["Token", "token", "TOKEN", "ToKeN"])
def test_token_scheme_in_any_case(api, scheme):
    owner = tenant(api)
    response = api.client.get(BASE + "/Me", headers={"Authorization": f"{scheme} {owner.token}"})
    assert response.status_code == 200, response.text
    me = response.json()["data"]
    assert me["ID"] == owner.user_id and me["Email"] == owner.email and me["SecurityLevel"] == "ADMIN"
    assert me["AuthToken"] is None  # a token caller already holds its token; keys are stored hashed


@pytest.mark.parametrize("header", [
    None, "", "Token", "Token    ", "Token not-a-key", "Bearer abc", "X y z", "Basic", "Basic !!notbase64",
    "Basic " + base64.b64encode(b"no-colon").decode(),
])
def test_missing_or_unknown_credentials_are_401(api, header):
    headers = {} if header is None else {"Authorization": header}
    ct_error(api.client.get(BASE + "/Me", headers=headers), 401)
    ct_error(api.client.get(BASE + "/Clients", headers=headers), 401)


def test_clockify_header_is_not_a_clicktime_credential(api):
    owner = tenant(api)
    ct_error(api.client.get(BASE + "/Me", headers={"X-Api-Key": owner.token}), 401)


def test_the_same_key_serves_both_dialects(api):
    owner = tenant(api)
    client = owner.ok("POST", "/Clients", {"Name": "Both"})
    assert owner.caller.ok("GET", f"/v1/workspaces/{{ws}}/clients/{client['ID']}")["name"] == "Both"


# --- Basic ---------------------------------------------------------------------------------------


def test_basic_on_me_issues_a_new_working_token_and_earlier_keys_keep_working(api):
    owner = owner_with_password(api)
    first = api.client.get(BASE + "/Me", headers=basic(owner.email, PASSWORD))
    assert first.status_code == 200, first.text
    token = first.json()["data"]["AuthToken"]
    assert set(token) == {"Token", "TokenCreationTime"} and token["Token"] and token["TokenCreationTime"].endswith("Z")
    second = api.client.get(BASE + "/me", headers=basic(owner.email.upper(), PASSWORD)).json()["data"]["AuthToken"]
    assert second["Token"] != token["Token"]
    for key in (owner.token, token["Token"], second["Token"]):
        assert CT(owner.caller, key).ok("GET", "/Me")["ID"] == owner.user_id
        assert api.client.get("/v1/user", headers={"X-Api-Key": key}).status_code == 200


def test_basic_with_wrong_password_or_unknown_email_is_401(api):
    owner = owner_with_password(api)
    ct_error(api.client.get(BASE + "/Me", headers=basic(owner.email, PASSWORD + "x")), 401, contains="invalid")
    ct_error(api.client.get(BASE + "/Me", headers=basic("nobody@example.com", PASSWORD)), 401)
    without_password = tenant(api)  # an account that has no password at all
    ct_error(api.client.get(BASE + "/Me", headers=basic(without_password.email, "anything")), 401)


@pytest.mark.parametrize("method,path,body", [
    ("GET", "/Clients", None), ("GET", "/Me/Jobs", None), ("POST", "/Jobs", {"Name": "Via basic"}),
    ("POST", "/Clients", {"Name": "Via basic"}), ("PATCH", "/Company", {"WeekStartsOn": "Sunday"}),
    ("GET", "/Company", None), ("GET", "/Users", None),
])
def test_basic_is_refused_everywhere_else(api, method, path, body):
    owner = owner_with_password(api)
    before = snapshot(api, owner.ws)
    response = api.client.request(method, BASE + path, json=body, headers=basic(owner.email, PASSWORD))
    ct_error(response, 401, contains="token")
    assert snapshot(api, owner.ws) == before


def test_reset_auth_token_replaces_every_key(api):
    owner = owner_with_password(api)
    issued = api.client.get(BASE + "/Me", headers=basic(owner.email, PASSWORD)).json()["data"]["AuthToken"]["Token"]
    ct_error(owner.post("/Me/ResetAuthToken"), 401, contains="basic")  # Token is not enough
    response = api.client.post(BASE + "/me/resetauthtoken", headers=basic(owner.email, PASSWORD))
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == ENVELOPE and set(body["data"]) == {"Token", "TokenCreationTime"}
    new = body["data"]["Token"]
    for old in (owner.token, issued):
        ct_error(CT(owner.caller, old).get("/Me"), 401)
        assert api.client.get("/v1/user", headers={"X-Api-Key": old}).status_code == 401
    assert CT(owner.caller, new).ok("GET", "/Me")["ID"] == owner.user_id
    ct_error(api.client.post(BASE + "/Me/ResetAuthToken", headers=basic(owner.email, "wrong password")), 401)
    assert CT(owner.caller, new).ok("GET", "/Me")["ID"] == owner.user_id


# --- the workspace ---------------------------------------------------------------------------------


def test_the_company_is_the_callers_default_workspace(api):
    first = tenant(api, "First")
    second = tenant(api, "Second")
    second.caller.ok("POST", "/v1/workspaces/{ws}/users", {"email": first.email}, status=200)
    assert first.ok("GET", "/Company")["ID"] == first.ws  # joining another workspace changes nothing
    assert first.ok("GET", "/Company")["Name"] == "First"


def test_a_deactivated_member_is_401(api):
    owner = tenant(api)
    worker = member(api, owner)
    assert worker.ok("GET", "/Me")["SecurityLevel"] == "STANDARD"
    owner.ok("DELETE", f"/Users/{worker.user_id}")
    ct_error(worker.get("/Me"), 401)


# --- envelope, casing, unknown paths -----------------------------------------------------------


def test_every_response_is_in_the_envelope(api):
    owner = tenant(api)
    single = owner.get("/Company").json()
    assert set(single) == ENVELOPE and single["errors"] == [] and single["jsonapi"] == {} and single["meta"] == {}
    assert single["page"] is None
    listed = owner.page("/Clients")
    assert set(listed["page"]) == {"count", "limit", "offset", "links"}
    error = owner.get("/Clients/" + "0" * 24).json()
    assert set(error) == ENVELOPE and error["data"] is None and len(error["errors"]) == 1


@pytest.mark.parametrize("path", [
    "/clicktime/v2/me", "/CLICKTIME/V2/ME", "/clicktime/v2/Me/", "/ClickTime/v2/mE/jObS", "/clicktime/v2/manage/users",
    "/clicktime/v2/COMPANY", "/clicktime/v2/users",
])
def test_paths_match_in_any_case(api, path):
    owner = tenant(api)
    response = api.client.get(path, headers={"Authorization": f"Token {owner.token}"})
    assert response.status_code == 200, response.text
    assert set(response.json()) == ENVELOPE


def test_ids_in_paths_keep_their_case_and_match_in_any(api):
    owner = tenant(api)
    client = owner.ok("POST", "/Clients", {"Name": "Casing"})
    assert owner.ok("GET", f"/clients/{client['ID'].upper()}")["ID"] == client["ID"]


def test_query_names_match_in_any_case(api):
    owner = tenant(api)
    active = owner.ok("POST", "/Clients", {"Name": "Active one"})
    owner.ok("POST", "/Clients", {"Name": "Inactive one", "IsActive": False})
    for query in ("IsActive=true", "isactive=true", "ISACTIVE=true", "isActive=true"):
        rows = owner.ok("GET", f"/Clients?{query}")
        assert [c["ID"] for c in rows] == [active["ID"]], query
    page = owner.page("/Clients?LIMIT=1&OffSet=1")["page"]
    assert (page["limit"], page["offset"], page["count"]) == (1, 1, 2)


def test_body_field_names_match_in_any_case(api):
    owner = tenant(api)
    client = owner.ok("POST", "/Clients", {"name": "lower case", "isactive": False})
    assert client["Name"] == "lower case" and client["IsActive"] is False


def test_unknown_paths_are_404_and_wrong_methods_405_in_the_envelope(api):
    owner = tenant(api)
    ct_error(owner.get("/Nothing/Here"), 404)
    ct_error(owner.get(BASE), 404)
    response = owner.delete("/Company")
    ct_error(response, 405)
    assert set(response.headers["allow"].split(", ")) == {"GET", "PATCH"}
    ct_error(owner.request("PUT", "/Clients"), 405)


def test_malformed_json_is_400_never_422(api):
    owner = tenant(api)
    before = snapshot(api, owner.ws)
    response = owner.request("POST", "/Clients", content=b'{"Name": ', headers={"Content-Type": "application/json"})
    ct_error(response, 400, contains="malformed")
    ct_error(owner.request("POST", "/Jobs", content=b"[1, 2]", headers={"Content-Type": "application/json"}), 400)
    ct_error(owner.request("POST", "/Jobs"), 400)
    assert snapshot(api, owner.ws) == before


def test_openapi_tags_the_dialect_and_documents_its_errors(api):
    spec = api.client.get("/openapi.json").json()
    operation = spec["paths"]["/clicktime/v2/Jobs"]["get"]
    assert operation["tags"] == ["ClickTime v2"]
    assert "422" not in operation["responses"]
    ref = operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/ClickTimeError"
    assert "errors" in spec["components"]["schemas"]["ClickTimeError"]["properties"]
    assert {p["name"] for p in operation["parameters"]} >= {"limit", "offset", "verbose", "ClientID", "IsActive"}


# --- rate limits -------------------------------------------------------------------------------


def test_rate_limit_answers_429_in_the_envelope(api, backend):
    from timeledger.api.app import create_app
    from timeledger.config import Settings

    owner = tenant(api)
    app = create_app(Settings(database_url=backend.url, rate_limit_per_workspace=0, rate_limit_per_key=0.01))
    with TestClient(app) as limited:
        headers = {"Authorization": f"token {owner.token}"}
        assert limited.get(BASE + "/Me", headers=headers).status_code == 200
        response = limited.get(BASE + "/me", headers=headers)
        ct_error(response, 429, contains="too many")
        assert int(response.headers["retry-after"]) >= 1
        clockify = limited.get("/v1/user", headers={"X-Api-Key": owner.token})
        assert clockify.status_code == 200  # another credential header, another bucket
        assert limited.get("/v1/user", headers={"X-Api-Key": owner.token}).json() == {"message": "Too many requests", "code": 429}
