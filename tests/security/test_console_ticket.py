"""Attacks on the console's ticket page (the console alone, through FastAPI's TestClient): another client's ticket by
URL, a ticket of a group the agent is not granted, a form without its CSRF token or from another site, and an
internal note that must never reach the requester."""

from sqlalchemy import func, select

from servicedesk.notifications.models import Notification
from servicedesk.tickets.service import get_by_number
from tests.console.conftest import NAMES, built_desk, cheap_hashes, csrf_of, desk, http, signed_in

__all__ = ["built_desk", "cheap_hashes", "desk", "http", "signed_in"]  # the console's desk, not the servers'


def stored(desk, slug: str, number: str):
    with desk.registry.session_factory(slug)() as session:
        ticket = get_by_number(db_session=session, number=number)
        session.refresh(ticket, ["history", "log"])  # loaded before the session closes
        return ticket


def outbox(desk, slug: str) -> list[Notification]:
    with desk.registry.session_factory(slug)() as session:
        return list(session.scalars(select(Notification)))


def test_another_clients_ticket_by_url_answers_as_one_that_does_not_exist(desk, signed_in) -> None:
    http = signed_in("alice")  # alpha only
    missing = http.get("/clients/zulu/tickets/INC-000001")
    assert missing.status_code == 404
    for path in ("/clients/bravo/tickets/INC-000001", "/clients/charlie/tickets/INC-000001",
                 "/clients/alpha/tickets/INC-000003",  # bravo has a third ticket, alpha has not
                 "/clients/alpha/tickets/INC-999999"):
        answer = http.get(path)
        assert (answer.status_code, answer.text) == (404, missing.text), path
        assert NAMES["bravo"] not in answer.text and "bravo:" not in answer.text
    token = csrf_of(http, "/clients/alpha/tickets/INC-000001")
    for path in ("/clients/bravo/tickets/INC-000001/take", "/clients/alpha/tickets/INC-000003/note"):
        answer = http.post(path, data={"csrf_token": token, "text": "hello"}, follow_redirects=False)
        assert answer.status_code == 404, path
    assert stored(desk, "bravo", "INC-000001").history == []
    assert [entry.kind for entry in stored(desk, "bravo", "INC-000001").log] == ["created"]


def test_a_ticket_outside_the_agents_groups_is_read_only(desk, signed_in) -> None:
    http = signed_in("bob")  # bravo, Infrastructure only; INC-000001 is the default group's
    page = http.get("/clients/bravo/tickets/INC-000001")
    assert page.status_code == 200 and 'id="read-only"' in page.text
    assert "/take" not in page.text and 'method="post" action="/clients/bravo/tickets' not in page.text
    token = csrf_of(http, "/clients/bravo/tickets/INC-000001")
    for action, fields in (("take", {}), ("note", {"text": "mine now"}), ("assign_group", {"group": "Infrastructure"}),
                           ("resolve", {"category": "software", "cause_code": "unknown", "resolution_code": "fixed",
                                        "solution": "x"})):
        answer = http.post(f"/clients/bravo/tickets/INC-000001/{action}", data={"csrf_token": token, **fields},
                           follow_redirects=False)
        assert answer.status_code == 403, action
    untouched = stored(desk, "bravo", "INC-000001")
    assert (untouched.status, untouched.group_name, untouched.history) == ("new", None, [])
    # in his group he works as anyone
    own = "/clients/bravo/tickets/INC-000003"
    assert 'id="read-only"' not in http.get(own).text
    answer = http.post(f"{own}/take", data={"csrf_token": csrf_of(http, own)}, follow_redirects=False)
    assert answer.status_code == 303 and stored(desk, "bravo", "INC-000003").assignee == "console:bob"


def test_an_action_without_its_csrf_token_or_from_another_site_is_refused(desk, signed_in) -> None:
    http = signed_in("alice")
    page = "/clients/alpha/tickets/INC-000001"
    assert http.post(f"{page}/take", data={}, follow_redirects=False).status_code == 403
    assert http.post(f"{page}/take", data={"csrf_token": "forged"}, follow_redirects=False).status_code == 403
    token = csrf_of(http, page)
    foreign = http.post(f"{page}/take", data={"csrf_token": token}, headers={"Origin": "https://evil.example"},
                        follow_redirects=False)
    assert foreign.status_code == 403
    assert stored(desk, "alpha", "INC-000001").history == []


def test_an_internal_note_never_reaches_the_outbox(desk, signed_in) -> None:
    http = signed_in("lea")
    page = "/clients/alpha/tickets/INC-000001"
    before = len(outbox(desk, "alpha"))
    secret = "password of the admin account is hunter2"
    answer = http.post(f"{page}/note", data={"csrf_token": csrf_of(http, page), "text": secret},
                       follow_redirects=False)
    assert answer.status_code == 303
    assert [entry.kind for entry in stored(desk, "alpha", "INC-000001").log][-1] == "comment"
    rows = outbox(desk, "alpha")
    assert len(rows) == before and not any(secret in str(row.payload) for row in rows)
    with desk.registry.session_factory("alpha")() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == before


def test_an_unknown_action_is_not_found(desk, signed_in) -> None:
    http = signed_in("alice")
    page = "/clients/alpha/tickets/INC-000001"
    answer = http.post(f"{page}/delete", data={"csrf_token": csrf_of(http, page)}, follow_redirects=False)
    assert answer.status_code == 404
