"""Conversations, the journal and takeovers, on SQLite and PostgreSQL: a retry is journalled once, one
agent wins a takeover, and every step lands in the ticket's history and log."""

import threading

import pytest
from sqlalchemy import select

from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Takeover
from servicedesk.database import unit_of_work
from servicedesk.errors import MissingClosureCodes, TakeoverError
from servicedesk.level2_assignment import to_level2
from servicedesk.notifications.models import Notification
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.tickets.service import IncidentReport, open_incident

DESK = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))


KEY = "slack:T1:C1"


def _waiting(session_factory, conversation: str) -> int:
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, agreements=DESK, report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester="slack:T1:U1", channel="slack",
            conversation_id=conversation, language="fr"))
        to_level2(db_session=session, ticket=ticket, desk=DESK, actor="slack:T1:U1", reason="wants a person")
        conversations.remember(db_session=session, key=conversation, channel="slack", requester="slack:T1:U1",
                               address={"team": "T1", "channel": "C1"})
        return conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=conversation,
                                              actor="slack:T1:U1", reason="the user asked for a technician").id


def test_a_delivery_is_journalled_once(session_factory) -> None:
    key, event = KEY, "Ev0ABC123"
    kept = []
    for _ in range(2):
        with unit_of_work(session_factory) as session:
            kept.append(conversations.journal(db_session=session, channel="slack", event_key=event,
                                              conversation_key=key, requester="slack:T1:U1",
                                              text="mon VPN ne marche plus") is not None)
    assert kept == [True, False]


def test_the_freshest_address_wins_and_the_latest_conversation_is_found(session_factory) -> None:
    user, older, newer = "teams:t:u1", KEY, "slack:T1:C2"
    with unit_of_work(session_factory) as session:
        conversations.remember(db_session=session, key=older, channel="slack", requester=user, address={"v": 1})
        conversations.remember(db_session=session, key=newer, channel="teams", requester=user, address={"v": 1})
        conversations.remember(db_session=session, key=older, channel="slack", requester=user, address={"v": 2})
    with session_factory() as session:
        assert conversations.get(db_session=session, key=older).address == {"v": 2}
        assert conversations.latest_of(db_session=session, requester=user).key == older
        assert conversations.latest_of(db_session=session, requester=user, channel="teams").key == newer


def test_asking_twice_makes_one_takeover_and_one_card_request(session_factory) -> None:
    key = KEY
    first = _waiting(session_factory, key)
    with unit_of_work(session_factory) as session:
        takeover = session.get(Takeover, first)
        again = conversations.request_takeover(db_session=session, ticket=takeover.ticket, conversation_key=key,
                                               actor="slack:T1:U1", reason="still waiting")
        assert again.id == first
        cards = session.scalars(select(Notification).where(Notification.event == "takeover_requested",
                                                           Notification.ticket_id == takeover.ticket_id)).all()
        assert [n.payload["takeover_id"] for n in cards] == [first]
        assert cards[0].audience == "agents" and cards[0].recipient == "Infrastructure"


def test_the_first_agent_takes_it_and_the_second_is_told_who(session_factory) -> None:
    takeover_id = _waiting(session_factory, KEY)
    with unit_of_work(session_factory) as session:
        taken = conversations.take(db_session=session, takeover_id=takeover_id, agent="slack:D:U7",
                                   agent_name="Julie", agreements=DESK)
        assert (taken.status, taken.agent, taken.ticket.status) == ("taken", "slack:D:U7", "in_progress")
    with unit_of_work(session_factory) as session, pytest.raises(TakeoverError) as refused:
        conversations.take(db_session=session, takeover_id=takeover_id, agent="slack:D:U8", agent_name="Karim",
                           agreements=DESK)
    assert refused.value.taken_by == "Julie"


def test_two_agents_clicking_together_make_one_winner(session_factory) -> None:
    takeover_id = _waiting(session_factory, KEY)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def click(agent: str) -> None:
        barrier.wait()
        try:
            with unit_of_work(session_factory) as session:
                conversations.take(db_session=session, takeover_id=takeover_id, agent=agent, agent_name=agent,
                                   agreements=DESK)
            outcomes.append("won")
        except Exception:  # noqa: BLE001 - a refusal, or SQLite's busy database: either way not a second winner
            outcomes.append("lost")

    threads = [threading.Thread(target=click, args=(agent,)) for agent in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost", "won"]


def test_hand_back_pending_and_resolve_are_the_holders_and_are_recorded(session_factory) -> None:
    key = KEY
    takeover_id = _waiting(session_factory, key)
    with unit_of_work(session_factory) as session:
        conversations.take(db_session=session, takeover_id=takeover_id, agent="A", agent_name="Julie",
                           agreements=DESK)
        takeover = session.get(Takeover, takeover_id)
        with pytest.raises(TakeoverError):
            conversations.set_pending(db_session=session, takeover=takeover, agent="B", agreements=DESK,
                                      reason="screenshot please")
        conversations.set_pending(db_session=session, takeover=takeover, agent="A", agreements=DESK,
                                  reason="screenshot please")
        conversations.log_message(db_session=session, takeover=takeover, author_kind="agent", author="A",
                                  text="Pouvez-vous m'envoyer une capture ?")
        assert (takeover.ticket.status, takeover.ticket.pending_reason) == ("pending", "requester")
        with pytest.raises(MissingClosureCodes):
            conversations.resolve(db_session=session, takeover=takeover, agent="A", agreements=DESK,
                                  category="network", cause_code="", resolution_code="fixed", solution="")
    with unit_of_work(session_factory) as session:
        takeover = session.get(Takeover, takeover_id)
        lesson = conversations.resolve(db_session=session, takeover=takeover, agent="A", agreements=DESK,
                                       category="network", cause_code="configuration", resolution_code="fixed",
                                       solution="profil VPN recréé")
        ticket = takeover.ticket
        assert (lesson["number"], lesson["solution"]) == (ticket.number, "profil VPN recréé")  # for the KB
        assert (takeover.status, takeover.outcome, ticket.status, ticket.cause_code) == (
            "ended", "resolved", "resolved", "configuration")
        assert [h.new for h in ticket.history if h.field == "takeover"] == ["waiting", "taken", "resolved"]
        assert any(line.author_kind == "agent" and "capture" in line.body for line in ticket.log)
        assert conversations.active_takeover(db_session=session, conversation_key=key) is None
        with pytest.raises(TakeoverError):
            conversations.hand_back(db_session=session, takeover=takeover, agent="A")


def test_a_card_finds_its_takeover(session_factory) -> None:
    takeover_id = _waiting(session_factory, KEY)
    card_key = "C0AGENTS:1700000000.000100"
    with unit_of_work(session_factory) as session:
        conversations.place_card(takeover=session.get(Takeover, takeover_id), card={"ts": "1"}, card_key=card_key)
    with session_factory() as session:
        assert conversations.takeover_by_card(db_session=session, card_key=card_key).id == takeover_id


def test_taking_the_conversation_takes_the_ticket_too(session_factory) -> None:
    """From the Slack card or the console alike: the queue's "mine" then lists it for the agent who took it."""
    takeover_id = _waiting(session_factory, KEY)
    with unit_of_work(session_factory) as session:
        conversations.take(db_session=session, takeover_id=takeover_id, agent="console:alice", agent_name="Alice",
                           agreements=DESK)
    with session_factory() as session:
        ticket = session.get_one(Takeover, takeover_id).ticket
        assert (ticket.status, ticket.assignee, ticket.assignee_name) == ("in_progress", "console:alice", "Alice")
        assert ("assignee", None, "Alice") in [(h.field, h.old, h.new) for h in ticket.history]
