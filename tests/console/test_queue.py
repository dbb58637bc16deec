"""The queue pages and their event stream over HTTP: an agent sees the open tickets of their clients and groups and
nothing of any other (an ungranted client is 404 everywhere), each clock's business time left in words and
colours, the filters as a form, and a stream that says when the queue or the waiting conversations change."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from console.app import create_app
from console.config import ConsoleConfig
from servicedesk.conversations.service import request_takeover
from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.tickets import workflow
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.console.conftest import NAMES, SECRET, TICKETS, Desk, sign_in

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Paris: the demo's office is open


class Clock:
    """The console's "now", moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def console(desk: Desk, clock: Clock) -> Iterator[TestClient]:
    config = ConsoleConfig(secret=SECRET, live_poll=0.05, live_stream=0.4)
    with TestClient(create_app(desk.catalogue, desk.registry, config, clock=clock)) as client:
        yield client


def as_(console: TestClient, login: str) -> TestClient:
    assert sign_in(console, login).status_code == 303
    return console


def opened(desk: Desk, slug: str, description: str, impact: int = 1, urgency: int = 1, **fields: object) -> str:
    """A ticket opened at T0 (1/1: a P1, 15 minutes to own round the clock), as "slug/number"."""
    report = IncidentReport(service="SAP", description=description, impact=impact, urgency=urgency,
                            requester="user@client.example", channel="rest", conversation_id=description,
                            language="en")
    with unit_of_work(desk.registry.session_factory(slug)) as session:
        ticket = open_incident(db_session=session, report=report, agreements=desk_of(db_session=session), now=T0)
        for name, value in fields.items():
            setattr(ticket, name, value)
        return f"{slug}/{ticket.number}"


def rows(page: str) -> dict[str, str]:
    """"slug/number" → the row's HTML, of a queue's table (numbers are each client's own)."""
    found = re.findall(r'<tr data-number="([^"]+)" data-client="([^"]+)"[^>]*>(.*?)</tr>', page, re.S)
    return {f"{slug}/{number}": row for number, slug, row in found}


def row_class(page: str, key: str) -> str:
    slug, number = key.split("/")
    found = re.search(rf'<tr data-number="{number}" data-client="{slug}" class="([^"]*)"', page)
    assert found, f"{number} is not in the queue"
    return found[1]


def test_an_agent_sees_the_open_tickets_of_their_clients_only(console: TestClient) -> None:
    page = as_(console, "alice").get("/queue")
    assert page.status_code == 200
    assert len(rows(page.text)) == len(TICKETS["alpha"])
    assert "alpha: Outlook crashes at start-up" in page.text and NAMES["alpha"] in page.text
    assert "bravo:" not in page.text and NAMES["bravo"] not in page.text
    assert '<a href="/clients/alpha/tickets/INC-000001">INC-000001</a>' in page.text


@pytest.mark.parametrize("path", ["/clients/bravo/queue", "/clients/bravo/queue/rows", "/queue?client=bravo",
                                  "/queue/rows?client=bravo", "/queue/events?client=bravo", "/clients/nowhere/queue",
                                  "/queue?client=nowhere"])
def test_a_client_not_granted_is_not_found(console: TestClient, path: str) -> None:
    answer = as_(console, "alice").get(path)
    assert answer.status_code == 404 and "bravo:" not in answer.text


def test_an_agent_of_some_groups_sees_only_theirs(console: TestClient) -> None:
    page = as_(console, "bob").get("/clients/bravo/queue")
    assert page.status_code == 200
    [row] = rows(page.text).values()
    assert "bravo: SAP is down for the whole site" in row and "<td>Infrastructure</td>" in row
    assert 'value="Infrastructure"' in page.text and "Centre de services" not in page.text  # the groups offered


def test_the_pages_need_a_session(console: TestClient) -> None:
    for path in ("/queue", "/clients/alpha/queue", "/queue/rows", "/queue/events"):
        answer = console.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/signin?next=")


def test_a_clock_turns_amber_then_red_in_words_too(console: TestClient, desk: Desk, clock: Clock) -> None:
    number = opened(desk, "alpha", "alpha: the whole plant is down")
    http = as_(console, "alice")
    clock.now = T0 + timedelta(minutes=5)
    page = http.get("/clients/alpha/queue").text
    assert next(iter(rows(page))) == number  # the nearest deadline first
    tto = re.search(r'<td class="clock (\w+)" data-light="\w+"><span class="left">([^<]+)</span>', rows(page)[number])
    assert tto and tto.groups() == ("ok", "10 min") and row_class(page, number) == "ok"
    clock.now = T0 + timedelta(minutes=12)
    page = http.get("/clients/alpha/queue").text
    assert row_class(page, number) == "warning"
    assert '<span class="left">3 min</span> <span class="light">due soon</span>' in rows(page)[number]
    clock.now = T0 + timedelta(minutes=20, seconds=30)
    page = http.get("/clients/alpha/queue").text
    assert row_class(page, number) == "breached"
    assert '<span class="left">−5 min</span> <span class="light">breached</span>' in rows(page)[number]


def test_a_paused_clock_says_so(console: TestClient, desk: Desk, clock: Clock) -> None:
    number = opened(desk, "alpha", "alpha: which form do I fill in?", impact=3, urgency=2)  # P3
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        ticket = get_by_number(db_session=session, number=number.split("/")[1])
        workflow.change_status(db_session=session, ticket=ticket, to="pending", pending_reason="requester",
                               actor="console:alice", agreements=desk_of(db_session=session),
                               now=T0 + timedelta(hours=1))
    clock.now = T0 + timedelta(days=3)
    row = rows(as_(console, "alice").get("/queue?status=pending").text)[number]
    assert '<span class="light">paused</span> <span class="left">23 h 00 min left</span>' in row
    assert "Pending <span class=\"groups\">(on the requester)</span>" in row


def test_the_filters_are_a_form_that_narrows_the_queue(console: TestClient, desk: Desk) -> None:
    major = opened(desk, "alpha", "alpha: the plant is down", major=True)
    mine = opened(desk, "alpha", "alpha: my laptop", impact=3, urgency=3, assignee="console:lea",
                  assignee_name="Lea")
    http = as_(console, "lea")
    assert set(rows(http.get("/queue?major=1").text)) == {major}
    page = http.get("/queue?mine=1").text
    assert set(rows(page)) == {mine} and "with Lea" in page
    assert 'id="f-mine" name="mine" value="1" checked' in page
    assert set(rows(http.get("/queue?client=alpha&priority=P1").text)) == {major}
    assert set(rows(http.get("/queue?q=laptop").text)) == {mine}
    assert set(rows(http.get(f"/queue?client=alpha&q={mine.split('/')[1].lower()}").text)) == {mine}
    bravo = set(rows(http.get("/queue?client=bravo").text))
    assert len(bravo) == len(TICKETS["bravo"]) and not bravo & {major, mine}
    assert "No open ticket matches." in http.get("/queue?q=nothing+like+this").text
    assert len(rows(http.get("/queue?priority=P9&status=nonsense").text)) == 2 + 2 + 3  # unknown values ignored


def test_the_table_alone_is_what_the_live_page_fetches(console: TestClient) -> None:
    http = as_(console, "alice")
    page = http.get("/clients/alpha/queue?priority=P3").text
    assert 'data-rows="/clients/alpha/queue/rows?priority=P3"' in page
    assert 'data-events="/queue/events?client=alpha"' in page
    table = http.get("/clients/alpha/queue/rows?priority=P3")
    assert table.status_code == 200 and "<html" not in table.text and "<table" in table.text
    assert rows(table.text) == rows(page)


def events_of(http: TestClient, path: str) -> list[tuple[str, str]]:
    """The events of one stream (it ends by itself, after live_stream seconds)."""
    with http.stream("GET", path) as answer:
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/event-stream")
        text = "".join(answer.iter_text())
    return re.findall(r"event: (\w+)\ndata: ([^\n]*)\n\n", text)


def test_the_stream_says_when_the_queue_moves(console: TestClient, desk: Desk, clock: Clock) -> None:
    http = as_(console, "alice")
    mark = re.search(r'data-mark="([^"]+)"', http.get("/clients/alpha/queue").text)
    assert mark
    assert events_of(http, "/queue/events?client=alpha") == [("waiting", "0"), ("queue", mark[1])]
    opened(desk, "alpha", "alpha: a new one")
    [(_, moved)] = [event for event in events_of(http, "/queue/events?client=alpha") if event[0] == "queue"]
    assert moved != mark[1]
    clock.now += timedelta(minutes=1)  # the minutes left have changed
    assert ("queue", moved) not in events_of(http, "/queue/events?client=alpha")
    assert [name for name, _ in events_of(http, "/queue/events")] == ["waiting"]  # a page without a queue


def test_the_waiting_conversations_are_counted_for_the_agent_only(console: TestClient, desk: Desk) -> None:
    for slug, number in (("alpha", "INC-000001"), ("bravo", "INC-000001"), ("bravo", "INC-000003")):
        with unit_of_work(desk.registry.session_factory(slug)) as session:
            request_takeover(db_session=session, ticket=get_by_number(db_session=session, number=number),
                             conversation_key=f"web:{slug}:{number}", actor="user", reason="a person, please")
    counts = {}
    for login in ("alice", "bob", "lea"):
        http = as_(console, login)
        page = http.get("/clients").text
        badge = re.search(r'<span id="waiting-count" class="badge">(\d+)</span>', page)
        assert badge
        counts[login] = (int(badge[1]), events_of(http, "/queue/events")[0])
        http.post("/signout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page)[1]})
    # bob works for bravo's Infrastructure group only: its third ticket, not the desk's first
    assert counts == {"alice": (1, ("waiting", "1")), "bob": (1, ("waiting", "1")), "lea": (3, ("waiting", "3"))}


def test_my_clients_links_to_each_queue(console: TestClient) -> None:
    page = as_(console, "lea").get("/clients").text
    assert '<a href="/clients/alpha/queue">Queue<span class="visually-hidden"> Alpha Industries</span></a>' in page
    assert '<a href="/queue">Queue</a>' in page  # and the header to all of them
    assert '<a href="/conversations">Waiting conversations <span id="waiting-count" class="badge">0</span>' in page


def test_a_long_queue_shows_its_nearest_deadlines_first(console: TestClient, desk: Desk, monkeypatch) -> None:
    monkeypatch.setattr("console.routes.queue.SHOWN", 2)
    nearest = opened(desk, "alpha", "alpha: the plant is down")  # a P1: its 15 minutes are the nearest deadline
    http = as_(console, "alice")
    page = http.get("/clients/alpha/queue").text
    assert list(rows(page)) == [nearest, "alpha/INC-000002"]  # of the desk's two: the P2's 30 minutes come first
    assert "3 tickets · the 2 nearest shown" in page
    assert '<a href="/clients/alpha/queue?all=1">Show all 3</a>' in page
    everything = http.get("/clients/alpha/queue?all=1").text
    assert len(rows(everything)) == 3 and 'data-rows="/clients/alpha/queue/rows?all=1"' in everything
    assert len(rows(http.get("/queue/rows?client=alpha&all=1").text)) == 3
    assert "Show all" not in everything
