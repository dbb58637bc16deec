"""Action tests run real rasa-sdk Trackers and CollectingDispatchers against a real ticket database."""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker

from actions import dependencies
from actions.identity import Trust
from servicedesk.identity import claims

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


DOOR_SECRET = "door-secret-of-the-action-tests"


@pytest.fixture(autouse=True)
def trusted_doors() -> Iterator[Trust]:
    """The action server trusts the doors that sign with DOOR_SECRET, and Rasa's REST door is open."""
    trust = Trust(door_secret=DOOR_SECRET)
    dependencies.use_trust(trust)
    yield trust
    dependencies.use_trust(None)


def signed(conversation: str, *, client: str, requester: str, channel: str = "slack", email: str | None = None,
           user_name: str | None = None, secret: str = DOOR_SECRET) -> dict[str, Any]:
    """A message's metadata as a door sends it: its claims, signed."""
    return {claims.METADATA_KEY: claims.sign(claims.DoorClaims(
        client=client, requester=requester, channel=channel, conversation=conversation, email=email,
        user_name=user_name), secret)}


@pytest.fixture
def domain() -> dict[str, Any]:
    return DOMAIN


@pytest.fixture
def actions_database(demo_desk) -> Iterator[Any]:
    """Point the actions at the test database (SQLite, then PostgreSQL), with the demo client's settings."""
    dependencies.use_session_factory(demo_desk)
    yield demo_desk
    dependencies.use_session_factory(None)


def user(text: str, intent: str = "inform", at: float | None = None) -> dict[str, Any]:
    return {"event": "user", "text": text, "timestamp": at or time.time(), "input_channel": "rest",
            "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": []}}


def bot(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text, "timestamp": time.time()}


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value, "timestamp": time.time()}


def make_tracker(events: list[dict[str, Any]], slots: dict[str, Any] | None = None, sender: str = "alice",
                 active_loop: str | None = None) -> Tracker:
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    all_slots = {name: None for name in DOMAIN["slots"]} | {"language": "fr"} | (slots or {})
    return Tracker.from_dict({
        "sender_id": sender,
        "slots": all_slots,
        "latest_message": latest,
        "events": [{"event": "action", "name": "action_listen", "timestamp": 0}, *events],
        "active_loop": {"name": active_loop} if active_loop else {},
        "latest_action_name": "action_listen",
        "latest_input_channel": "rest",
    })
