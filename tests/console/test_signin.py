"""Signing in and out over HTTP (FastAPI's TestClient): the cookie's flags, a good and a wrong password, the limits
on failures, the CSRF token every form needs, a session that ends idle, too old, disabled or signed out."""

import time

import pytest
from fastapi.testclient import TestClient

from console.app import COOKIE
from console.config import ConsoleConfig
from servicedesk.accounts import service
from servicedesk.database import unit_of_work
from tests.console.conftest import PASSWORD, SECRET, csrf_of, sign_in


def cookie_header(answer) -> str:
    [header] = [value for name, value in answer.headers.multi_items() if name == "set-cookie"]
    return header.lower()


def test_the_session_cookie_is_httponly_lax_and_secure_only_over_https(desk) -> None:
    with TestClient(desk.app()) as http:
        header = cookie_header(http.get("/signin"))
        assert header.startswith(f"{COOKIE}=") and "httponly" in header and "samesite=lax" in header
        assert "secure" not in header
    config = ConsoleConfig(secret=SECRET, public_url="https://console.desk.example")
    with TestClient(desk.app(config), base_url="https://testserver") as http:
        assert "secure" in cookie_header(http.get("/signin"))


def test_a_good_password_opens_the_console_where_it_was_asked(http) -> None:
    first = http.get("/whoami?x=1", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/signin?next=%2Fwhoami%3Fx%3D1"
    page = http.get(first.headers["location"])
    assert 'name="next" value="/whoami?x=1"' in page.text
    answer = sign_in(http, "Alice", next="/whoami?x=1")
    assert answer.status_code == 303 and answer.headers["location"] == "/whoami?x=1"
    assert http.get("/whoami").text == "alice agent"
    assert sign_in(http, "lea").headers["location"] == "/clients"  # the home page, when nothing was asked


@pytest.mark.parametrize("login, password", [("alice", "not her password"), ("nobody", PASSWORD), ("dan", PASSWORD),
                                             ("", "")])
def test_every_failure_gets_the_same_answer(http, login, password) -> None:
    answer = sign_in(http, login, password)
    assert answer.status_code == 401 and "Wrong login or password." in answer.text
    assert http.get("/whoami", follow_redirects=False).status_code == 303  # still signed out


def test_five_failures_of_a_login_stop_even_its_right_password_for_a_while(http) -> None:
    for _ in range(5):
        assert sign_in(http, "alice", "a wrong guess!").status_code == 401
    stopped = sign_in(http, "ALICE", PASSWORD)
    assert stopped.status_code == 429 and "Too many failed sign-ins" in stopped.text
    assert 0 < int(stopped.headers["retry-after"]) <= 60
    assert sign_in(http, "lea").status_code == 303  # another login, same address: under its own limit


def test_an_address_trying_many_logins_meets_its_own_limit(desk) -> None:
    config = ConsoleConfig(secret=SECRET, limit_per_address="3/minute")
    with TestClient(desk.app(config)) as http:
        for login in ("alice", "bob", "lea"):
            assert sign_in(http, login, "a wrong guess!").status_code == 401
        assert sign_in(http, "root").status_code == 429


def test_a_success_forgets_the_failures_of_its_login(http) -> None:
    for _ in range(4):
        sign_in(http, "alice", "a wrong guess!")
    assert sign_in(http, "alice").status_code == 303
    for _ in range(4):
        assert sign_in(http, "alice", "a wrong guess!").status_code == 401


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_form_without_the_sessions_csrf_token_is_refused(http, token) -> None:
    csrf_of(http)
    data = {"login": "alice", "password": PASSWORD} | ({"csrf_token": token} if token is not None else {})
    answer = http.post("/signin", data=data, follow_redirects=False)
    assert answer.status_code == 403 and "security token" in answer.text


def test_the_token_of_another_browser_is_refused_and_sign_out_needs_one_too(desk, signed_in) -> None:
    with TestClient(desk.app()) as other:
        foreign = csrf_of(other)
    http = signed_in("alice")
    assert http.post("/signout", data={"csrf_token": foreign}).status_code == 403
    assert http.post("/signout").status_code == 403
    assert http.get("/whoami").status_code == 200  # still signed in


def test_a_form_sent_from_another_site_is_refused(http) -> None:
    token = csrf_of(http)
    answer = http.post("/signin", data={"login": "alice", "password": PASSWORD, "csrf_token": token},
                       headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert answer.status_code == 403


def test_signing_in_gives_a_new_csrf_token(http) -> None:
    before = csrf_of(http)
    sign_in(http, "alice")
    assert csrf_of(http, "/signin") != before


def test_signing_out_ends_the_session(signed_in) -> None:
    http = signed_in("alice")
    out = http.post("/signout", data={"csrf_token": csrf_of(http)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/signin?signed_out=1"
    assert "You are signed out." in http.get(out.headers["location"]).text
    assert http.get("/whoami", follow_redirects=False).status_code == 303


def test_a_session_left_idle_ends(desk) -> None:
    # The cookie's timestamp counts whole seconds: two of idleness allowed, three and a half waited.
    with TestClient(desk.app(ConsoleConfig(secret=SECRET, session_idle=2))) as http:
        assert sign_in(http, "alice").status_code == 303
        assert http.get("/whoami").status_code == 200
        time.sleep(3.5)
        assert http.get("/whoami", follow_redirects=False).headers["location"].startswith("/signin")


def test_a_session_ends_at_its_maximum_however_busy(desk, monkeypatch) -> None:
    with TestClient(desk.app(ConsoleConfig(secret=SECRET, session_max=3600))) as http:
        assert sign_in(http, "alice").status_code == 303
        later = time.time() + 3601
        monkeypatch.setattr("console.session.time.time", lambda: later)
        answer = http.get("/whoami", follow_redirects=False)
        assert answer.headers["location"] == "/signin?next=%2Fwhoami&expired=1"
        assert "Your session has ended" in http.get(answer.headers["location"]).text


def test_disabling_an_account_ends_its_open_session(desk, signed_in) -> None:
    http = signed_in("alice")
    with unit_of_work(desk.catalogue) as session:
        service.disable(db_session=session, login="alice")
    assert "expired=1" in http.get("/whoami", follow_redirects=False).headers["location"]


def test_a_password_longer_than_any_form_sends_gets_a_page_not_a_trace(http) -> None:
    answer = sign_in(http, "alice", "x" * 5000)
    assert answer.status_code == 400 and answer.headers["content-type"].startswith("text/html")
    assert "This request cannot be read." in answer.text
