"""Follow-ups ("where is INC-000042?", "more info for my ticket") and reminders ("toujours rien ?!")
on a ticket already open: find the ticket, log what the user said, say where it stands and what
happens next. Without a number, the user's open tickets are offered as buttons."""

import json
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions import channel_context, dependencies, replies
from actions.handoff import go_live
from actions.i18n import deadline_phrase, format_time, group_label, status_label
from actions.transcript import TICKET_SLOT
from servicedesk.database import unit_of_work
from servicedesk.followups import ReminderOutcome, TicketNews, follow_up, remind
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets.access import open_tickets_of
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.numbering import find_number
from servicedesk.tickets.service import LogLine

PENDING_SLOT = "pending_followup"


def said(tracker: Tracker) -> str:
    """What the user said about the ticket: the text they typed before being asked which ticket, if any
    (a button click's payload says nothing worth logging)."""
    text = (tracker.latest_message.get("text") or "").strip()
    if text.startswith("/"):
        return tracker.get_slot(PENDING_SLOT) or text
    return text


def ticket_number(tracker: Tracker) -> str | None:
    """From the text ("inc 42"), from an entity (a button sends one), else the ticket this conversation
    last opened or followed. Raises MalformedTicketNumber on a clear attempt at a wrong number."""
    text = tracker.latest_message.get("text") or ""
    if not text.startswith("/"):
        found = find_number(text)
        if found:
            return found
    for value in tracker.get_latest_entity_values("ticket_number"):
        found = find_number(str(value))
        if found:
            return found
    return tracker.get_slot(TICKET_SLOT)


def news_fields(news: TicketNews, language: str) -> dict[str, Any]:
    return {"number": news.number, "title": news.title, "status": status_label(news.status, language),
            "priority": news.priority, "group": group_label(news.group, language),
            "updated": format_time(news.updated, language), "deadline": deadline_phrase(news.deadline, language)}


class _TicketAction(Action, ABC):
    """Finds the ticket, or offers the user's open tickets; subclasses say what to do with it (abstract,
    so that the action server does not register it)."""

    intent = "incident_followup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = tracker.get_slot("language") or "fr"
        try:
            number = ticket_number(tracker)
            if number is None:
                return self._offer_open_tickets(dispatcher, tracker)
            line = LogLine("requester", channel_context.requester(tracker), said(tracker))
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                ticket = channel_context.visible_ticket(session, tracker, number)
                events = self.handle(dispatcher, session, ticket, line, dependencies.desk(session), language,
                                     tracker)
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return [SlotSet(PENDING_SLOT, None)]
        return [SlotSet(TICKET_SLOT, number), SlotSet(PENDING_SLOT, None), *events]

    @abstractmethod
    def handle(self, dispatcher: CollectingDispatcher, session: Session, ticket: Ticket, line: LogLine,
               desk: ClientDesk, language: str, tracker: Tracker) -> list[EventType]:
        """Answer about the ticket; returns the events to add (a pause when it goes to an agent)."""

    def _offer_open_tickets(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        with dependencies.session_factory(tracker)() as session:
            tickets = [(t.number, t.title) for t in open_tickets_of(db_session=session,
                                                                 viewer=channel_context.viewer(tracker))]
        if not tickets:
            dispatcher.utter_message(response="utter_no_open_ticket")
            return []
        buttons = [{"title": f"{number} — {title}"[:80],
                    "payload": f"/{self.intent}{json.dumps({'ticket_number': number})}"} for number, title in tickets]
        dispatcher.utter_message(response="utter_which_ticket", buttons=buttons)
        return [SlotSet(PENDING_SLOT, said(tracker))]


class ActionTicketStatus(_TicketAction):
    def name(self) -> str:
        return "action_ticket_status"

    def handle(self, dispatcher: CollectingDispatcher, session: Session, ticket: Ticket, line: LogLine,
               desk: ClientDesk, language: str, tracker: Tracker) -> list[EventType]:
        news = follow_up(db_session=session, ticket=ticket, line=line)
        dispatcher.utter_message(response="utter_ticket_status", **news_fields(news, language))
        return []


class ActionRemind(_TicketAction):
    intent = "reminder"

    def name(self) -> str:
        return "action_remind"

    def handle(self, dispatcher: CollectingDispatcher, session: Session, ticket: Ticket, line: LogLine,
               desk: ClientDesk, language: str, tracker: Tracker) -> list[EventType]:
        outcome: ReminderOutcome = remind(db_session=session, ticket=ticket, line=line, rules=desk)
        fields = news_fields(outcome.news, language)
        dispatcher.utter_message(response="utter_reminder_logged", count=outcome.count, **fields)
        if not outcome.raised:
            return []
        dispatcher.utter_message(response="utter_reminder_raised", **fields)
        live = go_live(session, tracker, ticket, "the requester's reminders escalated the ticket", desk)
        live.tell_when_desk_opens(dispatcher, language)
        return live.events
