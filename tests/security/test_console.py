"""Attacks on the agents' console (no Rasa needed: the console alone, through FastAPI's TestClient): another
client's data by URL, a tampered or forged session cookie, a role or a client claimed in a form, an open redirect
through `next=`, markup smuggled through it."""

import base64
import json
import time

import pytest
from itsdangerous import TimestampSigner

from console.app import COOKIE
from servicedesk.accounts import service
from servicedesk.clients.models import Client
from servicedesk.database import unit_of_work
from tests.console.conftest import NAMES, SECRET, built_desk, cheap_hashes, csrf_of, desk, http, sign_in, signed_in

__all__ = ["built_desk", "cheap_hashes", "desk", "http", "signed_in"]  # the console's desk, not the servers'


def test_another_clients_slug_answers_as_one_that_does_not_exist(signed_in) -> None:
    http = signed_in("alice")
    missing = http.get("/clients/zulu")
    assert missing.status_code == 404
    for path in ("/clients/bravo", "/clients/charlie", "/clients/BRAVO", "/clients/bravo/", "/clients/bravo%20",
                 "/clients/%62ravo", "/clients/alpha/../bravo"):
        answer = http.get(path, follow_redirects=False)
        assert answer.status_code in (404, 307), path
        if answer.status_code == 404:
            assert answer.text == missing.text, path
        assert NAMES["bravo"] not in answer.text and NAMES["charlie"] not in answer.text
    listing = http.get("/clients").text
    assert "bravo" not in listing and "charlie" not in listing


def test_a_client_deactivated_after_the_grant_is_gone_from_the_console(desk, signed_in) -> None:
    http = signed_in("root")
    assert http.get("/clients/charlie").status_code == 200
    with unit_of_work(desk.catalogue) as session:
        session.query(Client).filter_by(slug="charlie").one().active = False
    assert http.get("/clients/charlie").status_code == 404
    assert NAMES["charlie"] not in http.get("/clients").text


def session_cookie(payload: dict[str, object], secret: str) -> str:
    """A cookie as Starlette's SessionMiddleware makes one: base64 JSON, signed with a timestamp."""
    data = base64.b64encode(json.dumps(payload).encode())
    return TimestampSigner(secret).sign(data).decode()


def root_id(desk) -> int:
    with desk.catalogue() as session:
        return service.get_by_login(db_session=session, login="root").id


@pytest.mark.parametrize("tamper", ["flip", "other secret", "no signature"])
def test_a_tampered_or_forged_session_cookie_signs_nobody_in(desk, http, tamper) -> None:
    if tamper == "flip":
        sign_in(http, "alice")
        value = http.cookies[COOKIE]
        value = value[:10] + ("A" if value[10] != "A" else "B") + value[11:]
    else:
        forged = {"account": root_id(desk), "epoch": 0, "since": int(time.time()), "csrf": "x"}
        value = session_cookie(forged, "a guessed secret") if tamper == "other secret" else \
            base64.b64encode(json.dumps(forged).encode()).decode()
    http.cookies.clear()
    http.cookies.set(COOKIE, value)
    answer = http.get("/clients", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/signin")


def test_a_well_signed_cookie_of_an_older_epoch_is_refused(desk, http) -> None:
    """What a stolen cookie is worth after the password changed: nothing (the epoch moved on)."""
    old = session_cookie({"account": root_id(desk), "epoch": 0, "since": int(time.time())}, SECRET)
    with unit_of_work(desk.catalogue) as session:
        root = service.get_by_login(db_session=session, login="root")
        service.set_password(db_session=session, account=root, password="root's brand new passphrase")
    http.cookies.set(COOKIE, old)
    assert http.get("/clients", follow_redirects=False).status_code == 303


def test_a_role_or_a_client_claimed_in_the_form_changes_nothing(desk, http) -> None:
    token = csrf_of(http)
    answer = http.post("/signin", follow_redirects=False, data={
        "login": "alice", "password": "a long enough passphrase", "csrf_token": token, "role": "admin",
        "account": str(root_id(desk)), "epoch": "0", "clients": "bravo", "groups": "*", "next": "/clients"})
    assert answer.status_code == 303
    assert http.get("/whoami?role=admin").text == "alice agent"
    assert http.get("/clients/bravo?role=admin").status_code == 404
    with desk.catalogue() as session:
        alice = service.get_by_login(db_session=session, login="alice")
        assert (alice.role, [grant.client.slug for grant in alice.grants]) == ("agent", ["alpha"])


@pytest.mark.parametrize("login", ["alice", "lea"])
def test_agents_and_leads_neither_see_nor_change_accounts(signed_in, desk, login) -> None:
    http = signed_in(login)
    token = csrf_of(http)
    assert http.get("/accounts").status_code == 403 and "Accounts</a>" not in http.get("/clients").text
    made = http.post("/accounts", data={"login": "mole", "display_name": "Mole", "email": "mole@desk.example",
                                        "role": "admin", "client": ["alpha", "bravo", "charlie"], "csrf_token": token})
    assert made.status_code == 403
    assert http.post("/accounts/root/disable", data={"csrf_token": token}).status_code == 403
    with desk.catalogue() as session:
        assert "mole" not in [a.login for a in service.list_accounts(db_session=session)]
        assert service.get_by_login(db_session=session, login="root").active


def test_an_admin_cannot_hand_out_a_client_it_does_not_hold(signed_in, desk) -> None:
    with unit_of_work(desk.catalogue) as session:
        service.create(db_session=session, login="ada", display_name="Ada", email="ada@desk.example", role="admin",
                       password="a long enough passphrase", grants={"alpha": []})
    http = signed_in("ada")
    made = http.post("/accounts", data={"login": "ada2", "display_name": "Ada bis", "email": "ada2@desk.example",
                                        "role": "admin", "client": ["alpha", "charlie"],
                                        "csrf_token": csrf_of(http, "/accounts")})
    assert made.status_code == 400 and "cannot grant it" in made.text
    with desk.catalogue() as session:
        assert "ada2" not in [a.login for a in service.list_accounts(db_session=session)]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
                                    "/\t/evil.example", " //evil.example", "javascript:alert(1)",
                                    "http:/evil.example", "/%0a/evil.example\n", "evil.example"])
def test_next_never_leads_off_the_site(http, target) -> None:
    answer = sign_in(http, "alice", next=target)
    assert answer.status_code == 303 and answer.headers["location"] == "/clients"


def test_next_is_escaped_where_the_page_shows_it(http) -> None:
    page = http.get("/signin", params={"next": '/x"><script>alert(1)</script>'})
    assert "<script>alert(1)</script>" not in page.text and "&#34;&gt;&lt;script&gt;" in page.text
