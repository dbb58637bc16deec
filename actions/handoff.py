"""The user asks for a person, at any point: whatever was gathered becomes (or updates) a ticket handed
to level 2, and the user is told who will answer and by when. The live takeover in Slack/Teams/web
chat builds on this ticket (bot/)."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions import channel_context, dependencies, replies
from actions.i18n import deadline_phrase, group_label, language_of
from actions.incident import FORM_SLOTS, REQUEST_TYPE_SLOT, report_from_slots
from actions.service_request import REQUEST_SLOTS, request_from_slots
from actions.transcript import TICKET_SLOT, lines_since_last_ticket
from servicedesk import handoff
from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import LogLine, add_log, get_by_number, open_incident, open_ticket

_REASON = "the user asked for a technician"
_NOTHING_SAID = {"fr": "L'utilisateur a demandé à parler à un technicien.",
                 "en": "The user asked to talk to a technician."}


def go_live(session: Session, tracker: Tracker, ticket: Ticket, reason: str) -> list[EventType]:
    """Where an agent can join the conversation (Slack, Teams, web chat), ask level 2 to take it over
    and pause the bot, in the ticket's transaction: from now on bot/ relays the user to the agents.
    Elsewhere the ticket is only queued, and the bot keeps answering."""
    if not channel_context.is_live(tracker):
        return []
    conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=tracker.sender_id,
                                   actor=channel_context.requester(tracker), reason=reason)
    return [ConversationPaused()]


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
                paused = go_live(session, tracker, ticket, _REASON)
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return []
        dispatcher.utter_message(response="utter_handed_to_human", number=done.number,
                                 group=group_label(done.group, language),
                                 deadline=deadline_phrase(done.deadline, language))
        return [*(SlotSet(s, None) for s in (*FORM_SLOTS, *REQUEST_SLOTS, REQUEST_TYPE_SLOT)),
                SlotSet(TICKET_SLOT, done.number), *paused]

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
            ticket = get_by_number(db_session=session, number=last)
            if ticket.status in OPEN:
                text = tracker.latest_message.get("text") or ""
                add_log(db_session=session, ticket=ticket,
                        line=LogLine("requester", channel_context.requester(tracker), text))
                return ticket
        nothing_said = _NOTHING_SAID[language_of(tracker.get_slot("language"))]
        description = tracker.get_slot("description") or said or nothing_said
        report = report_from_slots(tracker, description=description)
        return open_incident(db_session=session, report=report, transcript=transcript, agreements=desk)
