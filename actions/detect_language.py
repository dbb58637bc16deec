"""Keeps the `language` slot in step with what the user writes (a custom slot mapping, so it runs on
every user message before the dialogue picks a response)."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import detect


class ActionDetectLanguage(Action):
    def name(self) -> str:
        return "action_detect_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        language = detect(tracker.latest_message.get("text") or "")
        if language is None or language == tracker.get_slot("language"):
            return []
        return [SlotSet("language", language)]
