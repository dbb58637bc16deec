"""bot/handoff.py, the Slack path's steps, on a bootstrapped client database: each step is kept on the ticket, the
user is told in their own channel and language through the outbox (a delivery pass, a recording outlet), Rasa is
paused while an agent holds the conversation and resumed after; a notice that cannot be delivered or a Rasa that is
down never undoes a step, and a resolution teaches the KB only once it is done."""

import asyncio
import logging
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.delivery import Delivery
from bot.directory import Directory
from bot.handoff import Handoff, TakeoverView
from bot.messages import BotMessage
from bot.outlets import ChannelUnavailable
from bot.texts import say
from servicedesk.conversations import service as conversations
from servicedesk.errors import MissingClosureCodes, TakeoverError
from servicedesk.notifications.models import Notification
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.doors import FakeRasa, RecordingAgentDesk, RecordingOutlet

USER = "webchat:demo:7c1e"  # in the web chat, the conversation and the requester are the same
NADIA, LUCAS = "slack:T0RELAISDESK:U0NADIA", "slack:T0RELAISDESK:U0LUCAS"
CODES = {"category": "network", "cause_code": "configuration", "resolution_code": "fixed",
         "solution": "Profil VPN recréé"}
PAUSE = [{"event": "pause"}]
RESUME = [{"event": "resume"}, {"event": "action", "name": "action_listen"}]


class Bench:
    """A Handoff and the delivery of the outbox as bot/server.py wires them, with a scripted Rasa, the web chat
    recorded and the KB a list. The delivery passes when the test reads what was said."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self.rasa = FakeRasa()
        self.webchat = RecordingOutlet("webchat")
        self.learned: list[tuple[str, dict[str, str]]] = []
        self.wakes = 0
        self.delivery = Delivery(directory, {"webchat": self.webchat}, RecordingAgentDesk(), self.rasa.client,
                                 interval=60)
        self.handoff = Handoff(directory, wake=self.woken,
                               learn=lambda client, lesson: self.learned.append((client, lesson)))

    def woken(self) -> None:
        self.wakes += 1

    def deliver(self) -> None:
        asyncio.run(self.delivery.run_once())

    def told(self) -> list[BotMessage]:
        self.deliver()
        return [message for _, messages in self.webchat.sent for message in messages]

    def forget(self) -> None:
        """What was said and done so far (the agents' card, its pause) is not the test's."""
        self.deliver()
        self.webchat.sent.clear()
        self.rasa.events.clear()

    def ticket(self, number: str) -> Ticket:
        with self.directory.sessions("demo")() as session:
            return session.scalars(select(Ticket).options(selectinload(Ticket.log), selectinload(Ticket.history))
                                   .where(Ticket.number == number)).one()


@pytest.fixture
def bench(directory) -> Bench:
    return Bench(directory)


def waiting(directory: Directory, *, user: str = USER, language: str = "fr",
            known_address: bool = True) -> tuple[int, str]:
    """A web chat user who asked for a person: a ticket, a takeover waiting; (takeover id, ticket number)."""
    with directory.unit_of_work("demo") as session:
        ticket = open_incident(db_session=session, agreements=directory.desk(session), report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester=user, channel="webchat",
            conversation_id=user, language=language))
        if known_address:
            conversations.remember(db_session=session, key=user, channel="webchat", requester=user,
                                   address={"key": "demo", "session": user.rsplit(":", 1)[-1]})
        takeover = conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=user,
                                                  actor=user, reason="the user asked for a person")
        return takeover.id, ticket.number


def taken(bench: Bench, **kwargs: Any) -> tuple[int, str]:
    takeover_id, number = waiting(bench.directory, **kwargs)
    asyncio.run(bench.handoff.take("demo", takeover_id, NADIA, "Nadia"))
    bench.forget()
    return takeover_id, number


def test_taking_over_pauses_the_bot_and_tells_the_user_who_joined(bench) -> None:
    takeover_id, number = waiting(bench.directory)
    bench.forget()
    view = asyncio.run(bench.handoff.take("demo", takeover_id, NADIA, "Nadia"))
    assert view == TakeoverView(id=takeover_id, status="taken", number=number, agent=NADIA, agent_name="Nadia",
                                outcome=None, language="fr")
    assert bench.wakes == 1
    assert bench.told() == [BotMessage(text=say("agent_joined", "fr", agent="Nadia", number=number),
                                       author="system")]
    assert bench.rasa.events == [(USER, PAUSE)]
    [place] = {place for place, _ in bench.webchat.sent}
    assert (place.conversation, place.address) == (USER, {"key": "demo", "session": "7c1e"})
    assert bench.ticket(number).status == "in_progress"


def test_the_second_agent_is_told_who_was_quicker_and_nothing_is_said_again(bench) -> None:
    takeover_id, _ = taken(bench)
    with pytest.raises(TakeoverError) as refused:
        asyncio.run(bench.handoff.take("demo", takeover_id, LUCAS, "Lucas"))
    assert (refused.value.reason, refused.value.taken_by) == ("not_waiting", "Nadia")
    assert bench.told() == [] and bench.rasa.events == []


def test_an_unknown_takeover_is_refused(bench) -> None:
    with pytest.raises(TakeoverError) as refused:
        asyncio.run(bench.handoff.hand_back("demo", 999, NADIA, "Nadia"))
    assert (refused.value.reason, refused.value.takeover_id) == ("unknown", 999)


def test_the_agents_message_is_logged_then_delivered_under_their_name(bench) -> None:
    takeover_id, number = taken(bench)
    asyncio.run(bench.handoff.agent_says("demo", takeover_id, NADIA, "Nadia", "Bonjour, je regarde votre VPN."))
    assert bench.told() == [BotMessage(text="Bonjour, je regarde votre VPN.", author="agent", author_name="Nadia")]
    [line] = [line for line in bench.ticket(number).log if line.author_kind == "agent"
              and line.body == "Bonjour, je regarde votre VPN."]
    assert line.author == NADIA


def test_only_the_agent_holding_the_conversation_writes_to_the_user(bench) -> None:
    takeover_id, number = taken(bench)
    with pytest.raises(TakeoverError) as refused:
        asyncio.run(bench.handoff.agent_says("demo", takeover_id, LUCAS, "Lucas", "C'est moi maintenant"))
    assert (refused.value.reason, refused.value.taken_by) == ("not_holder", "Nadia")
    assert bench.told() == []
    assert not [line for line in bench.ticket(number).log if line.body == "C'est moi maintenant"]


def test_a_message_that_cannot_be_delivered_is_kept_on_the_ticket_and_sent_again_later(bench) -> None:
    takeover_id, number = taken(bench)
    bench.webchat.failing = ChannelUnavailable("the page is closed")
    asyncio.run(bench.handoff.agent_says("demo", takeover_id, NADIA, "Nadia", "Vous êtes là ?"))
    assert bench.told() == []
    assert [line.body for line in bench.ticket(number).log if line.author_kind == "agent"] == ["Vous êtes là ?"]
    with bench.directory.sessions("demo")() as session:
        [row] = session.query(Notification).filter_by(event="agent_message").all()
        assert (row.delivered_at, row.last_error) == (None, "the page is closed")


def test_without_an_address_the_step_is_done_and_its_notices_are_dropped(bench, directory) -> None:
    takeover_id, _ = waiting(directory, known_address=False)
    bench.forget()
    view = asyncio.run(bench.handoff.take("demo", takeover_id, NADIA, "Nadia"))
    asyncio.run(bench.handoff.agent_says("demo", takeover_id, NADIA, "Nadia", "Bonjour"))
    assert view.status == "taken"
    assert bench.told() == [] and bench.rasa.events == []  # no conversation known to tell or pause
    with directory.sessions("demo")() as session:
        rows = session.query(Notification).filter(Notification.event.in_(("agent_joined", "agent_message"))).all()
        assert {row.last_error for row in rows} == {"the conversation has no known address"}
        assert all(row.delivered_at for row in rows)


def test_a_notice_that_fails_and_a_rasa_that_is_down_never_undo_a_step(bench, caplog) -> None:
    takeover_id, number = waiting(bench.directory)
    bench.forget()
    bench.webchat.failing = ChannelUnavailable("rate limited", retry_after=3)
    bench.rasa.down = True
    with caplog.at_level(logging.WARNING, logger="bot.delivery"):
        view = asyncio.run(bench.handoff.take("demo", takeover_id, NADIA, "Nadia"))
        bench.deliver()
        handed = asyncio.run(bench.handoff.hand_back("demo", takeover_id, NADIA, "Nadia"))
        bench.deliver()
    assert (view.status, handed.status, handed.outcome) == ("taken", "ended", "handed_back")
    assert f"could not pause {USER}" in caplog.text and f"could not resume {USER}" in caplog.text
    assert "not delivered: rate limited" in caplog.text
    assert [h.new for h in bench.ticket(number).history if h.field == "takeover"] == ["waiting", "taken",
                                                                                      "handed_back"]


def test_handing_back_resumes_the_bot_and_says_so(bench) -> None:
    takeover_id, _ = taken(bench)
    view = asyncio.run(bench.handoff.hand_back("demo", takeover_id, NADIA, "Nadia"))
    assert (view.status, view.outcome) == ("ended", "handed_back")
    assert [m.text for m in bench.told()] == [say("handed_back", "fr", agent="Nadia")]
    assert bench.rasa.events == [(USER, RESUME)]


def test_pending_waits_for_the_user_who_is_told_why_and_the_agent_keeps_the_conversation(bench) -> None:
    takeover_id, number = taken(bench)
    view = asyncio.run(bench.handoff.set_pending("demo", takeover_id, NADIA, "envoyez-nous une capture d'écran"))
    assert view.status == "taken"
    assert bench.ticket(number).status == "pending"
    assert [m.text for m in bench.told()] == [say("pending_on_you", "fr", number=number,
                                                  reason="envoyez-nous une capture d'écran")]
    assert bench.rasa.events == []
    with pytest.raises(TakeoverError) as refused:
        asyncio.run(bench.handoff.set_pending("demo", takeover_id, LUCAS, "autre chose"))
    assert refused.value.reason == "held_by_other"


def test_resolving_ends_the_takeover_tells_the_user_in_their_language_and_teaches_the_kb(bench) -> None:
    takeover_id, number = taken(bench, language="en")
    view = asyncio.run(bench.handoff.resolve("demo", takeover_id, NADIA, "Nadia", **CODES))
    assert (view.status, view.outcome, view.language) == ("ended", "resolved", "en")
    assert [m.text for m in bench.told()] == [say("resolved_by_agent", "en", agent="Nadia", number=number,
                                                  solution="Profil VPN recréé")]
    assert bench.rasa.events == [(USER, RESUME)]
    [(client, lesson)] = bench.learned
    assert (client, lesson["number"], lesson["solution"], lesson["resolution_code"]) == (
        "demo", number, "Profil VPN recréé", "fixed")
    ticket = bench.ticket(number)
    assert (ticket.status, ticket.category, ticket.cause_code) == ("resolved", "network", "configuration")


def test_a_resolution_the_rules_refuse_changes_nothing_and_teaches_nothing(bench) -> None:
    takeover_id, number = taken(bench)
    with pytest.raises(MissingClosureCodes):
        asyncio.run(bench.handoff.resolve("demo", takeover_id, NADIA, "Nadia", **(CODES | {"solution": ""})))
    assert bench.learned == [] and bench.told() == [] and bench.rasa.events == []
    assert bench.ticket(number).status == "in_progress"
    view = asyncio.run(bench.handoff.hand_back("demo", takeover_id, NADIA, "Nadia"))  # still the agent's
    assert view.outcome == "handed_back"
