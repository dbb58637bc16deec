"""Who an action is working for, and on which client's data: taken from the door's signed claims, or, on
Rasa's development REST door, from the conversation itself — and from nothing else.

The action server can be reached by whatever reaches its port, and a tracker posted to it can say anything;
so the client and the requester of a message are read only from claims signed by the doors with the secret
they share with this server (servicedesk.identity.claims), valid and fresh, for this very conversation.
Rasa's REST door (the terminal chat, `curl`) signs nothing: it belongs to the client bound to it, its
conversation is its own requester, it can never name a door's conversation, and production can close it.
Anything else is refused before any action reads or writes a thing (actions/server.py).
"""

from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker

from servicedesk.identity import claims as door_claims
from servicedesk.identity.doors import is_door_conversation
from servicedesk.tickets.access import Viewer

REST_CHANNEL = "rest"


@dataclass(frozen=True)
class Trust:
    """What the action server trusts: the doors' shared secret, and whether Rasa's REST door is open."""

    door_secret: str
    rest_door: bool = True
    max_age: int = door_claims.MAX_AGE  # seconds, as itsdangerous counts them


@dataclass(frozen=True)
class Caller:
    client: str | None  # None: the client bound to Rasa's REST door
    requester: str
    channel: str
    email: str | None = None
    directory_id: str | None = None
    user_name: str | None = None

    @property
    def viewer(self) -> Viewer:
        return Viewer(requester=self.requester, email=self.email)


class IdentityRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def latest_user_event(tracker: Tracker) -> dict[str, Any] | None:
    """The message being answered: claims are per message, never carried over from an earlier one."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event
    return None


def identify(tracker: Tracker, trust: Trust) -> Caller:
    """The caller of the message being answered; raises IdentityRefused."""
    event = latest_user_event(tracker)
    metadata = (event or {}).get("metadata") or {}
    token = metadata.get(door_claims.METADATA_KEY) if isinstance(metadata, dict) else None
    if token is not None:
        try:
            found = door_claims.verify(token, trust.door_secret, conversation=tracker.sender_id,
                                       max_age=trust.max_age)
        except door_claims.ClaimsRefused as error:
            raise IdentityRefused(error.reason) from None
        return Caller(client=found.client, requester=found.requester, channel=found.channel, email=found.email,
                      directory_id=found.directory_id, user_name=found.user_name)
    if not trust.rest_door:
        raise IdentityRefused("unsigned message and Rasa's REST door is closed")
    channel = (event or {}).get("input_channel") or tracker.get_latest_input_channel() or REST_CHANNEL
    if channel != REST_CHANNEL:
        raise IdentityRefused(f"unsigned message claiming the {channel!r} door")
    if is_door_conversation(str(tracker.sender_id)):
        raise IdentityRefused("unsigned message in a door's conversation")
    # Other metadata (Rasa adds its model id) names nobody: it is ignored.
    return Caller(client=None, requester=str(tracker.sender_id), channel=REST_CHANNEL)
