"""Every user message goes to level 1 (servicedesk.level1.conductor): this action reads the message and the
conversation's state from the tracker, calls the use case in one transaction, and says what it decided.

Nothing is decided here: the action only translates between Rasa (slots, entities, responses of domain.yml)
and the service desk's plain values.
"""

import json
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import channel_context, dependencies, replies
from actions.i18n import approvers_phrase, deadline_phrase, fix_buttons, format_time, group_label, status_label
from actions.transcript import TICKET_SLOT, lines_since_last_ticket
from servicedesk.database import unit_of_work
from servicedesk.language import Language, language_of
from servicedesk.level1.conductor import take_turn
from servicedesk.level1.turn import KbHit, Person, Reply, Said

logger = logging.getLogger(__name__)
EPISODE_SLOT = "episode"
FALLBACK_INTENT = "nlu_fallback"
# Below this, the NLU's guess behind a fallback says nothing worth acting on.
_GUESS = 0.25
_FIX_TEXTS = ("utter_kb_fix", "utter_kb_better_fix", "utter_kb_meanwhile", "utter_kb_next_steps")


class ActionLevel1(Action):
    def name(self) -> str:
        return "action_level1"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        try:
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                desk = dependencies.desk(session)
                # Nothing in the slot (no initial value, no word yet): the client's language.
                language = language_of(tracker.get_slot("language"), default=desk.settings.client.language)
                said = said_of(tracker, language)
                asking = channel_context.viewer(tracker)
                person = Person(requester=channel_context.requester(tracker), channel=channel_context.channel(tracker),
                                conversation=tracker.sender_id, email=channel_context.requester_email(tracker),
                                viewer=replace(asking, sees=desk.viewer_patterns(asking.email)),
                                live=channel_context.is_live(tracker))
                turn = take_turn(db_session=session, desk=desk, kb=ChatKnowledgeBase(tracker), person=person,
                                 said=said, episode=tracker.get_slot(EPISODE_SLOT),
                                 transcript=lines_since_last_ticket(tracker), uploads=dependencies.uploads())
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer; the message is kept
            replies.explain(dispatcher, error)
            return []
        for reply in turn.replies:
            say(dispatcher, reply, language)
        events: list[EventType] = [SlotSet(EPISODE_SLOT, turn.episode)]
        if turn.focus and turn.focus != tracker.get_slot(TICKET_SLOT):
            events.append(SlotSet(TICKET_SLOT, turn.focus))
        if turn.paused:
            events.append(ConversationPaused())
        return events


def said_of(tracker: Tracker, language: Language) -> Said:
    """The latest message as level 1 reads it: a button's payload carries its intent and entities, no text."""
    message = tracker.latest_message or {}
    text = (message.get("text") or "").strip()
    button = text.startswith("/")
    intent = (message.get("intent") or {}).get("name")
    confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
    if intent == FALLBACK_INTENT:
        ranking = [entry for entry in message.get("intent_ranking") or [] if entry.get("name") != FALLBACK_INTENT]
        guess = ranking[0] if ranking else {}
        intent, confidence = (guess.get("name"), float(guess.get("confidence") or 0.0)) \
            if float(guess.get("confidence") or 0.0) >= _GUESS else (None, 0.0)
    entities: dict[str, tuple[str, ...]] = {}
    for entity in message.get("entities") or []:
        name, value = entity.get("entity"), entity.get("value")
        if name and value is not None:
            entities[name] = (*entities.get(name, ()), str(value))
    return Said(text="" if button else text, intent=intent, confidence=confidence, entities=entities,
                language=language, button=button)


class ChatKnowledgeBase:
    """The conversation's client's KB, as level 1 wants it: confident results come with their steps."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def search(self, query: str, k: int) -> Sequence[KbHit]:
        hits = []
        for rank, result in enumerate(dependencies.kb_search(self.tracker, query, k)):
            steps: tuple[str, ...] = ()
            if result.confident or rank == 0:
                found = dependencies.kb_article(self.tracker, result.doc_id)
                steps = tuple(found.steps) if found is not None else ()
            hits.append(KbHit(result.doc_id, result.title, result.kind, result.link or "", bool(result.confident),
                              steps, getattr(result, "snippet", "") or "", float(getattr(result, "score", 0.0)),
                              getattr(result, "language", "") or ""))
        return hits

    def article(self, doc_id: str) -> KbHit | None:
        found = dependencies.kb_article(self.tracker, doc_id)
        if found is None:
            return None
        return KbHit(found.doc_id, found.title, found.kind, found.link or "", True, tuple(found.steps))


def say(dispatcher: CollectingDispatcher, reply: Reply, language: Language) -> None:
    """One reply in the conversation's language: run-time values formatted, choices as buttons."""
    fields = {name: _formatted(name, value, language) for name, value in reply.fields.items()}
    if reply.text in _FIX_TEXTS and not fields.get("steps"):
        fields["steps"] = reply.fields.get("snippet") or ""  # an article without a list: its best passage
    buttons = _buttons(reply, language)
    if buttons:
        dispatcher.utter_message(response=reply.text, buttons=buttons, **fields)
    else:
        dispatcher.utter_message(response=reply.text, **fields)


def _formatted(name: str, value: Any, language: Language) -> Any:
    match name:
        case "deadline":
            return deadline_phrase(value, language)
        case "group":
            return group_label(value, language)
        case "status":
            return status_label(value, language)
        case "updated" | "opens" | "expires":
            return format_time(value, language) if value is not None else ""
        case "steps":
            return "\n".join(f"{n}. {step}" for n, step in enumerate(value, 1))
        case "numbered":  # some of an article's steps, with their own numbers
            return "\n".join(f"{n}. {step}" for n, step in value)
        case "link":
            return value or ""
        case "approvers":
            return approvers_phrase(value, language)
        case _:
            return value


def _buttons(reply: Reply, language: Language) -> list[dict[str, str]]:
    if reply.text in _FIX_TEXTS:
        worked, failed = fix_buttons(language)
        buttons = [{"title": worked, "payload": f"/affirm{json.dumps({'kb_doc': reply.fields['doc_id']})}"},
                   {"title": failed, "payload": "/deny"}]
        # Beside a ticket just opened, "still not working" is what the ticket already says: one button.
        return buttons[:1] if reply.text == "utter_kb_meanwhile" else buttons
    if reply.text == "utter_which_ticket":
        intent = "reminder" if reply.fields.get("chase") else "incident_followup"
        return [{"title": f"{number} — {title}"[:80], "payload": f"/{intent}{json.dumps({'ticket_number': number})}"}
                for number, title in reply.fields.get("tickets", [])]
    return []
