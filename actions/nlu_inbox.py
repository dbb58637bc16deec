"""Keeps the messages the model was unsure about in the client's NLU inbox, for `make nlu-review`.

Rasa calls this action after every user message through the custom mapping of the `unsure` slot (as
it calls action_detect_language for `language`), before the dialogue answers. It never sets the slot and
never fails the turn: the inbox helps editors later, so a storage problem is logged and the user still
gets an answer now.
"""

import logging
from datetime import UTC, datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import dependencies
from servicedesk.database import unit_of_work
from servicedesk.language import detect
from servicedesk.nlu_inbox import service as inbox

logger = logging.getLogger(__name__)

EXCERPT_TURNS = 6  # enough to see what the bot had just asked, which often decides the intent


class ActionKeepUnsureMessage(Action):
    def name(self) -> str:
        return "action_keep_unsure_message"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        try:
            keep_if_unsure(tracker)
        except Exception:  # the inbox must never cost the user their answer
            logger.exception("could not keep an unsure message of conversation %s", tracker.sender_id)
        return []


def keep_if_unsure(tracker: Tracker) -> bool:
    """Keep the latest user message if the model hesitated on it; True when it was kept just now."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = message.get("intent") or {}
    threshold = inbox.review_threshold()
    if text.lstrip().startswith("/") or answering_a_form(tracker):
        return False
    # Most messages are confident: decide before touching the database.
    if not text.strip() or not inbox.is_unsure(intent=intent.get("name"), confidence=intent.get("confidence"),
                                                threshold=threshold):
        return False
    events: list[dict[str, Any]] = list(tracker.events)
    position = next((i for i in range(len(events) - 1, -1, -1) if events[i].get("event") == "user"), len(events))
    event = events[position] if position < len(events) else {}
    timestamp = event.get("timestamp")
    key = message.get("message_id") or event.get("message_id") or f"ts:{timestamp}"
    with unit_of_work(dependencies.session_factory(tracker)) as session:
        kept = inbox.keep(
            db_session=session, conversation_id=tracker.sender_id, message_key=str(key), text=text,
            intent=intent.get("name"), confidence=intent.get("confidence"),
            ranking=message.get("intent_ranking") or [], threshold=threshold,
            language=detect(text) or tracker.get_slot("language") or "other",
            excerpt=_excerpt(events[:position]),
            received_at=datetime.fromtimestamp(timestamp, UTC) if timestamp else None,
        )
    return kept is not None


def answering_a_form(tracker: Tracker) -> bool:
    """An answer to level 1's question ("depuis ce matin", a pasted error) is read whatever its intent: the
    model's hesitation on it says nothing about the intents, and would only bury the useful messages."""
    episode = tracker.get_slot("episode") or {}
    return isinstance(episode, dict) and episode.get("stage") in ("qualifying", "requesting") and bool(
        episode.get("asked"))


def _excerpt(events: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The last turns before the message, oldest first: what the user was answering."""
    turns = [{"speaker": event["event"], "text": event["text"]} for event in events
             if event.get("event") in ("user", "bot") and event.get("text")]
    return turns[-EXCERPT_TURNS:]

