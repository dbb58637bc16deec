"""Keeps the `language` slot in step with what the user writes (a custom slot mapping, so it runs on
every user message before the dialogue picks a response).

The slot has no initial value in domain.yml: a conversation whose first words say nothing of their language
("ok", "INC-000042") speaks the client's language, which only the client's settings know.
"""

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import dependencies
from servicedesk.database import unit_of_work
from servicedesk.language import Language, detect, without_quotations

logger = logging.getLogger(__name__)

QUOTED_ENTITIES = frozenset({"error_message"})


def quoted_spans(tracker: Tracker) -> list[tuple[int, int]]:
    """Where the latest message quotes software rather than speaks: the error_message entities, or the whole
    message when level 1 has just asked for the error text (the answer is then the error itself)."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    episode = tracker.get_slot("episode") or {}
    if isinstance(episode, dict) and episode.get("stage") == "qualifying" and episode.get("asked") == "error":
        return [(0, len(text))]
    spans = []
    for entity in message.get("entities") or []:
        if entity.get("entity") not in QUOTED_ENTITIES:
            continue
        start, end = entity.get("start"), entity.get("end")
        if start is None or end is None:  # no offsets (e.g. set by a button): find the value itself
            value = str(entity.get("value") or "")
            start = text.find(value) if value else -1
            if start < 0:
                continue
            end = start + len(value)
        spans.append((int(start), int(end)))
    return spans


class ActionDetectLanguage(Action):
    def name(self) -> str:
        return "action_detect_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        # A button's payload says nothing of the language (checked before any span is blanked out).
        payload = text.lstrip().startswith("/")
        language = None if payload else detect(without_quotations(text, quoted_spans(tracker)))
        if language is None and tracker.get_slot("language") is None:
            language = client_language(tracker)
        if language is None or language == tracker.get_slot("language"):
            return []
        return [SlotSet("language", language)]


def client_language(tracker: Tracker) -> Language | None:
    """The client's own language, for a conversation that has none yet. None when the client can't be told
    (an unknown door or a refused caller): action_level1 then explains the refusal in its own words."""
    try:
        with unit_of_work(dependencies.session_factory(tracker)) as session:
            return dependencies.desk(session).settings.client.language
    except Exception:
        logger.info("no client language for conversation %s", tracker.sender_id, exc_info=True)
        return None
