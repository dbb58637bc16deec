"""Answering "where is INC-000042?": status, priority and last update, logged on the ticket."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import dependencies, replies
from actions.i18n import format_time, status_label
from actions.transcript import TICKET_SLOT
from servicedesk.database import unit_of_work
from servicedesk.tickets.numbering import find_number
from servicedesk.tickets.service import LogLine, add_log, get_by_number, last_update


class ActionTicketStatus(Action):
    def name(self) -> str:
        return "action_ticket_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        language = tracker.get_slot("language") or "fr"
        try:
            number = find_number(text) or tracker.get_slot(TICKET_SLOT)
            if number is None:
                dispatcher.utter_message(response="utter_ask_ticket_number")
                return []
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                ticket = get_by_number(db_session=session, number=number)
                add_log(db_session=session, ticket=ticket, line=LogLine("requester", tracker.sender_id, text),
                        kind="followup")
                session.flush()
                answer = {
                    "number": ticket.number,
                    "title": ticket.title,
                    "status": status_label(ticket.status, language),
                    "priority": ticket.priority,
                    "updated": format_time(last_update(ticket), language),
                }
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return []
        dispatcher.utter_message(response="utter_ticket_status", **answer)
        return [SlotSet(TICKET_SLOT, number)]
