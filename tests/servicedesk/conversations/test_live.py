"""The live conversation from the agents' side, whichever tool they work in (the Slack card or the console): each
step queues what the user is told for that very conversation, the holder alone writes, a transfer hands the
conversation to an agent or back to a group's queue with a note, and what a screen reads (conversations.live)
shows the same state whoever took it and wherever. On SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select

from servicedesk.conversations import live
from servicedesk.conversations import service as conversations
from servicedesk.conversations.canned import ready
from servicedesk.conversations.models import Takeover
from servicedesk.conversations.takeovers import get_holder
from servicedesk.database import unit_of_work
from servicedesk.errors import TakeoverError
from servicedesk.notifications.models import Notification
from servicedesk.settings.document import DEFAULT_CANNED
from tests.servicedesk.conversations.test_service import DESK, KEY, _waiting

SLACK_AGENT, WEB_AGENT = "slack:T0DESK:U9", "console:alice"


def _told(session, event: str) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.event == event).order_by(Notification.id)))


def _take(session_factory, takeover_id: int, agent: str = WEB_AGENT, name: str = "Alice") -> None:
    with unit_of_work(session_factory) as session:
        conversations.take(db_session=session, takeover_id=takeover_id, agent=agent, agent_name=name,
                           agreements=DESK)


def test_taking_over_tells_the_user_of_that_conversation_who_is_with_them(session_factory) -> None:
    takeover_id = _waiting(session_factory, KEY)
    _take(session_factory, takeover_id)
    with session_factory() as session:
        [joined] = _told(session, "agent_joined")
        assert (joined.audience, joined.recipient, joined.channel, joined.language) == (
            "requester", "slack:T1:U1", "slack", "fr")
        assert joined.payload | {"number": "?"} == {"conversation": KEY, "takeover_id": takeover_id, "number": "?",
                                                    "agent_name": "Alice", "rasa": "pause"}


def test_only_the_holder_writes_and_the_message_is_logged_and_queued(session_factory) -> None:
    takeover_id = _waiting(session_factory, KEY)
    with unit_of_work(session_factory) as session, pytest.raises(TakeoverError) as early:
        conversations.write_to_user(db_session=session, takeover=session.get(Takeover, takeover_id),
                                    agent=WEB_AGENT, text="Bonjour")
    assert early.value.reason == "not_holder"
    _take(session_factory, takeover_id, SLACK_AGENT, "Julie")
    with unit_of_work(session_factory) as session, pytest.raises(TakeoverError) as other:
        conversations.write_to_user(db_session=session, takeover=session.get(Takeover, takeover_id),
                                    agent=WEB_AGENT, text="C'est moi")
    assert (other.value.reason, other.value.taken_by) == ("not_holder", "Julie")
    with unit_of_work(session_factory) as session:
        conversations.write_to_user(db_session=session, takeover=session.get(Takeover, takeover_id),
                                    agent=SLACK_AGENT, text="Je regarde votre VPN")
    with session_factory() as session:
        [said] = _told(session, "agent_message")
        assert (said.payload["text"], said.payload["agent_name"], said.payload["conversation"]) == (
            "Je regarde votre VPN", "Julie", KEY)
        seen = live.get(db_session=session, conversation=KEY)
        assert [(line.author_kind, line.body) for line in seen.lines if line.kind == "message"][-1] == (
            "agent", "Je regarde votre VPN")
        assert "C'est moi" not in [line.body for line in seen.lines]


def test_ending_steps_tell_the_user_and_resume_the_bot(session_factory) -> None:
    takeover_id = _waiting(session_factory, KEY)
    _take(session_factory, takeover_id)
    with unit_of_work(session_factory) as session:
        takeover = session.get(Takeover, takeover_id)
        conversations.set_pending(db_session=session, takeover=takeover, agent=WEB_AGENT, agreements=DESK,
                                  reason="une capture")
        conversations.hand_back(db_session=session, takeover=takeover, agent=WEB_AGENT)
    with session_factory() as session:
        [pending] = _told(session, "pending_on_you")
        [back] = _told(session, "handed_back")
        assert pending.payload["reason"] == "une capture" and "rasa" not in pending.payload
        assert (back.payload["agent_name"], back.payload["rasa"]) == ("Alice", "resume")


def test_a_transfer_to_an_agent_keeps_it_taken_by_them_with_the_note_kept_internal(session_factory) -> None:
    takeover_id = _waiting(session_factory, KEY)
    _take(session_factory, takeover_id)
    with unit_of_work(session_factory) as session:
        takeover = session.get(Takeover, takeover_id)
        with pytest.raises(TakeoverError):
            conversations.transfer(db_session=session, takeover=takeover, agent="console:bob", agreements=DESK,
                                   note="", to_agent=("console:bob", "Bob"))
        conversations.transfer(db_session=session, takeover=takeover, agent=WEB_AGENT, agreements=DESK,
                               note="VPN client 5.2, already rebooted", to_agent=(SLACK_AGENT, "Julie"))
    with session_factory() as session:
        takeover = session.get(Takeover, takeover_id)
        assert (takeover.status, takeover.agent, takeover.agent_name) == ("taken", SLACK_AGENT, "Julie")
        assert [n.payload["agent_name"] for n in _told(session, "agent_joined")] == ["Alice", "Julie"]
        [note] = [line for line in takeover.ticket.log if line.kind == "note"]
        assert (note.author, note.body) == (WEB_AGENT, "VPN client 5.2, already rebooted")
        assert not [n for n in _told(session, "agent_message") if "rebooted" in n.payload.get("text", "")]


def test_a_transfer_to_a_group_puts_it_back_in_that_groups_queue(session_factory) -> None:
    takeover_id = _waiting(session_factory, KEY)
    _take(session_factory, takeover_id)
    with unit_of_work(session_factory) as session:
        conversations.transfer(db_session=session, takeover=session.get(Takeover, takeover_id), agent=WEB_AGENT,
                               agreements=DESK, note="for the network team", to_group=("Réseau", 2))
    with session_factory() as session:
        assert [item.takeover_id for item in live.active(db_session=session, groups=["Réseau"])] == [takeover_id]
        assert live.active(db_session=session, groups=["Infrastructure"]) == []
        [item] = live.active(db_session=session)
        assert (item.status, item.agent, item.group) == ("waiting", None, "Réseau")
    _take(session_factory, takeover_id, SLACK_AGENT, "Julie")  # anyone of the group may take it now


def test_slack_and_the_console_read_the_same_state(session_factory) -> None:
    """Taken in Slack, the console's list shows who; taken in the console, the card's reading shows who."""
    first, second = _waiting(session_factory, KEY), _waiting(session_factory, "webchat:demo:other")
    _take(session_factory, first, SLACK_AGENT, "Julie")
    _take(session_factory, second, WEB_AGENT, "Alice")
    with session_factory() as session:
        by_id = {item.takeover_id: item for item in live.active(db_session=session)}
        assert (by_id[first].status, by_id[first].agent_name) == ("taken", "Julie")
        holder = get_holder(db_session=session, takeover_id=second, client_language="fr")
        assert (holder.status, holder.agent, holder.agent_name) == ("taken", WEB_AGENT, "Alice")
    with unit_of_work(session_factory) as session, pytest.raises(TakeoverError) as lost:
        conversations.take(db_session=session, takeover_id=first, agent=WEB_AGENT, agent_name="Alice",
                           agreements=DESK)
    assert (lost.value.reason, lost.value.taken_by) == ("not_waiting", "Julie")


def test_the_transcript_follows_from_the_last_line_read_and_respects_the_groups(session_factory) -> None:
    _waiting(session_factory, KEY)
    with session_factory() as session:
        whole = live.get(db_session=session, conversation=KEY)
        assert whole.lines and whole.item.group == "Infrastructure"
        assert live.get(db_session=session, conversation=KEY, after=whole.lines[-1].id).lines == ()
        assert live.get(db_session=session, conversation=KEY, groups=["Réseau"]) is None
        assert live.get(db_session=session, conversation="slack:T1:nobody") is None


def test_canned_answers_fill_their_placeholders_in_the_conversations_language() -> None:
    answers = {answer.code: answer for answer in ready(DEFAULT_CANNED, language="en", user_name="Ana",
                                                       ticket_number="INC-000042")}
    assert answers["hello"].text == "Hello Ana, I'm a support technician and I'm taking over your request INC-000042."
    assert answers["hello"].title == "Hello"
    french = ready(DEFAULT_CANNED, language="fr", user_name="Ana", ticket_number="INC-1")
    assert french[0].text.startswith("Bonjour Ana")
