"""Attacks on a client's people page (console/routes/people.py): another client's directory by URL, read or synced
(404, as a client that does not exist, and nothing imported there); a role without the `manage_people` right (an
agent, an editor: 403, nothing read or imported); another client's people through the search; a sync posted without
its CSRF token or from another site; a search that tries markup or SQL."""

import html
import re

import pytest
from sqlalchemy import func, select

from servicedesk.database import unit_of_work
from servicedesk.people.models import DirectorySync, Person
from servicedesk.settings.current import load_into
from tests.api.conftest import DEMO_SETTINGS
from tests.console.article_desk import add_editors
from tests.console.conftest import NAMES, built_desk, cheap_hashes, csrf_of, desk, http, signed_in
from tests.console.people_desk import PASSWORD_ENV, slapd, with_directory

__all__ = ["built_desk", "cheap_hashes", "desk", "http", "signed_in", "slapd"]  # the console's desk


def runs(desk, slug: str) -> int:
    with desk.registry.session_factory(slug)() as session:
        return session.scalar(select(func.count()).select_from(DirectorySync)) or 0


def people(desk, slug: str) -> int:
    with desk.registry.session_factory(slug)() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


@pytest.fixture
def directories(desk, slapd, monkeypatch):
    """alpha's and charlie's settings both name the slapd: a sync that reached charlie would import there."""
    with_directory(desk, slapd, monkeypatch)
    text = DEMO_SETTINGS.read_text(encoding="utf-8") + (
        f"\ndirectory:\n  ldap:\n    url: {slapd.url}\n    bind_dn: {slapd.bind_dn}\n"
        f"    password_env: {PASSWORD_ENV}\n    base_dn: {slapd.base_dn}\n")
    with unit_of_work(desk.registry.session_factory("charlie")) as session:
        load_into(db_session=session, text=text, origin="charlie-settings.yml")
    return desk


@pytest.mark.parametrize("login, foreign", [("lea", "charlie"), ("alice", "bravo"), ("bob", "alpha"),
                                            ("root", "zulu")])
def test_another_clients_directory_answers_as_a_client_that_does_not_exist(directories, signed_in, login,
                                                                            foreign) -> None:
    http = signed_in(login)
    missing = http.get("/clients/zulu/people")
    answer = http.get(f"/clients/{foreign}/people", params={"q": "a"})
    assert answer.status_code == missing.status_code == 404
    assert answer.text == missing.text and NAMES.get(foreign, "zulu") not in answer.text


def test_another_clients_directory_is_never_synced(directories, signed_in) -> None:
    http = signed_in("lea")  # leads alpha and bravo, not charlie
    token = csrf_of(http, "/clients/alpha/people")
    answer = http.post("/clients/charlie/people/sync", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 404
    assert (runs(directories, "charlie"), people(directories, "charlie")) == (0, 0)


@pytest.mark.parametrize("login", ["alice", "eve"])  # an agent of alpha; an editor of alpha
def test_a_role_without_the_right_reads_and_syncs_nothing(directories, signed_in, login) -> None:
    add_editors(directories)
    http = signed_in(login)
    assert http.get("/clients/alpha/people").status_code == 403
    token = csrf_of(http, "/account/password")
    answer = http.post("/clients/alpha/people/sync", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 403
    assert (runs(directories, "alpha"), people(directories, "alpha")) == (0, 0)
    if login == "alice":
        assert "/clients/alpha/people" not in http.get("/clients/alpha").text  # not offered either


def test_a_lead_sees_only_its_clients_own_directory(directories, signed_in) -> None:
    http = signed_in("lea")  # leads bravo too: bravo's people stay on bravo's page
    http.post("/clients/alpha/people/sync", data={"csrf_token": csrf_of(http, "/clients/alpha/people")})
    for words in ("", "bravo", "secret.boss@bravo.example", "Bravo Secret Boss"):
        page = html.unescape(http.get("/clients/alpha/people", params={"q": words}).text)
        shown = set(re.findall(r'<tr data-person="([^"]+)">', page))
        assert shown == ({"bob@acme.example", "chloe.martin@acme.example", "dan@acme.example"} if not words
                         else set()), words
        assert "Bravo Worker" not in page and "Bravo Secret Boss" not in page.split("</form>")[-1], words
    assert "secret.boss@bravo.example" in http.get("/clients/bravo/people").text


def test_a_sync_without_its_token_or_from_another_site_is_refused(directories, signed_in) -> None:
    http = signed_in("lea")
    assert http.post("/clients/alpha/people/sync", follow_redirects=False).status_code == 403
    token = csrf_of(http, "/clients/alpha/people")
    answer = http.post("/clients/alpha/people/sync", data={"csrf_token": token}, follow_redirects=False,
                       headers={"Origin": "https://attacker.example"})
    assert answer.status_code == 403
    assert runs(directories, "alpha") == 0


def test_a_signed_out_browser_is_sent_to_sign_in(directories, http) -> None:
    for answer in (http.get("/clients/alpha/people", follow_redirects=False),
                   http.post("/clients/alpha/people/sync", follow_redirects=False)):
        assert answer.status_code in (303, 403)
    assert runs(directories, "alpha") == 0


def test_a_search_of_markup_or_sql_is_words(directories, signed_in) -> None:
    http = signed_in("lea")
    http.post("/clients/alpha/people/sync", data={"csrf_token": csrf_of(http, "/clients/alpha/people")})
    for words in ('"><script>alert(1)</script>', "' OR 1=1 --", "%_%"):
        page = http.get("/clients/alpha/people", params={"q": words})
        assert page.status_code == 200 and "<script>alert(1)" not in page.text
        assert 'data-person="' not in page.text, words  # matches nobody
    assert http.get("/clients/alpha/people", params={"q": "x" * 201}).status_code == 400  # the console's refusal
