"""The rules of replaying kept messages (servicedesk.conversations.replays), on SQLite and PostgreSQL: a kept message
is claimed by one replayer only, a conversation is replayed in the order its user wrote and by one replayer at a
time, an abandoned claim or a turn the doors died in is taken again after the lease, a slow Rasa's turn waits the
lease too, and the replies are queued once, in the outbox, as the row is marked replayed."""

import threading
from datetime import timedelta

from sqlalchemy import select

from servicedesk.conversations import replays
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import InboundMessage
from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.servicedesk.conversations.test_service import DESK, _waiting

KEY, OTHER = "webchat:demo:s1", "webchat:demo:s2"
NOW = utcnow()
LATER = NOW + replays.LEASE + timedelta(seconds=1)


def _said(session_factory, text: str, *, conversation: str = KEY, channel: str = "webchat", kept: str | None = "down",
          at=NOW) -> int:
    """A journalled message; kept with that error unless None (never handled: the doors died during its turn)."""
    with unit_of_work(session_factory) as session:
        conversations.remember(db_session=session, key=conversation, channel=channel, requester="alice",
                               address={"key": "demo"}, language="fr")
        message = conversations.journal(db_session=session, channel=channel, event_key=f"{conversation}:{text}",
                                        conversation_key=conversation, requester="alice", text=text, now=at)
        assert message is not None
        if kept is not None:
            replays.keep(message=message, error=kept, sent=f"{text} (sent)", now=at)
        session.flush()
        return message.id


def _next(session_factory, conversation: str = KEY, now=NOW) -> int | None:
    with session_factory() as session:
        message = replays.next_of(db_session=session, conversation_key=conversation, now=now)
        return message.id if message is not None else None


def _claim(session_factory, message_id: int, now=NOW) -> bool:
    with unit_of_work(session_factory) as session:
        return replays.claim(db_session=session, message_id=message_id, now=now)


def _done(session_factory, message_id: int, replies: list[dict]) -> None:
    with unit_of_work(session_factory) as session:
        message = session.get(InboundMessage, message_id)
        replays.replayed(db_session=session, message=message, replies=replies, language="fr")


def test_a_kept_message_keeps_what_rasa_should_get_and_is_claimed_once(session_factory) -> None:
    first = _said(session_factory, "mon VPN coupe")
    with session_factory() as session:
        kept = session.get(InboundMessage, first)
        assert (kept.outcome, kept.error, kept.data["sent"]) == ("kept", "down", "mon VPN coupe (sent)")
        assert replays.waiting(db_session=session, now=NOW) == [KEY]
    assert _next(session_factory) == first
    assert _claim(session_factory, first) is True
    assert _claim(session_factory, first) is False  # another replayer, or a second pass: it is taken


def test_two_replayers_racing_for_a_row_get_it_once(session_factory) -> None:
    first = _said(session_factory, "mon VPN coupe")
    won: list[bool] = []
    start = threading.Barrier(4)

    def race() -> None:
        start.wait()
        won.append(_claim(session_factory, first))

    threads = [threading.Thread(target=race) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False, False, False, True]


def test_a_conversation_is_replayed_in_order_by_one_replayer_at_a_time(session_factory) -> None:
    first, second = _said(session_factory, "mon VPN coupe"), _said(session_factory, "depuis hier")
    elsewhere = _said(session_factory, "bonjour", conversation=OTHER)
    assert _next(session_factory) == first
    assert _claim(session_factory, first)
    assert _next(session_factory) is None  # the first is in a replayer's hands: the second waits for it
    assert _next(session_factory, OTHER) == elsewhere  # other conversations do not
    _done(session_factory, first, [{"text": "Depuis quand ?"}])
    assert _next(session_factory) == second


def test_an_abandoned_claim_is_taken_again_after_the_lease(session_factory) -> None:
    first = _said(session_factory, "mon VPN coupe")
    assert _claim(session_factory, first)
    assert _next(session_factory, now=NOW + timedelta(seconds=5)) is None
    assert _next(session_factory, now=LATER) == first
    assert _claim(session_factory, first, now=LATER)


def test_a_message_whose_turn_the_doors_died_in_is_replayed_after_the_lease(session_factory) -> None:
    orphan = _said(session_factory, "mon VPN coupe", kept=None)
    assert _next(session_factory) is None  # maybe still in its turn
    assert _next(session_factory, now=LATER) == orphan
    assert _claim(session_factory, orphan, now=LATER)
    old = _said(session_factory, "il y a longtemps", conversation=OTHER, kept=None, at=NOW - replays.ORPHANS * 2)
    assert _next(session_factory, OTHER, now=LATER) is None and old  # left by a crash long ago: nobody waits


def test_a_slow_rasas_turn_waits_the_lease_it_may_still_be_working_on_it(session_factory) -> None:
    slow = _said(session_factory, "mon VPN coupe", kept=f"{replays.TIMEOUT}POST /webhooks/rest/webhook: timed out")
    assert _next(session_factory) is None
    assert _next(session_factory, now=LATER) == slow


def test_an_email_reply_is_never_replayed_to_the_dialogue(session_factory) -> None:
    _said(session_factory, "merci", conversation="mail:INC-1", channel="mail", kept=None)
    assert _next(session_factory, "mail:INC-1", now=LATER) is None
    with session_factory() as session:
        assert replays.waiting(db_session=session, now=LATER) == []


def test_a_release_keeps_the_row_for_the_next_attempt(session_factory) -> None:
    first = _said(session_factory, "mon VPN coupe")
    assert _claim(session_factory, first)
    with unit_of_work(session_factory) as session:
        replays.release(db_session=session, message_id=first, error="still down")
    assert _next(session_factory, now=utcnow()) == first


def test_the_replies_are_queued_once_for_the_conversation_as_the_row_is_marked(session_factory) -> None:
    first = _said(session_factory, "mon VPN coupe")
    assert _claim(session_factory, first)
    replies = [{"text": "Depuis quand ?", "buttons": []}, {"text": "Un ticket est ouvert.", "buttons": []}]
    _done(session_factory, first, replies)
    with session_factory() as session:
        queued = list(session.scalars(select(Notification).order_by(Notification.id)))
        assert [(n.event, n.audience, n.recipient, n.channel, n.payload["reply"]["text"]) for n in queued] == [
            (replays.EVENT, "requester", "alice", "webchat", "Depuis quand ?"),
            (replays.EVENT, "requester", "alice", "webchat", "Un ticket est ouvert.")]
        assert {n.payload["conversation"] for n in queued} == {KEY}
        assert session.get(InboundMessage, first).outcome == "replayed"
        assert replays.waiting(db_session=session, now=LATER) == []
    _done(session_factory, first, replies)  # a second pass over it: the same keys, nothing more
    with session_factory() as session:
        assert len(list(session.scalars(select(Notification)))) == 2


def test_a_ticket_opened_since_the_message_is_what_its_lost_turn_did(session_factory) -> None:
    first = _said(session_factory, "mon VPN coupe", at=utcnow())
    with session_factory() as session:
        assert replays.ticket_since(db_session=session, message=session.get(InboundMessage, first)) is None
    with unit_of_work(session_factory) as session:
        open_incident(db_session=session, agreements=DESK, report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester="alice", channel="webchat",
            conversation_id=KEY, language="fr"))
    with session_factory() as session:
        ticket = replays.ticket_since(db_session=session, message=session.get(InboundMessage, first))
        assert ticket is not None and ticket.conversation_id == KEY


def test_a_kept_message_goes_to_the_tickets_log_when_an_agent_has_the_conversation(session_factory) -> None:
    first = _said(session_factory, "toujours rien", conversation="slack:T1:C1", channel="slack")
    with unit_of_work(session_factory) as session:
        assert replays.for_agent(db_session=session, message=session.get(InboundMessage, first)) is False
    _waiting(session_factory, "slack:T1:C1")
    with unit_of_work(session_factory) as session:
        assert replays.for_agent(db_session=session, message=session.get(InboundMessage, first)) is True
    with session_factory() as session:
        message = session.get(InboundMessage, first)
        assert message.outcome == "to_agent"
        assert replays.next_of(db_session=session, conversation_key="slack:T1:C1", now=LATER) is None
