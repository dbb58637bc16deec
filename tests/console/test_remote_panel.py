"""The ticket page's remote-assistance panel (issue 17): the button asks the requester's consent through the outbox
(nothing else happens before they agree), the panel follows the session, and the agent may end it."""

from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.remote import service as remote
from servicedesk.remote.models import RemoteSession
from servicedesk.remote.providers import Device
from servicedesk.tickets.service import get_by_number
from tests.console.test_ticket_page import PAGE, act, flash
from tests.servicedesk.remote.settings import CODE_TOOL, load_remote


def _rows(desk, model, slug: str = "alpha") -> list:
    with desk.registry.session_factory(slug)() as session:
        return list(session.scalars(select(model).order_by(model.id)))


def test_without_a_tool_the_panel_says_so_and_offers_no_button(desk, signed_in) -> None:
    page = signed_in("alice").get(PAGE).text
    assert "name no remote-assistance tool" in page
    assert f'action="{PAGE}/remote"' not in page


def test_the_button_asks_the_requesters_consent_and_nothing_more(desk, signed_in) -> None:
    load_remote(desk.registry.session_factory("alpha"), CODE_TOOL)
    alice = signed_in("alice")
    assert "Ask for hands on the machine (RustDesk)" in alice.get(PAGE).text
    page = act(alice, "remote")
    assert flash(page) == ("INC-000001: the requester is asked for their consent; nothing reaches their machine "
                           "before they agree.")
    [session] = _rows(desk, RemoteSession)
    assert (session.state, session.provider, session.tool, session.requested_by) == (
        "asked", "code", "RustDesk", "console:alice")
    [notice] = [row for row in _rows(desk, Notification) if row.event.startswith("remote")]
    assert (notice.event, notice.audience, notice.recipient, notice.payload["session"]) == (
        "remote_consent", "requester", "user@client.example", session.id)
    assert "waiting for the requester&#39;s consent" in page or "waiting for the requester's consent" in page
    assert f'action="{PAGE}/remote_end"' in page and f'action="{PAGE}/remote"' not in page
    again = alice.post(f"{PAGE}/remote", data={"csrf_token": page.split('name="csrf_token" value="')[1].split('"')[0]})
    assert "already has a remote session under way" in again.text


def test_the_device_and_the_code_reach_the_panel_and_the_agent_ends_it(desk, signed_in) -> None:
    load_remote(desk.registry.session_factory("alpha"), CODE_TOOL)
    alice = signed_in("alice")
    act(alice, "remote")
    factory = desk.registry.session_factory("alpha")
    with unit_of_work(factory) as db_session:
        [session] = db_session.scalars(select(RemoteSession)).all()
        remote.answer(db_session=db_session, session_id=session.id, requester="user@client.example", consent=True)
        remote.give_code(db_session=db_session, session_id=session.id, requester="user@client.example",
                         code="123 456 789")
        remote.joined(db_session=db_session, session=session,
                      device=Device("node//abc", "PC-0042", "https://mesh.example/?gotonode=abc", True))
    page = alice.get(PAGE).text
    assert '<code class="remote-code">123 456 789</code>' in page
    assert 'href="https://mesh.example/?gotonode=abc"' in page and "Open PC-0042 in RustDesk" in page
    page = act(alice, "remote_end")
    assert flash(page) == "INC-000001: remote session ended."
    assert _rows(desk, RemoteSession)[0].state == "ended"
    with factory() as db_session:
        log = [entry.body for entry in get_by_number(db_session=db_session, number="INC-000001").log]
    assert "RustDesk session code: 123 456 789" in log and "remote assistance (RustDesk) ended by console:alice" in log


def test_an_agent_outside_the_tickets_group_sees_the_panel_without_its_buttons(desk, signed_in) -> None:
    load_remote(desk.registry.session_factory("bravo"), CODE_TOOL)
    page = signed_in("bob").get("/clients/bravo/tickets/INC-000001").text  # bob has Infrastructure only
    assert 'id="remote-title"' in page
    assert "/remote\"" not in page


def test_another_clients_ticket_is_not_found_and_nothing_is_asked(desk, signed_in) -> None:
    load_remote(desk.registry.session_factory("bravo"), CODE_TOOL)
    alice = signed_in("alice")  # granted alpha only
    token = alice.get(PAGE).text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = alice.post("/clients/bravo/tickets/INC-000001/remote", data={"csrf_token": token},
                        follow_redirects=False)
    assert answer.status_code == 404
    assert _rows(desk, RemoteSession, "bravo") == []
