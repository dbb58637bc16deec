"""What a door says about a message is what the actions act on, but only when the door signed it: the user
behind a Slack thread owns its tickets, the client named by the door is the one whose database is used, and
only the live doors go to an agent. Rasa's REST door is its own requester; nothing else is believed."""

import time
from typing import Any
from unittest import mock

import pytest
from rasa_sdk import Tracker

from actions import channel_context, dependencies
from actions.identity import IdentityRefused, Trust
from tests.actions.conftest import DOMAIN, signed, user

SENDER = "slack:T0ACMECORP:C9:1700000000.000100"
def slack() -> dict[str, Any]:
    """Signed when the test runs: claims made at collection would be stale by the end of a long suite."""
    return signed(SENDER, client="acme", requester="slack:T0ACMECORP:U42", email="bob@acme.example", user_name="Bob")


def tracker(events: list[dict[str, Any]], channel: str = "slack", sender: str = SENDER) -> Tracker:
    return Tracker.from_dict({
        "sender_id": sender,
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


def test_the_user_and_client_come_from_the_messages_signed_claims() -> None:
    seen = tracker([said("mon VPN coupe", slack())])
    assert channel_context.requester(seen) == "slack:T0ACMECORP:U42"
    assert channel_context.requester_email(seen) == "bob@acme.example"
    assert channel_context.viewer(seen).email == "bob@acme.example"
    assert channel_context.client(seen) == "acme"
    assert channel_context.channel(seen) == "slack"
    assert channel_context.user_name(seen) == "Bob"
    assert channel_context.is_live(seen)


def test_claims_are_per_message_an_unsigned_message_after_a_signed_one_is_refused() -> None:
    seen = tracker([said("mon VPN coupe", slack()), said("/affirm", None)])
    with pytest.raises(IdentityRefused):
        channel_context.requester(seen)


def test_rasas_own_rest_door_is_its_own_requester_and_never_live() -> None:
    seen = tracker([said("hello", None, channel="rest")], channel="rest", sender="alice")
    assert channel_context.requester(seen) == "alice"
    assert channel_context.client(seen) is None
    assert channel_context.viewer(seen).email is None
    assert not channel_context.is_live(seen)


@pytest.mark.parametrize("metadata", [
    lambda: {"client": "acme", "requester": "slack:T0ACMECORP:U42", "channel": "slack"},  # plain, as before
    lambda: {"relais_claims": "not-a-token"},
    lambda: signed(SENDER, client="acme", requester="slack:T0ACMECORP:U42", secret="another-secret"),
    lambda: signed("slack:T0ACMECORP:D1", client="acme", requester="slack:T0ACMECORP:U42"),  # another chat's
], ids=["plain metadata", "junk token", "wrong secret", "another conversation"])
def test_claims_that_are_not_the_doors_are_refused(metadata) -> None:
    seen = tracker([said("où en est INC-000001 ?", metadata())])
    with pytest.raises(IdentityRefused):
        dependencies.caller(seen)


def test_stale_claims_are_refused() -> None:
    with mock.patch("time.time", return_value=time.time() - 3600):
        old = signed(SENDER, client="acme", requester="slack:T0ACMECORP:U42")
    with pytest.raises(IdentityRefused, match="stale"):
        dependencies.caller(tracker([said("où en est INC-000001 ?", old)]))


@pytest.mark.parametrize("sender", ["webchat:demo:0d1f6a43-9b1c-4c87-9b38-7ac1a1a4c0de", "slack:T1:U1", "teams:x:y"])
def test_an_unsigned_message_cannot_speak_in_a_doors_conversation(sender: str) -> None:
    seen = tracker([said("où en est INC-000001 ?", None, channel="rest")], channel="rest", sender=sender)
    with pytest.raises(IdentityRefused, match="door's conversation"):
        dependencies.caller(seen)


def test_an_unsigned_message_claiming_a_live_door_is_refused() -> None:
    seen = tracker([said("où en est INC-000001 ?", None, channel="slack")], sender="alice")
    with pytest.raises(IdentityRefused, match="slack"):
        dependencies.caller(seen)


def test_with_the_rest_door_closed_only_signed_messages_are_answered() -> None:
    dependencies.use_trust(Trust(door_secret="door-secret-of-the-action-tests", rest_door=False))
    with pytest.raises(IdentityRefused, match="closed"):
        dependencies.caller(tracker([said("hello", None, channel="rest")], channel="rest", sender="alice"))
    assert dependencies.caller(tracker([said("mon VPN coupe", slack())])).client == "acme"


def test_without_a_door_secret_no_claim_is_believed() -> None:
    dependencies.use_trust(Trust(door_secret=""))
    with pytest.raises(IdentityRefused):
        dependencies.caller(tracker([said("mon VPN coupe", slack())]))
