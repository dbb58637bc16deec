"""Not understood (the FallbackClassifier's nlu_fallback): a two-stage fallback. First the user is
asked to rephrase; if the rephrasing is not understood either, the main choices are offered as
buttons, so that nobody is stuck in a loop of "sorry?". Rasa's own TwoStageFallback asks to confirm
a guessed intent first, which reads oddly to users who never see intent names."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

FALLBACK_INTENT = "nlu_fallback"


def fallbacks_in_a_row(events: list[dict[str, Any]]) -> int:
    """How many of the latest user messages, counting back from the last one, were not understood."""
    count = 0
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        if ((event.get("parse_data") or {}).get("intent") or {}).get("name") != FALLBACK_INTENT:
            break
        count += 1
    return count


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if fallbacks_in_a_row(list(tracker.events)) <= 1:
            dispatcher.utter_message(response="utter_ask_rephrase")
        else:
            dispatcher.utter_message(response="utter_offer_main_choices")
        return []
