"""What the channel door (bot/) tells Rasa about a message, read back by the actions.

bot/ posts every message to Rasa's REST webhook with `input_channel` (slack, teams, webchat) and
metadata naming the client it resolved from the workspace, tenant or web-chat key, and the user behind
the conversation. One user may hold several conversations (one per Slack thread), and their tickets
belong to the user, not to the thread. Messages typed on Rasa's own REST door carry no metadata: the
conversation is then its own requester and the door's bound client applies.
"""

from typing import Any

from rasa_sdk import Tracker

# The doors where an agent can take the conversation over; elsewhere a handoff only queues the ticket.
LIVE_CHANNELS = frozenset({"slack", "teams", "webchat"})


def metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata of the latest user message that had any (a button click carries it too)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user" and event.get("metadata"):
            found = event["metadata"]
            if isinstance(found, dict) and found.get("client"):
                return found
    return {}


def requester(tracker: Tracker) -> str:
    return str(metadata(tracker).get("requester") or tracker.sender_id)


def client(tracker: Tracker) -> str | None:
    found = metadata(tracker).get("client")
    return str(found) if found else None


def channel(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "unknown"


def is_live(tracker: Tracker) -> bool:
    """True when an agent can join this conversation in its own channel."""
    return channel(tracker) in LIVE_CHANNELS and client(tracker) is not None
