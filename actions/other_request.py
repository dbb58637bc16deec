"""A work request that is not IT support (pay, leave, heating…): redirected politely, and recorded."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import channel_context, dependencies, replies
from actions.transcript import lines_since_last_ticket
from servicedesk.database import unit_of_work
from servicedesk.redirection import record_redirection
from servicedesk.tickets.service import IncidentReport


class ActionRedirectOtherRequest(Action):
    def name(self) -> str:
        return "action_redirect_other_request"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = (tracker.latest_message.get("text") or "").strip() or "-"
        report = IncidentReport(service="", description=text, impact=3, urgency=4,
                                requester=channel_context.requester(tracker),
                                requester_email=channel_context.requester_email(tracker),
                                channel=channel_context.channel(tracker),
                                conversation_id=tracker.sender_id, language=tracker.get_slot("language") or "fr",
                                origin="other")
        try:
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                ticket = record_redirection(db_session=session, report=report, agreements=dependencies.desk(session),
                                            transcript=lines_since_last_ticket(tracker))
                number = ticket.number
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return []
        dispatcher.utter_message(response="utter_other_request_redirected", number=number)
        return []
