"""What the door tells the actions about a message: its client, its requester, its channel — read back from
the door's signed claims only (actions/identity.py), never from what a tracker merely says.

One user may hold several conversations (one per Slack thread), and their tickets belong to the user, not to
the thread; a user whose door verified an e-mail address is the same person in every door. Messages typed on
Rasa's own REST door carry no claims: the conversation is then its own requester and the door's bound client
applies.
"""

from dataclasses import replace

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions import dependencies
from servicedesk.tickets.access import Viewer, get_visible
from servicedesk.tickets.models import Ticket

# The doors where an agent can take the conversation over; elsewhere a handoff only queues the ticket.
LIVE_CHANNELS = frozenset({"slack", "teams", "webchat"})


def requester(tracker: Tracker) -> str:
    return dependencies.caller(tracker).requester


def requester_email(tracker: Tracker) -> str | None:
    return dependencies.caller(tracker).email


def viewer(tracker: Tracker) -> Viewer:
    """Who is asking to see tickets (servicedesk.tickets.access)."""
    return dependencies.caller(tracker).viewer


def client(tracker: Tracker) -> str | None:
    """The client the door's claims name; None on Rasa's REST door (its binding applies)."""
    return dependencies.caller(tracker).client


def user_name(tracker: Tracker) -> str | None:
    return dependencies.caller(tracker).user_name


def channel(tracker: Tracker) -> str:
    return dependencies.caller(tracker).channel


def is_live(tracker: Tracker) -> bool:
    """True when an agent can join this conversation in its own channel."""
    return channel(tracker) in LIVE_CHANNELS and client(tracker) is not None


def visible_ticket(session: Session, tracker: Tracker, number: str) -> Ticket:
    """The ticket with this number if the conversation's user may see it; TicketNotFound otherwise, exactly as
    for a number that does not exist."""
    asking = viewer(tracker)
    asking = replace(asking, sees=dependencies.desk(session).viewer_patterns(asking.email))
    return get_visible(db_session=session, number=number, viewer=asking)
