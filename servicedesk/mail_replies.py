"""Replies by e-mail to a ticket's mail (issue 16): who may write on a ticket by mail, and a reply kept in the
journal first, then added to the ticket's log as its sender's message.

The door (bot/mail/inbound.py) has already found the ticket from the reply's signed headers or address, and
stripped the quoted history; what is left is the desk's rule. A sender may write on a ticket they may see
(servicedesk.tickets.access): its requester (their verified address, or an imported ticket's requester address)
or someone the client's settings let see it (`access.viewers`, a manager for their team). Anyone else is
refused, and nothing of their mail is stored.

A reply of the requester is also their word at closing, read as the chat reads it (servicedesk.level1.closure):
on a resolved ticket the answer to "is it fixed?" (yes closes it, no sends it back to its group), on a ticket
closed lately whose satisfaction question is unanswered a rating. A viewer's reply is their message, no more.

Journal first, in its own transaction (the caller commits `journal` before calling `log`): a mail server that
delivers the same reply twice finds it journalled and adds nothing; one whose first delivery failed after the
journal gets it logged on its retry.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import InboundMessage
from servicedesk.level1.closure import RATING_WINDOW, confirm_fixed, give_rating, read_fixed, read_rating, refuse_fix
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets.access import Viewer, can_see
from servicedesk.tickets.followups import follow_up
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import LogLine

CHANNEL = "email"
LOGGED = "logged"  # the journal's outcome once the reply is on the ticket's log
FIXED, NOT_FIXED, RATED = "fixed", "not_fixed", "rated"  # what a requester's reply answered


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


def answer(*, db_session: Session, ticket: Ticket, sender: str, text: str, desk: ClientDesk,
           now: datetime | None = None) -> str | None:
    """The requester's reply as their answer to the question the ticket waits on, with the chat's use cases:
    FIXED (closed with their agreement, the satisfaction question follows), NOT_FIXED (back to its group with
    their words) or RATED; None when the sender is not the requester, nothing is asked, or the words answer
    neither (they stay a message on the log, for the agent)."""
    if not may_write(ticket=ticket, sender=sender):
        return None
    now = now or utcnow()
    if ticket.status == Status.RESOLVED:
        fixed = read_fixed(text)
        if fixed is True:
            confirm_fixed(db_session=db_session, ticket=ticket, desk=desk, actor=sender, now=now)
            return FIXED
        if fixed is False:
            refuse_fix(db_session=db_session, ticket=ticket, desk=desk, actor=sender, reason=text, now=now)
            return NOT_FIXED
        return None
    if ticket.status == Status.CLOSED and _rating_asked(db_session, ticket, now):
        rating, comment = read_rating(text)
        if rating is not None:
            give_rating(db_session=db_session, ticket=ticket, rating=rating, comment=comment, actor=sender)
            return RATED
    return None


def _rating_asked(db_session: Session, ticket: Ticket, now: datetime) -> bool:
    """The satisfaction question went out lately and has no answer yet (as servicedesk.level1.closure reads it)."""
    if ticket.satisfaction_rating is not None or ticket.closed_at is None or now - ticket.closed_at > RATING_WINDOW:
        return False
    return db_session.scalar(select(Notification.id).where(Notification.ticket_id == ticket.id,
                                                           Notification.event == "satisfaction_request")
                             .limit(1)) is not None
