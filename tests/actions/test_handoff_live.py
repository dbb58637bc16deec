"""A handoff on a live door (Slack here) asks level 2 to take the conversation and pauses the bot; at
night the user is also told when the desk opens, in their language. Rasa's own door only queues it."""

from datetime import UTC, datetime
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import handoff
from actions.handoff import ActionHandToHuman
from servicedesk.conversations.models import Takeover
from servicedesk.notifications.models import Notification
from servicedesk.tickets.service import get_by_number
from tests.actions.conftest import DOMAIN, signed, user

SENDER = "slack:T0DEMOINDUS:D42"
TUESDAY_NIGHT = datetime(2026, 12, 1, 22, 30, tzinfo=UTC)  # 23:30 in Paris: the desk opens at 08:30
TUESDAY_MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def slack_tracker(text: str, language: str, channel: str = "slack") -> Tracker:
    said = user(text, "ask_human") | {"input_channel": channel, "metadata": signed(
        SENDER, client="demo", requester="slack:T0DEMOINDUS:U42", user_name="Bob") if channel == "slack" else {}}
    return Tracker.from_dict({
        "sender_id": SENDER if channel == "slack" else "rest-user-42",
        "slots": {name: None for name in DOMAIN["slots"]} | {"language": language},
        "latest_message": said["parse_data"],
        "events": [{"event": "action", "name": "action_listen", "timestamp": 0}, said],
        "active_loop": {}, "latest_action_name": "action_listen", "latest_input_channel": channel,
    })


def hand_over(monkeypatch, now: datetime, language: str = "fr",
              channel: str = "slack") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    monkeypatch.setattr(handoff, "clock", lambda: now)
    dispatcher = CollectingDispatcher()
    events = ActionHandToHuman().run(dispatcher, slack_tracker("je veux parler à un technicien", language, channel),
                                     DOMAIN)
    return dispatcher.messages, events


@pytest.mark.parametrize(("language", "opens"), [("fr", "02/12/2026 à 08:30"), ("en", "2026-12-02 at 08:30")])
def test_at_night_the_conversation_goes_live_and_the_user_is_told_when_the_desk_opens(
        monkeypatch, actions_database, language: str, opens: str) -> None:
    messages, events = hand_over(monkeypatch, TUESDAY_NIGHT, language)
    assert [m["response"] for m in messages] == ["utter_handed_to_human", "utter_desk_closed"]
    assert messages[1]["opens"] == opens
    assert events[-1]["event"] == "pause"
    with actions_database() as session:
        takeover = session.scalar(select(Takeover))
        assert (takeover.conversation_key, takeover.status, takeover.requested_by) == (
            SENDER, "waiting", "slack:T0DEMOINDUS:U42")
        assert takeover.ticket.number == messages[0]["number"]
        ticket = get_by_number(db_session=session, number=messages[0]["number"])
        assert ticket.requester == "slack:T0DEMOINDUS:U42" and ticket.escalated
        [asked] = session.scalars(select(Notification).where(Notification.event == "takeover_requested"))
        assert (asked.audience, asked.payload["takeover_id"]) == ("agents", takeover.id)


def test_during_business_hours_nothing_is_said_of_opening_times(monkeypatch, actions_database) -> None:
    messages, events = hand_over(monkeypatch, TUESDAY_MORNING)
    assert [m["response"] for m in messages] == ["utter_handed_to_human"]
    assert events[-1]["event"] == "pause"


def test_rasas_own_door_only_queues_the_ticket_even_at_night(monkeypatch, actions_database) -> None:
    messages, events = hand_over(monkeypatch, TUESDAY_NIGHT, channel="rest")
    assert [m["response"] for m in messages] == ["utter_handed_to_human"]
    assert all(event["event"] != "pause" for event in events)
    with actions_database() as session:
        assert session.scalar(select(Takeover)) is None


def test_the_closed_desk_response_exists_in_both_languages() -> None:
    variants = DOMAIN["responses"]["utter_desk_closed"]
    assert {"fr", None} == {(v.get("condition") or [{}])[0].get("value") for v in variants}
    assert all("{opens}" in v["text"] for v in variants)
