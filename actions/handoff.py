"""The user asks for a person, at any point: whatever was gathered becomes (or updates) a ticket handed
to level 2, and the user is told who will answer and by when. The live takeover in Slack/Teams/web
chat builds on this ticket (bot/); outside the desk's business hours the user is told when it opens."""

from dataclasses import dataclass
from datetime import datetime

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions import channel_context, dependencies, replies
from actions.i18n import deadline_phrase, format_time, group_label, language_of
from actions.incident import FORM_SLOTS, REQUEST_TYPE_SLOT, report_from_slots
from actions.service_request import REQUEST_SLOTS, request_from_slots
from actions.transcript import TICKET_SLOT, lines_since_last_ticket
from servicedesk import handoff
from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import LogLine, add_log, open_incident, open_ticket

_REASON = "the user asked for a technician"
_NOTHING_SAID = {"fr": "L'utilisateur a demandé à parler à un technicien.",
                 "en": "The user asked to talk to a technician."}


@dataclass(frozen=True)
class Live:
    """What going live to the agents leaves for the action to say and return."""

    events: list[EventType]  # [ConversationPaused()] when the conversation went live, else nothing
    opens: datetime | None  # when the desk opens, if it went live while the desk is closed

    def tell_when_desk_opens(self, dispatcher: CollectingDispatcher, language: str) -> None:
        """After the action's own answer: a user handed over at night would otherwise wait in silence."""
        if self.opens is not None:
            dispatcher.utter_message(response="utter_desk_closed", opens=format_time(self.opens, language))


def go_live(session: Session, tracker: Tracker, ticket: Ticket, reason: str, desk: ClientDesk) -> Live:
    """Where an agent can join the conversation (Slack, Teams, web chat), ask level 2 to take it over
    and pause the bot, in the ticket's transaction: from now on bot/ relays the user to the agents.
    Elsewhere the ticket is only queued, and the bot keeps answering."""
    if not channel_context.is_live(tracker):
        return Live([], None)
    conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=tracker.sender_id,
                                   actor=channel_context.requester(tracker), reason=reason)
    return Live([ConversationPaused()], _desk_opens_at(desk))


def clock() -> datetime:
    """Now; a seam so that tests can hand a conversation over at night."""
    return utcnow()


def _desk_opens_at(desk: ClientDesk) -> datetime | None:
    """When the desk opens again, if it is closed now; None while open."""
    now = clock()
    calendar = desk.business_calendar
    try:
        return None if calendar.is_open(now) else calendar.next_open(now)
    except ValueError:  # a calendar that never opens again: nothing useful to promise
        return None


class ActionHandToHuman(Action):
    def name(self) -> str:
        return "action_hand_to_human"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = tracker.get_slot("language") or "fr"
        try:
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                ticket = self._ticket(session, tracker)
                done = handoff.to_level2(db_session=session, ticket=ticket, desk=dependencies.desk(session),
                                         actor=channel_context.requester(tracker), reason=_REASON)
                live = go_live(session, tracker, ticket, _REASON, dependencies.desk(session))
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return []
        dispatcher.utter_message(response="utter_handed_to_human", number=done.number,
                                 group=group_label(done.group, language),
                                 deadline=deadline_phrase(done.deadline, language))
        live.tell_when_desk_opens(dispatcher, language)
        return [*(SlotSet(s, None) for s in (*FORM_SLOTS, *REQUEST_SLOTS, REQUEST_TYPE_SLOT)),
                SlotSet(TICKET_SLOT, done.number), *live.events]

    def _ticket(self, session: Session, tracker: Tracker) -> Ticket:
        """The ticket of this conversation to hand over: the one being qualified, else the open one it
        last talked about, else a new one from what the user said."""
        active = (tracker.active_loop or {}).get("name")
        transcript = lines_since_last_ticket(tracker)
        said = " ".join(line.body for line in transcript
                        if line.author_kind == "requester" and not line.body.startswith("/")).strip()
        desk = dependencies.desk(session)
        if active == "service_request_form":
            return open_ticket(db_session=session, report=request_from_slots(tracker, description=said),
                               transcript=transcript, agreements=desk)
        last = tracker.get_slot(TICKET_SLOT)
        if active != "incident_form" and last:
            ticket = channel_context.visible_ticket(session, tracker, last)
            if ticket.status in OPEN:
                text = tracker.latest_message.get("text") or ""
                add_log(db_session=session, ticket=ticket,
                        line=LogLine("requester", channel_context.requester(tracker), text))
                return ticket
        nothing_said = _NOTHING_SAID[language_of(tracker.get_slot("language"))]
        description = tracker.get_slot("description") or said or nothing_said
        report = report_from_slots(tracker, description=description)
        return open_incident(db_session=session, report=report, transcript=transcript, agreements=desk)
