"""The ticket page: every part of a ticket on one page, and each action a form posted back (POST-redirect-GET) that
runs the servicedesk use case the REST API and the Slack modals run, with the signed-in agent in the history."""

import html
import re

import pytest
from sqlalchemy import select

from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.problems import open_problem
from servicedesk.sla.models import Clock
from servicedesk.tickets.service import LogLine, add_log, get_by_number
from tests.console.conftest import csrf_of

PAGE = "/clients/alpha/tickets/INC-000001"
CODES = {"category": "software", "cause_code": "software_bug", "resolution_code": "fixed",
         "solution": "Outlook profile rebuilt"}


def ticket(desk, number: str = "INC-000001", slug: str = "alpha"):
    with desk.registry.session_factory(slug)() as session:
        found = get_by_number(db_session=session, number=number)
        session.refresh(found, ["history", "log"])  # loaded before the session closes
        return found


def notices(desk, slug: str = "alpha") -> list[Notification]:
    with desk.registry.session_factory(slug)() as session:
        return list(session.scalars(select(Notification).order_by(Notification.id)))


def flash(page: str) -> str:
    found = re.search(r'<p class="(notice|alert)" role="(?:status|alert)">([^<]*)</p>', page)
    assert found, "no flash message"
    return html.unescape(found[2])


@pytest.fixture
def alice(signed_in):
    return signed_in("alice")


def act(http, action: str, page: str = PAGE, **fields: str):
    """Post one of the page's forms as the browser would, then follow the redirect back to the page."""
    answer = http.post(f"{page}/{action}", data={"csrf_token": csrf_of(http, page), **fields}, follow_redirects=False)
    assert (answer.status_code, answer.headers.get("location")) == (303, page), answer.text
    return http.get(page).text


def test_the_page_shows_the_ticket_its_clocks_log_and_history(desk, alice) -> None:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        found = get_by_number(db_session=session, number="INC-000001")
        add_log(db_session=session, ticket=found, kind="kb_fix",
                line=LogLine("requester", "user@client.example", "tried without success: Repair Outlook (kb-12)"))
    page = alice.get(PAGE)
    assert page.status_code == 200
    text = page.text
    assert "<h1>INC-000001 — alpha: Outlook crashes at start-up</h1>" in text
    assert '<dd data-field="requester">user@client.example</dd>' in text
    assert 'data-clock="SLA-ttr"' in text and 'data-clock="SLA-tto"' in text
    assert "INC-000001 opened with priority" in text
    assert "tried without success: Repair Outlook (kb-12)" in text
    assert 'action="/clients/alpha/tickets/INC-000001/take"' in text
    assert 'id="read-only"' not in text
    assert alice.get("/clients/alpha/tickets/inc-000001").status_code == 200  # a number in any case


def test_taking_it_makes_it_the_agents_with_them_in_the_history(desk, alice) -> None:
    page = act(alice, "take")
    assert flash(page) == "INC-000001 is yours."
    stored = ticket(desk)
    assert (stored.assignee, stored.assignee_name, stored.status) == ("console:alice", "Alice", "in_progress")
    assert {entry.actor for entry in stored.history} == {"console:alice"}


def test_a_note_stays_in_the_desk_and_a_reply_reaches_the_requester(desk, alice) -> None:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:  # where the requester last talked
        conversations.remember(db_session=session, key="webchat:alpha:u1", channel="webchat",
                               requester="user@client.example", address={"session": "u1"})
        get_by_number(db_session=session, number="INC-000001").channel = "webchat"
    before = len(notices(desk))
    page = act(alice, "note", text="user is on leave until Monday")
    assert flash(page) == "Note added to INC-000001."
    assert "user is on leave until Monday" in page and "internal note" in page
    assert len(notices(desk)) == before

    page = act(alice, "reply", text="Could you restart Outlook?")
    assert flash(page) == "Reply sent to the requester of INC-000001."
    [row] = notices(desk)[before:]
    assert (row.event, row.audience, row.recipient, row.channel) == (
        "agent_reply", "requester", "user@client.example", "webchat")
    assert row.payload["text"] == "Could you restart Outlook?" and row.payload["agent"] == "Alice"
    assert [entry.kind for entry in ticket(desk).log][-2:] == ["comment", "reply"]


def test_an_empty_reply_is_refused_with_nothing_sent(desk, alice) -> None:
    before = len(notices(desk))
    assert flash(act(alice, "reply", text="   ")) == "Fill in “Text” first."
    assert len(notices(desk)) == before


def test_pending_with_its_reason(desk, alice) -> None:
    page = act(alice, "pending", on="requester", reason="which profile?")
    assert flash(page) == "INC-000001 is pending."
    stored = ticket(desk)
    assert (stored.status, stored.pending_reason) == ("pending", "requester")
    assert flash(act(alice, "pending", on="third_party", reason="line down")) == "Fill in “Supplier (when pending on " \
                                                                                  "one)” first."


def test_pending_on_approval_is_no_agents_to_set_even_by_a_forged_form(desk, alice) -> None:
    """The form offers no "approval"; a form posted with it anyway is refused by the use case, the ticket as it was."""
    assert 'value="approval"' not in alice.get(PAGE).text
    page = act(alice, "pending", on="approval", reason="the manager must say yes")
    assert flash(page) == "Only an approval request puts a ticket pending on approval: its approvers are asked then."
    stored = ticket(desk)
    assert (stored.status, stored.pending_reason, stored.history) == ("new", None, [])


def test_a_new_priority_retargets_the_clocks(desk, alice) -> None:
    def ttr_target() -> int:
        with desk.registry.session_factory("alpha")() as session:
            found = get_by_number(db_session=session, number="INC-000001")
            return session.scalar(select(Clock.target_seconds).where(Clock.ticket_id == found.id,
                                                                      Clock.kind == "SLA", Clock.metric == "ttr"))

    before = ttr_target()
    page = act(alice, "priority", impact="1", urgency="1", reason="the whole floor")
    assert flash(page) == "Priority of INC-000001 changed: its clocks follow."
    assert ticket(desk).priority == "P1" and ttr_target() < before
    assert flash(act(alice, "priority", impact="9", urgency="1")) == "Impact or urgency outside the scales."


def test_assigning_to_a_group_and_to_a_colleague_of_the_client(desk, alice) -> None:
    page = act(alice, "assign_agent", login="lea")
    assert flash(page) == "INC-000001 is given to the agent."
    assert ticket(desk).assignee == "console:lea"
    assert flash(act(alice, "assign_agent", login="bob")) == "Fill in “Agent” first."  # bob is not alpha's
    assert ticket(desk).assignee == "console:lea"
    page = act(alice, "assign_group", group="Applications", reason="Outlook is theirs")
    assert flash(page) == "INC-000001 is given to the group."
    stored = ticket(desk)
    assert (stored.group_name, stored.level, stored.assignee) == ("Applications", 2, None)
    assert flash(act(alice, "assign_group", group="Plumbers")) == "This client has no support group 'Plumbers'."


def test_escalating_to_a_group_and_to_the_manager(desk, alice) -> None:
    assert flash(act(alice, "escalate", group="Experts", reason="needs an expert")) == "INC-000001 is escalated."
    stored = ticket(desk)
    assert (stored.group_name, stored.level, stored.escalated) == ("Experts", 3, True)
    assert flash(act(alice, "manager", reason="VIP user")) == "The manager is told about INC-000001."
    manager = [row for row in notices(desk) if row.audience == "manager"]
    assert [row.recipient for row in manager] == ["antoine.mercier@relais-services.example"]


def test_linking_to_a_problem(desk, alice) -> None:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        other = get_by_number(db_session=session, number="INC-000002")
        problem = open_problem(db_session=session, title="Printers", service="Printing", description="jams",
                               actor="relais", incidents=[other]).number
    assert flash(act(alice, "problem", problem="INC-000002")) == "INC-000002 is not a problem ticket."
    assert flash(act(alice, "problem", problem="PRB-000999")) == "No ticket PRB-000999 at this client."
    page = act(alice, "problem", problem=problem.lower())
    assert flash(page) == "INC-000001 is linked to the problem."
    assert f'<a href="/clients/alpha/tickets/{problem}">{problem} — Printers</a>' in page


def test_resolving_needs_the_clients_codes_then_feeds_the_kb_and_reopening(desk, alice, monkeypatch) -> None:
    import kb_index

    fed = []
    monkeypatch.setattr(kb_index, "learn", lambda client, lesson: fed.append((client, lesson["number"])))
    assert flash(act(alice, "resolve", solution="done")) == "Resolving needs: Category, Cause, Resolution."
    assert flash(act(alice, "resolve", **CODES | {"cause_code": "gremlins"})) == (
        "'gremlins' is not one of the client's codes for “Cause”.")
    assert ticket(desk).status == "new" and fed == []
    page = act(alice, "resolve", **CODES)
    assert flash(page) == "INC-000001 is resolved: the requester is asked to confirm."
    stored = ticket(desk)
    assert (stored.status, stored.cause_code, stored.solution) == ("resolved", "software_bug", CODES["solution"])
    assert fed == [("alpha", "INC-000001")]
    assert [row.event for row in notices(desk)][-1] == "closure_request"
    page = act(alice, "reopen", reason="it crashed again")
    assert flash(page) == "INC-000001 is reopened."
    assert (ticket(desk).status, ticket(desk).reopen_count) == ("in_progress", 1)
    assert flash(act(alice, "reopen")) == "A ticket in progress cannot become in progress."


def test_the_page_speaks_french_to_a_french_browser(desk, alice) -> None:
    alice.headers["Accept-Language"] = "fr-FR,fr;q=0.9"
    page = act(alice, "take")
    assert flash(page) == "INC-000001 est à vous."
    assert "Conversation et journal" in page


def test_the_ticket_pages_words_take_no_key_of_another_page() -> None:
    """Its catalogue is spread into console/texts.py's: a key of the same name would replace another page's
    sentence (whose fields may differ), so none may be shared."""
    import pathlib

    from console import ticket_texts

    folder = pathlib.Path(ticket_texts.__file__).parent
    others = set(re.findall(r'^\s+"([a-z0-9_.-]+)": \{', (folder / "texts.py").read_text(), re.M))
    for catalogue in folder.glob("*_texts.py"):
        if catalogue.name != "ticket_texts.py":
            others |= set(re.findall(r'"([a-z0-9_.-]+)": [{(]', catalogue.read_text()))
    assert others and not others & set(ticket_texts.TICKET_TEXTS)
