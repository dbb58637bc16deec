"""The conversation that led to a ticket, read from the Rasa tracker's events."""

from datetime import UTC, datetime
from typing import Any

from rasa_sdk import Tracker

from servicedesk.tickets.service import LogLine

TICKET_SLOT = "last_ticket_number"


def lines_since_last_ticket(tracker: Tracker) -> list[LogLine]:
    """User and bot messages after the last ticket this conversation opened (or since the start)."""
    events: list[dict[str, Any]] = list(tracker.events)
    start = 0
    for index, event in enumerate(events):
        if event.get("event") == "slot" and event.get("name") == TICKET_SLOT:
            start = index + 1
    lines = []
    for event in events[start:]:
        kind, text = event.get("event"), event.get("text")
        if kind not in ("user", "bot") or text is None:
            continue
        at = datetime.fromtimestamp(event.get("timestamp") or datetime.now(UTC).timestamp(), UTC)
        if kind == "user":
            lines.append(LogLine("requester", tracker.sender_id, text, at))
        else:
            lines.append(LogLine("bot", "relais", text, at))
    return lines
