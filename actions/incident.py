"""Qualifying an incident and opening its ticket: the form's start, its validation and its submit."""

import logging
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import channel_context, dependencies, replies
from actions.answers import read_error_message, read_evidence, read_impact, read_optional, read_urgency
from actions.i18n import deadline_phrase
from actions.transcript import TICKET_SLOT, lines_since_last_ticket
from servicedesk.database import unit_of_work
from servicedesk.followups import sla_deadline
from servicedesk.services import Service, match_service
from servicedesk.tickets.service import IncidentReport, open_incident
from servicedesk.triage import after_opening

logger = logging.getLogger(__name__)
FORM_SLOTS = ("service", "description", "error_message", "steps_to_reproduce", "since", "device", "evidence",
              "impact", "urgency")
# A how-to question has no error, no steps to reproduce and no trace to attach.
_ASSISTANCE_SLOTS = ("service", "description", "device", "impact", "urgency")
REQUEST_TYPE_SLOT = "request_type"
_ORIGIN_OF_INTENT = {"assistance_request": "assistance"}
_SERVICE_LENGTH = 120
# A first message this long, or naming a known service, already describes the problem.
_SELF_DESCRIBING_WORDS = 6


class ActionStartIncident(Action):
    """Starts a fresh qualification, keeping what the first message already says."""

    def name(self) -> str:
        return "action_start_incident"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = (tracker.latest_message.get("text") or "").strip()
        if text.startswith("/"):  # a button of the fallback's choices: nothing said yet
            text = ""
        service = match_service(text, _services(tracker)) or _named_application(tracker)
        words = len(text.split())
        describes = words >= 3 and (service is not None or words >= _SELF_DESCRIBING_WORDS)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        errors = [str(v) for v in tracker.get_latest_entity_values("error_message")]
        return [
            *(SlotSet(slot, None) for slot in FORM_SLOTS),
            SlotSet(REQUEST_TYPE_SLOT, _ORIGIN_OF_INTENT.get(intent or "", "incident")),
            SlotSet("service", service),
            SlotSet("description", text if describes else None),
            SlotSet("error_message", errors[0] if errors and describes else None),
        ]


def _named_application(tracker: Tracker) -> str | None:
    """An application the NLU recognised, when the catalogue's words missed it."""
    for value in tracker.get_latest_entity_values("application"):
        text = str(value).strip()
        if text:
            return match_service(text, _services(tracker)) or text[:_SERVICE_LENGTH]
    return None


class ValidateIncidentForm(FormValidationAction):
    def name(self) -> str:
        return "validate_incident_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if tracker.get_slot(REQUEST_TYPE_SLOT) == "assistance":
            return [slot for slot in domain_slots if slot in _ASSISTANCE_SLOTS]
        return domain_slots

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

    def validate_steps_to_reproduce(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        return {"steps_to_reproduce": None if value is None else read_optional(str(value))}

    def validate_device(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> dict[str, Any]:
        return {"device": None if value is None else read_optional(str(value))}

    def validate_evidence(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        # Stored as the answer itself; read into links or paths when the ticket is opened.
        return {"evidence": None if value is None else (read_optional(str(value)) or "-")}

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
        report = report_from_slots(tracker)
        try:
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                desk = dependencies.desk(session)
                ticket = open_incident(db_session=session, report=report, transcript=lines_since_last_ticket(tracker),
                                       agreements=desk)
                after_opening(db_session=session, ticket=ticket, desk=desk)
                deadline = sla_deadline(db_session=session, ticket=ticket)
                number, priority, service = ticket.number, ticket.priority, ticket.service
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return []
        response = "utter_assistance_opened" if report.origin == "assistance" else "utter_incident_opened"
        dispatcher.utter_message(response=response, number=number, priority=priority, service=service,
                                 deadline=deadline_phrase(deadline, report.language))
        return [*(SlotSet(s, None) for s in FORM_SLOTS), SlotSet(REQUEST_TYPE_SLOT, None), SlotSet(TICKET_SLOT, number)]


def report_from_slots(tracker: Tracker, origin: str | None = None, description: str | None = None) -> IncidentReport:
    """What the incident form gathered so far, as the service desk takes it. Levels not given yet count as
    the least severe (one person, can wait): a person reviews the priority on a handoff anyway."""
    slot = tracker.get_slot
    return IncidentReport(
        service=slot("service") or "",
        description=description if description is not None else (slot("description") or ""),
        error_message=slot("error_message") or "",
        since=slot("since") or "",
        steps_to_reproduce=slot("steps_to_reproduce") or "",
        device=slot("device") or "",
        evidence=read_evidence(slot("evidence") or ""),
        impact=int(slot("impact") or 3),
        urgency=int(slot("urgency") or 4),
        requester=channel_context.requester(tracker), requester_email=channel_context.requester_email(tracker),
        channel=channel_context.channel(tracker),
        conversation_id=tracker.sender_id,
        language=slot("language") or "fr",
        origin=origin or slot(REQUEST_TYPE_SLOT) or "incident",
    )
