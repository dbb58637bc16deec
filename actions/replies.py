"""The one place where failures become sentences for the user: the domain's errors carry fields, and the
sentences are domain.yml's responses or, for a message nobody vouches for, the catalogue's (actions/i18n.py)."""

import logging

from rasa_sdk.executor import CollectingDispatcher

from actions.i18n import REFUSED
from actions.identity import IdentityRefused
from servicedesk.errors import InvalidQualification, MalformedTicketNumber, ServiceDeskError, TicketNotFound

logger = logging.getLogger(__name__)


def explain(dispatcher: CollectingDispatcher, error: Exception) -> None:
    """Tell the user what went wrong in their language; log what they need not see."""
    match error:
        case IdentityRefused():  # whose conversation it is, hence its language, is unknown: both languages
            dispatcher.utter_message(text=REFUSED)
        case TicketNotFound(number=number):
            dispatcher.utter_message(response="utter_ticket_not_found", number=number)
        case MalformedTicketNumber(text=text):
            dispatcher.utter_message(response="utter_ticket_number_malformed", attempt=text[:40])
        case InvalidQualification():
            dispatcher.utter_message(response="utter_incident_incomplete")
        case ServiceDeskError():
            logger.warning("service desk refused: %s", error)
            dispatcher.utter_message(response="utter_technical_problem")
        case _:
            logger.exception("action failed", exc_info=error)
            dispatcher.utter_message(response="utter_technical_problem")
