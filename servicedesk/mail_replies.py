"""Replies by e-mail to a ticket's mail (issue 16): who may write on a ticket by mail, and a reply kept in the
journal first, then added to the ticket's log as its sender's message.

The door (bot/mail/inbound.py) has already found the ticket from the reply's signed headers or address, and
stripped the quoted history; what is left is the desk's rule. A sender may write on a ticket they may see
(servicedesk.tickets.access): its requester (their verified address, or an imported ticket's requester address)
or someone the client's settings let see it (`access.viewers`, a manager for their team). Anyone else is
refused, and nothing of their mail is stored.

Journal first, in its own transaction (the caller commits `journal` before calling `log`): a mail server that
delivers the same reply twice finds it journalled and adds nothing; one whose first delivery failed after the
journal gets it logged on its retry.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import InboundMessage
from servicedesk.models import utcnow
from servicedesk.tickets.access import Viewer, can_see
from servicedesk.tickets.followups import follow_up
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import LogLine

CHANNEL = "email"
LOGGED = "logged"  # the journal's outcome once the reply is on the ticket's log


def may_write(*, ticket: Ticket, sender: str, sees: tuple[str, ...] = ()) -> bool:
    """Whether `sender` (a mail's From address) may add to this ticket; `sees` are the address patterns the
    client's settings let them see (ClientDesk.viewer_patterns)."""
    return can_see(ticket, Viewer(requester=sender.strip(), email=sender, sees=sees))


def journal(*, db_session: Session, message_id: str, ticket: Ticket, sender: str, text: str,
            now: datetime | None = None) -> InboundMessage | None:
    """Keep the reply before anything else; None when it is already on the ticket's log (a second delivery).
    A reply journalled by a delivery that failed before logging it is returned again, to be logged now."""
    kept = conversations.journal(db_session=db_session, channel=CHANNEL, event_key=message_id,
                                 conversation_key=f"{CHANNEL}:{ticket.number}", requester=sender, text=text,
                                 data={"ticket": ticket.number}, now=now)
    if kept is not None:
        return kept
    earlier = db_session.scalar(select(InboundMessage).where(InboundMessage.channel == CHANNEL,
                                                             InboundMessage.event_key == message_id))
    return None if earlier is None or earlier.outcome == LOGGED else earlier


def log(*, db_session: Session, message_id: int, ticket: Ticket, now: datetime | None = None) -> None:
    """Add the journalled reply to the ticket's log as its sender's words, and mark it done."""
    message = db_session.get(InboundMessage, message_id)
    if message is None:
        return
    follow_up(db_session=db_session, ticket=ticket,
              line=LogLine("requester", message.requester, message.text, message.received_at))
    conversations.handled(message=message, outcome=LOGGED, now=now or utcnow())
