"""What bot/ tells Rasa about a message is what the actions act on: the user behind a Slack thread owns
its tickets, the client named by the door is the one whose database is used, and only the live doors go
to an agent."""

from typing import Any

from rasa_sdk import Tracker

from actions import channel_context, dependencies
from tests.actions.conftest import DOMAIN, user

SLACK = {"client": "acme", "requester": "slack:T0ACMECORP:U42", "channel": "slack", "user_name": "Bob"}


def tracker(events: list[dict[str, Any]], channel: str = "slack") -> Tracker:
    return Tracker.from_dict({
        "sender_id": "slack:T0ACMECORP:C9:1700000000.000100",
        "slots": {name: None for name in DOMAIN["slots"]},
        "latest_message": events[-1]["parse_data"] if events else {},
        "events": events, "active_loop": {}, "latest_action_name": "action_listen",
        "latest_input_channel": channel,
    })


def said(text: str, metadata: dict[str, Any] | None, channel: str = "slack") -> dict[str, Any]:
    event = user(text) | {"input_channel": channel}
    if metadata is not None:
        event["metadata"] = metadata
    return event


def test_the_user_and_client_come_from_the_latest_message_that_named_them() -> None:
    seen = tracker([said("mon VPN coupe", SLACK), said("/affirm", None)])
    assert channel_context.requester(seen) == "slack:T0ACMECORP:U42"
    assert channel_context.client(seen) == "acme"
    assert dependencies.client_slug(seen) == "acme"
    assert channel_context.is_live(seen)


def test_rasas_own_rest_door_is_its_own_requester_and_never_live() -> None:
    seen = tracker([said("hello", None, channel="rest")], channel="rest")
    assert channel_context.requester(seen) == seen.sender_id
    assert channel_context.client(seen) is None
    assert not channel_context.is_live(seen)
