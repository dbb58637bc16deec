"""401 for a missing, malformed, unknown or revoked key; 403 for a role the route does not allow."""

import hashlib

import pytest
from sqlalchemy import text

from servicedesk.clients import keys
from servicedesk.clients.service import get_by_slug
from servicedesk.database import unit_of_work

MISSING = "INC-999999"  # a number no client has: an allowed role gets past the check and finds nothing
ROUTES = {
    "list": ("GET", "/tickets", None),
    "read": ("GET", f"/tickets/{MISSING}", None),
    "status": ("POST", f"/tickets/{MISSING}/status", {"to": "in_progress"}),
    "assign": ("POST", f"/tickets/{MISSING}/assign", {"group": "Infrastructure"}),
    "resolve": ("POST", f"/tickets/{MISSING}/resolve", {}),
    "comment": ("POST", f"/tickets/{MISSING}/comments", {"body": "note"}),
    "assignee": ("POST", f"/tickets/{MISSING}/assignee", {"agent": "alice"}),
    "escalate": ("POST", f"/tickets/{MISSING}/escalate", {"group": "Experts", "reason": "expert"}),
    "manager": ("POST", f"/tickets/{MISSING}/escalate/manager", {"reason": "late"}),
    "problem": ("POST", f"/tickets/{MISSING}/problem", {"problem": "PRB-000001"}),
    "pending": ("POST", f"/tickets/{MISSING}/pending", {"on": "requester", "reason": "asked"}),
    "reopen": ("POST", f"/tickets/{MISSING}/reopen", {}),
    "remote_list": ("GET", f"/tickets/{MISSING}/remote-sessions", None),
    "remote_ask": ("POST", f"/tickets/{MISSING}/remote-session", None),
    "remote_end": ("POST", f"/tickets/{MISSING}/remote-session/end", None),
    "settings": ("POST", "/settings/reload", None),
}
ALLOWED = {
    "agent": {"list", "read", "status", "assign", "resolve", "comment", "assignee", "escalate", "manager", "problem",
              "pending", "reopen", "remote_list", "remote_ask", "remote_end"},
    "integration": {"list", "read", "comment", "remote_list"},
    "admin": set(ROUTES),
}
SUCCESS = {"list": 200, "settings": 200}  # the others reach the ticket lookup: 404


def test_health_needs_no_key(desk) -> None:
    response = desk.http.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_health_is_503_when_the_catalogue_does_not_answer(desk, monkeypatch) -> None:
    monkeypatch.setattr("api.routes.health.answers", lambda _factory: False)
    response = desk.http.get("/health")
    assert (response.status_code, response.json()) == (503, {"detail": "the client catalogue does not answer"})


def test_a_request_without_a_valid_key_is_401_on_every_route(desk) -> None:
    secret = desk.secrets["alpha-admin"]
    for headers in [
        {},
        {"Authorization": secret},  # no scheme
        {"Authorization": f"Basic {secret}"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer rk_not-a-key-anybody-issued"},
        {"Authorization": f"Bearer {keys.hash_secret(secret)}"},  # what the catalogue holds opens nothing
    ]:
        for method, path, body in ROUTES.values():
            response = desk.http.request(method, path, headers=headers, json=body)
            assert response.status_code == 401, (headers, path, response.text)
            assert response.headers["WWW-Authenticate"] == "Bearer"
            assert set(response.json()) == {"detail"}


def test_a_revoked_key_is_refused_from_its_next_request(desk) -> None:
    assert desk.http.get("/tickets", headers=desk.auth("alpha-agent")).status_code == 200
    with unit_of_work(desk.catalogue) as session:
        keys.revoke(db_session=session, client=get_by_slug(db_session=session, slug="alpha"), name="alpha-agent")
    response = desk.http.get("/tickets", headers=desk.auth("alpha-agent"))
    assert (response.status_code, response.json()) == (401, {"detail": "unknown or revoked API key"})
    assert desk.http.get("/tickets", headers=desk.auth("alpha-admin")).status_code == 200  # the client's other keys


def test_the_keys_of_a_deactivated_client_are_refused(desk) -> None:
    assert desk.http.get("/tickets", headers=desk.auth("alpha-agent")).status_code == 200  # its factory is cached
    with unit_of_work(desk.catalogue) as session:
        get_by_slug(db_session=session, slug="alpha").active = False
    assert desk.http.get("/tickets", headers=desk.auth("alpha-agent")).status_code == 401
    assert desk.http.get("/tickets", headers=desk.auth("bravo-agent")).status_code == 200


@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_reaches_exactly_its_routes(desk, role) -> None:
    headers = desk.auth(f"alpha-{role}")
    for name, (method, path, body) in ROUTES.items():
        response = desk.http.request(method, path, headers=headers, json=body)
        if name in ALLOWED[role]:
            assert response.status_code == SUCCESS.get(name, 404), (role, name, response.text)
        else:
            assert response.status_code == 403, (role, name, response.text)
            assert response.json() == {"detail": f"a key with role {role!r} cannot do this"}


def test_an_integration_key_cannot_change_a_status_and_nothing_changes(desk) -> None:
    response = desk.http.post("/tickets/INC-000001/status", headers=desk.auth("alpha-integration"),
                              json={"to": "cancelled", "reason": "not mine to decide"})
    assert response.status_code == 403
    ticket = desk.ticket("alpha", "INC-000001")
    assert (ticket.status, ticket.history) == ("new", [])


def test_the_secret_is_not_stored_only_its_sha256(desk) -> None:
    with desk.catalogue() as session:
        rows = [dict(row) for row in session.execute(text("SELECT * FROM api_keys ORDER BY id")).mappings()]
    assert [row["name"] for row in rows] == list(desk.secrets)
    for row in rows:
        secret = desk.secrets[row["name"]]
        assert row["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
        assert not any(secret in str(value) or secret[3:] in str(value) for value in row.values())
