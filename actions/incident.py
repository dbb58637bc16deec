"""Qualifying an incident and opening its ticket: the form's start, its validation and its submit."""

import logging
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import dependencies, replies
from actions.answers import read_error_message, read_impact, read_urgency
from actions.transcript import TICKET_SLOT, lines_since_last_ticket
from servicedesk.database import unit_of_work
from servicedesk.services import Service, match_service
from servicedesk.tickets.service import IncidentReport, open_incident
from servicedesk.triage import after_opening

logger = logging.getLogger(__name__)
FORM_SLOTS = ("service", "description", "error_message", "since", "impact", "urgency")
_SERVICE_LENGTH = 120
# A first message this long, or naming a known service, already describes the problem.
_SELF_DESCRIBING_WORDS = 6


class ActionStartIncident(Action):
    """Starts a fresh qualification, keeping what the first message already says."""

    def name(self) -> str:
        return "action_start_incident"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = (tracker.latest_message.get("text") or "").strip()
        service = match_service(text, _services(tracker))
        words = len(text.split())
        describes = words >= 3 and (service is not None or words >= _SELF_DESCRIBING_WORDS)
        return [
            *(SlotSet(slot, None) for slot in FORM_SLOTS),
            SlotSet("service", service),
            SlotSet("description", text if describes else None),
        ]


class ValidateIncidentForm(FormValidationAction):
    def name(self) -> str:
        return "validate_incident_form"

    def validate_service(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()
        if not text:
            return {"service": None}
        known = match_service(text, _services(tracker))
        return {"service": known or text[:_SERVICE_LENGTH]}

    def validate_description(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()
        return {"description": text or None}

    def validate_error_message(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        return {"error_message": None if value is None else read_error_message(str(value))}

    def validate_since(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()
        return {"since": text or None}

    def validate_impact(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> dict[str, Any]:
        return {"impact": _level_or_ask_again(value, read_impact, dispatcher)}

    def validate_urgency(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        return {"urgency": _level_or_ask_again(value, read_urgency, dispatcher)}


def _services(tracker: Tracker) -> tuple[Service, ...]:
    """The client's service catalogue; none (so the form simply asks) if it cannot be read now."""
    try:
        with dependencies.session_factory(tracker)() as session:
            return dependencies.services(session)
    except Exception:
        logger.warning("service catalogue unavailable", exc_info=True)
        return ()


def _level_or_ask_again(value: Any, read: Callable[[str], int | None], dispatcher: CollectingDispatcher) -> str | None:
    """The level as the slot stores it; None, with a polite word, when the answer cannot be read."""
    if value is None:  # cleared at the start of a new report: nothing to check yet
        return None
    level = read(str(value))
    if level is None:
        dispatcher.utter_message(response="utter_choose_an_option")
        return None
    return str(level)


class ActionOpenIncident(Action):
    """Opens the incident once qualified, with the conversation so far in its log."""

    def name(self) -> str:
        return "action_open_incident"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        slot = tracker.get_slot
        report = IncidentReport(
            service=slot("service") or "",
            description=slot("description") or "",
            error_message=slot("error_message") or "",
            since=slot("since") or "",
            impact=int(slot("impact") or 0),
            urgency=int(slot("urgency") or 0),
            requester=tracker.sender_id,
            channel=tracker.get_latest_input_channel() or "unknown",
            conversation_id=tracker.sender_id,
            language=slot("language") or "fr",
        )
        try:
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                desk = dependencies.desk(session)
                ticket = open_incident(db_session=session, report=report, transcript=lines_since_last_ticket(tracker),
                                       agreements=desk)
                after_opening(db_session=session, ticket=ticket, desk=desk)
                number, priority, service = ticket.number, ticket.priority, ticket.service
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return []
        dispatcher.utter_message(response="utter_incident_opened", number=number,
                                 priority=priority, service=service)
        return [*(SlotSet(s, None) for s in FORM_SLOTS), SlotSet(TICKET_SLOT, number)]
