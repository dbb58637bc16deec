"""Attacks on the console's roles and sessions (the console alone, through FastAPI's TestClient): an agent at the
admins' and leads' pages; a lead at another lead's client, at a lead or an admin, at more groups than it leads; a
session copied before "sign out everywhere" replayed after it; every form of these pages posted without its CSRF
token."""

import pytest
from fastapi.testclient import TestClient

from console.app import COOKIE
from servicedesk.accounts import service
from servicedesk.database import unit_of_work
from tests.console.conftest import (
    NAMES,
    PASSWORD,
    built_desk,
    cheap_hashes,
    csrf_of,
    desk,
    http,
    sign_in,
    signed_in,
)

__all__ = ["built_desk", "cheap_hashes", "desk", "http", "signed_in"]  # the console's desk, not the servers'


def add(desk, login: str, role: str, grants: dict[str, list[str]]) -> None:
    with unit_of_work(desk.catalogue) as session:
        service.create(db_session=session, login=login, display_name=login.title(), email=f"{login}@desk.example",
                       role=role, password=PASSWORD, grants=grants)


def account(desk, login: str):
    with desk.catalogue() as session:
        return service.get_by_login(db_session=session, login=login)


def test_an_agent_reaches_neither_the_admins_pages_nor_the_audit_nor_a_team(signed_in, desk) -> None:
    http = signed_in("alice")
    token = csrf_of(http, "/clients")
    for path in ("/accounts", "/audit", "/audit?login=root", "/team"):
        assert http.get(path).status_code == 403, path
    nav = http.get("/clients").text
    assert all(f'href="{path}"' not in nav for path in ("/accounts", "/audit", "/team"))
    for path, data in (("/accounts/bob/signout-everywhere", {}), ("/accounts/dan/enable", {}),
                       ("/accounts/alice/role", {"role": "admin"}), ("/accounts/bob/password", {}),
                       ("/team/alpha/agents", {"login": "alice", "groups": ""}),  # all of alpha's groups to herself
                       ("/team/alpha/agents/dan/enable", {}), ("/team/alpha/agents/lea/signout-everywhere", {})):
        answer = http.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
        assert answer.status_code == 403, path
    # Another client's or no client's team: the same refusal, so a slug learns nothing.
    bravo, zulu = (http.post(f"/team/{slug}/agents/bob/disable", data={"csrf_token": token}) for slug in ("bravo",
                                                                                                         "zulu"))
    assert bravo.status_code == zulu.status_code == 403 and bravo.text == zulu.text
    assert not account(desk, "dan").active and account(desk, "bob").session_epoch == 0
    assert account(desk, "lea").session_epoch == 0


def test_a_lead_cannot_manage_another_leads_client(desk, signed_in) -> None:
    add(desk, "otto", "lead", {"charlie": []})
    add(desk, "carl", "agent", {"charlie": []})
    http = signed_in("lea")  # leads alpha and bravo
    token = csrf_of(http, "/team")
    page = http.get("/team").text
    assert 'data-member="carl"' not in page and 'data-member="otto"' not in page and NAMES["charlie"] not in page
    for path, data in (("/team/charlie/agents", {"login": "alice", "groups": ""}),
                       ("/team/charlie/agents/carl/disable", {}), ("/team/charlie/agents/carl/withdraw", {}),
                       ("/team/charlie/agents/carl/signout-everywhere", {}),
                       ("/team/alpha/agents/carl/disable", {})):  # carl is not on alpha's team
        answer = http.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
        assert answer.status_code == 404 and "carl" not in answer.text, path
    # Given alpha too, carl still works for otto's charlie: lea may not disable nor sign him out for otto.
    assert http.post("/team/alpha/agents", data={"csrf_token": token, "login": "carl", "groups": ""},
                     follow_redirects=False).status_code == 303
    for action in ("disable", "signout-everywhere"):
        refused = http.post(f"/team/alpha/agents/carl/{action}", data={"csrf_token": token})
        assert refused.status_code == 403 and "not an agent of the clients you lead" in refused.text
    # Nor a lead, nor an admin, though they work on her clients.
    assert http.post("/team/alpha/agents", data={"csrf_token": token, "login": "otto", "groups": ""}) \
        .status_code == 403
    for action in ("disable", "signout-everywhere", "withdraw"):
        assert http.post(f"/team/alpha/agents/root/{action}", data={"csrf_token": token}).status_code == 403
    carl, root, otto = account(desk, "carl"), account(desk, "root"), account(desk, "otto")
    assert carl.active and carl.session_epoch == 0 and root.active and root.session_epoch == 0
    assert [g.client.slug for g in otto.grants] == ["charlie"]
    assert sorted(g.client.slug for g in root.grants) == ["alpha", "bravo", "charlie"]


def test_a_lead_of_some_groups_gives_no_more_than_those(desk, signed_in) -> None:
    add(desk, "gil", "lead", {"bravo": ["Infrastructure"]})
    http = signed_in("gil")
    token = csrf_of(http, "/team")
    for groups in ("", "Infrastructure, Applications", "Applications"):
        answer = http.post("/team/bravo/agents", data={"csrf_token": token, "login": "alice", "groups": groups})
        assert answer.status_code == 403, groups
    assert [g.client.slug for g in account(desk, "alice").grants] == ["alpha"]
    assert http.post("/team/bravo/agents", data={"csrf_token": token, "login": "alice", "groups": "Infrastructure"},
                     follow_redirects=False).status_code == 303


def test_a_session_copied_before_sign_out_everywhere_is_refused_after(desk, http) -> None:
    assert sign_in(http, "alice").status_code == 303
    stolen = http.cookies[COOKIE]
    assert http.post("/account/signout-everywhere", data={"csrf_token": csrf_of(http, "/account/password")},
                     follow_redirects=False).status_code == 303
    assert sign_in(http, "alice").status_code == 303  # she signs in again: a new epoch, not the old one back
    with TestClient(http.app) as thief:
        thief.cookies.set(COOKIE, stolen)
        refused = thief.get("/clients", follow_redirects=False)
        assert refused.status_code == 303 and refused.headers["location"].startswith("/signin")
        assert thief.get("/whoami", follow_redirects=False).status_code == 303
    assert http.get("/whoami").text == "alice agent"


FORMS = [("root", "/accounts/alice/signout-everywhere", {}),
         ("root", "/accounts/alice/role", {"role": "admin"}),
         ("root", "/accounts/alice/password", {}),
         ("alice", "/account/signout-everywhere", {}),
         ("lea", "/team/alpha/agents", {"login": "bob", "groups": ""}),
         ("lea", "/team/alpha/agents/alice/withdraw", {}),
         ("lea", "/team/alpha/agents/alice/disable", {}),
         ("lea", "/team/alpha/agents/dan/enable", {}),
         ("lea", "/team/alpha/agents/alice/signout-everywhere", {})]


def state(desk) -> dict[str, tuple[object, ...]]:
    return {a.login: (a.role, a.active, a.session_epoch, a.password_hash, [g.client.slug for g in a.grants])
            for a in (account(desk, name) for name in ("alice", "bob", "dan"))}


@pytest.mark.parametrize("login, path, data", FORMS, ids=[path for _, path, _ in FORMS])
def test_every_new_form_needs_its_csrf_token(desk, signed_in, login, path, data) -> None:
    http = signed_in(login)
    before = state(desk)
    for token in (None, "forged", csrf_of(TestClient(http.app), "/signin")):  # none, made up, another browser's
        sent = data | ({"csrf_token": token} if token else {})
        answer = http.post(path, data=sent, follow_redirects=False)
        assert answer.status_code == 403 and "security token" in answer.text, token
    foreign = http.post(path, data=data | {"csrf_token": csrf_of(http, "/clients")},
                        headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert foreign.status_code == 403
    assert state(desk) == before
    assert http.get("/whoami").text.startswith(login)
