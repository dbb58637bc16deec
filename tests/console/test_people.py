"""A client's people page (console/routes/people.py) through TestClient: a lead reads the directory of its
client with each person's manager, what they approve and their source, searches it, and syncs it now from the
client's real LDAP server (slapd); the last run and the next scheduled one are shown, in English and in French."""

import html
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from servicedesk.approvals.models import Approval
from servicedesk.database import unit_of_work
from servicedesk.people.models import DirectorySync
from servicedesk.tickets.models import Ticket
from tests.console.conftest import csrf_of
from tests.console.people_desk import slapd, with_directory

__all__ = ["slapd"]
PAGE = "/clients/alpha/people"


@pytest.fixture
def lea(desk, signed_in, slapd, monkeypatch):
    with_directory(desk, slapd, monkeypatch)
    return signed_in("lea")


def sync_now(http) -> str:
    answer = http.post(f"{PAGE}/sync", data={"csrf_token": csrf_of(http, PAGE)}, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, PAGE), answer.text
    return http.get(PAGE).text


def flash(page: str) -> str:
    found = re.search(r'<p class="(?:notice|alert)" role="(?:status|alert)">([^<]*)</p>', page)
    assert found, "no flash message"
    return html.unescape(found[1])


def rows(page: str) -> list[str]:
    return re.findall(r'<tr data-person="([^"]+)">', page)


def row(page: str, email: str) -> str:
    return html.unescape(page.split(f'<tr data-person="{email}">', 1)[1].split("</tr>", 1)[0])


def test_before_any_import_the_page_says_so_and_offers_the_sync(desk, lea) -> None:
    page = lea.get(PAGE).text
    assert "The directory was never imported." in page
    assert rows(page) == [] and "Nobody matches." in page
    assert 'id="sync-now"' in page and "Next scheduled import:" in page and "(every 6h)" in page
    assert 'href="/clients/alpha/people" aria-current=page' in page  # in the client's pages


def test_sync_now_imports_the_ldap_directory_and_records_who_did_it(desk, lea) -> None:
    page = sync_now(lea)
    assert flash(page) == "Directory imported from LDAP: created 3, updated 0, unchanged 0, deactivated 0, refused 0."
    assert rows(page) == ["bob@acme.example", "chloe.martin@acme.example", "dan@acme.example"]  # by name
    assert "Done on " in page and "(by lea, from LDAP): created 3" in page
    bob = row(page, "bob@acme.example")
    assert "Chloé Martin" in bob and "manager of 1, group finance" in bob and "LDAP" in bob
    assert "ceo@acme.example (not in the directory)" in row(page, "chloe.martin@acme.example")
    assert row(page, "dan@acme.example").count("—") >= 1  # approves nothing
    with desk.registry.session_factory("alpha")() as session:
        run = session.scalars(select(DirectorySync)).one()
        assert (run.trigger, run.actor, run.outcome, run.created) == ("console", "console:lea", "done", 3)
    again = sync_now(lea)
    assert flash(again).startswith("Directory imported from LDAP: created 0, updated 0, unchanged 3")


def test_a_search_narrows_by_name_or_address_and_keeps_its_words(desk, lea) -> None:
    sync_now(lea)
    assert rows(lea.get(PAGE, params={"q": "chloé"}).text) == ["chloe.martin@acme.example"]
    assert rows(lea.get(PAGE, params={"q": "DAN@acme"}).text) == ["dan@acme.example"]
    page = lea.get(PAGE, params={"q": "%"}).text  # a wildcard of SQL is a character like another
    assert rows(page) == [] and 'value="%"' in page
    assert "1 of 3 active people match." in lea.get(PAGE, params={"q": "bob"}).text


def test_waiting_approvals_are_counted_for_their_approver(desk, lea) -> None:
    sync_now(lea)
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        ticket = session.scalars(select(Ticket)).first()
        session.add(Approval(ticket_id=ticket.id, item="laptop", step=1, approver_kind="manager",
                             approvers=["dan@acme.example"], nonce="n" * 32))
    assert "1 waiting now" in row(lea.get(PAGE).text, "dan@acme.example")


def test_a_failed_sync_changes_nothing_and_says_why(desk, lea, monkeypatch) -> None:
    sync_now(lea)
    monkeypatch.setenv("ALPHA_LDAP_PASSWORD", "not the password")
    page = sync_now(lea)
    assert flash(page).startswith("The import failed, nothing changed: ")
    assert len(rows(page)) == 3
    assert "Failed on " in page and "Why: " in page


def test_a_client_without_ldap_says_its_directory_comes_from_csv(desk, signed_in) -> None:
    http = signed_in("lea")
    page = http.get("/clients/bravo/people").text
    assert "name no LDAP directory" in page and 'id="sync-now"' not in page
    assert rows(page) == []  # bravo's settings are the demo's; its directory is empty until imported
    answer = http.post("/clients/bravo/people/sync", data={"csrf_token": csrf_of(http, "/clients/bravo/people")})
    assert "The client's settings name no LDAP directory to import from." in html.unescape(answer.text)


def test_the_page_speaks_french(desk, lea) -> None:
    sync_now(lea)
    page = lea.get(PAGE, headers={"Accept-Language": "fr-FR,fr;q=0.9"}).text
    assert "Personnes de Alpha Industries" in page and "Synchroniser maintenant" in page
    assert "responsable de 1, groupe finance" in html.unescape(page)
    assert "Terminé le " in html.unescape(page)


def test_the_next_scheduled_import_follows_the_last_run(desk, lea) -> None:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        session.add(DirectorySync(source="ldap", trigger="schedule", actor="supervisor", outcome="done",
                                  started_at=datetime(2026, 12, 4, 8, 0, tzinfo=UTC),
                                  finished_at=datetime(2026, 12, 4, 8, 1, tzinfo=UTC), running=None))
    page = lea.get(PAGE).text
    assert "Done on 2026-12-04 09:01 (scheduled, from LDAP)" in page  # the client's time: Paris
    assert "Next scheduled import: 2026-12-04 15:00 (every 6h)." in page
