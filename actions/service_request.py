"""A service request ("I need a second screen"): the short service-catalogue form — what, for whom,
why, by when — then a REQ ticket with the conversation in its log."""

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import channel_context, dependencies, replies
from actions.i18n import deadline_phrase, group_label
from actions.transcript import TICKET_SLOT, lines_since_last_ticket
from servicedesk.database import unit_of_work
from servicedesk.followups import news
from servicedesk.tickets.service import IncidentReport, open_ticket

REQUEST_SLOTS = ("request_item", "requested_for", "justification", "needed_by")
# A first message this long already says what is wanted ("j'aurais besoin d'un 2e écran").
_DESCRIBING_WORDS = 4
_MYSELF = {"moi", "moi-meme", "moi meme", "pour moi", "me", "myself", "for me", "me myself", "moi même", "moi-même"}
# A request stops nobody working: one person, low urgency, unless a person raises it.
_IMPACT, _URGENCY = 3, 3


def request_from_slots(tracker: Tracker, description: str = "") -> IncidentReport:
    """What the service-request form gathered so far; `description` stands in for a missing "what"."""
    slot = tracker.get_slot
    return IncidentReport(
        service="", description=slot("request_item") or description, impact=_IMPACT, urgency=_URGENCY,
        requester=channel_context.requester(tracker), requester_email=channel_context.requester_email(tracker),
        channel=channel_context.channel(tracker),
        conversation_id=tracker.sender_id, language=slot("language") or "fr", origin="service_request",
        requested_for=slot("requested_for") or "", justification=slot("justification") or "",
        needed_by=slot("needed_by") or "")


class ActionStartServiceRequest(Action):
    def name(self) -> str:
        return "action_start_service_request"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = (tracker.latest_message.get("text") or "").strip()
        describes = not text.startswith("/") and len(text.split()) >= _DESCRIBING_WORDS
        return [*(SlotSet(slot, None) for slot in REQUEST_SLOTS),
                SlotSet("request_item", text if describes else None)]


class ValidateServiceRequestForm(FormValidationAction):
    def name(self) -> str:
        return "validate_service_request_form"

    def validate_request_item(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        return {"request_item": str(value or "").strip() or None}

    def validate_requested_for(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()
        if text.lower().strip(" .!") in _MYSELF:
            return {"requested_for": tracker.sender_id}
        return {"requested_for": text or None}

    def validate_justification(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        return {"justification": str(value or "").strip() or None}

    def validate_needed_by(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        return {"needed_by": str(value or "").strip() or None}


class ActionOpenServiceRequest(Action):
    def name(self) -> str:
        return "action_open_service_request"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        report = request_from_slots(tracker)
        language, item = report.language, report.description
        try:
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                desk = dependencies.desk(session)
                ticket = open_ticket(db_session=session, report=report, transcript=lines_since_last_ticket(tracker),
                                     agreements=desk)
                found = news(db_session=session, ticket=ticket)
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return []
        dispatcher.utter_message(response="utter_request_opened", number=found.number, item=item[:80],
                                 requested_for=report.requested_for, needed_by=report.needed_by,
                                 group=group_label(found.group, language),
                                 deadline=deadline_phrase(found.deadline, language))
        return [*(SlotSet(s, None) for s in REQUEST_SLOTS), SlotSet(TICKET_SLOT, found.number)]
