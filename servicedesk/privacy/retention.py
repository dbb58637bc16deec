"""Personal data kept no longer than the client's retention (settings `privacy:`), purged by the SLA supervisor.

Past `retention.conversations` of silence, a conversation goes (where its user can be reached, its NLU inbox rows,
its events in Rasa's tracker store), unless an open ticket or a live takeover still needs to reach that user; so
do journal rows, NLU inbox rows, notifications and announcement posts to users older than that. Tickets closed or
cancelled more than `retention.closed_tickets` ago are anonymised (servicedesk.privacy.anonymise): the reports
count them as before. Problems are the desk's own records and stay as they are.

Each purge is one row of the privacy ledger. purge_if_due runs one at most every PURGE_EVERY per client, so the
supervisor's 30-second passes stay cheap; a purge that had more tickets than MAX_TICKETS to anonymise says so in
its counts ("more"), and the next pass carries on instead of waiting an hour.

Rasa's events go first, in their own transaction: if the client database's commit then fails, the next purge
finds the same conversations and deletes nothing twice; the other way round, events could outlive their rows.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from servicedesk.announcements.models import AnnouncementPost
from servicedesk.conversations.models import Conversation, InboundMessage, Takeover
from servicedesk.conversations.service import ACTIVE
from servicedesk.database import changed_rows
from servicedesk.kb_misses.models import KbMiss
from servicedesk.nlu_inbox.models import UnsureMessage
from servicedesk.notifications.models import Notification
from servicedesk.privacy import ledger
from servicedesk.privacy.anonymise import anonymise_ticket, forget_conversations
from servicedesk.privacy.models import PURGE
from servicedesk.privacy.tracker import TrackerStore
from servicedesk.tickets.lifecycle import OPEN, Status
from servicedesk.tickets.models import Ticket

PURGE_EVERY = timedelta(hours=1)
MAX_TICKETS = 500  # anonymised per purge: a first purge of years of tickets is spread over a few passes
FINISHED = (Status.CLOSED.value, Status.CANCELLED.value)
COUNTS = ("conversations", "journal", "nlu_inbox", "notifications", "announcement_posts", "tracker_events",
          "tickets_anonymised", "log_lines", "attachments")
ANNOUNCEMENT_CHANNEL = "announcements"  # AnnouncementPost.recipient of the channel's post, not a person


@dataclass(frozen=True)
class Retention:
    """How long a client keeps personal data: conversations and messages, and closed tickets' personal fields."""

    conversations: timedelta
    closed_tickets: timedelta

    @classmethod
    def days(cls, conversations: int, closed_tickets: int | None = None) -> "Retention":
        return cls(timedelta(days=conversations), timedelta(days=closed_tickets or conversations))


def purge_if_due(*, db_session: Session, now: datetime, retention: Retention, tracker: TrackerStore | None = None,
                 every: timedelta = PURGE_EVERY) -> dict[str, int] | None:
    """Purge unless the last purge was less than `every` ago and finished its work; None when skipped."""
    last = ledger.last(db_session=db_session, kind=PURGE)
    if last is not None and now - last.at < every and not last.counts.get("more"):
        return None
    return purge_expired(db_session=db_session, now=now, retention=retention, tracker=tracker)


def purge_expired(*, db_session: Session, now: datetime, retention: Retention, tracker: TrackerStore | None = None,
                  actor: str = "supervisor") -> dict[str, int]:
    """Delete and anonymise what the retention no longer allows to keep; returns what was done, also recorded."""
    cutoff = now - retention.conversations
    counts: Counter[str] = Counter(dict.fromkeys(COUNTS, 0))
    keys = list(db_session.scalars(select(Conversation.key).where(
        Conversation.last_seen_at < cutoff,
        ~exists().where(Ticket.conversation_id == Conversation.key, Ticket.status.in_([s.value for s in OPEN])),
        ~exists().where(Takeover.conversation_key == Conversation.key, Takeover.status.in_(ACTIVE)))))
    if tracker is not None:
        counts["tracker_events"] += tracker.forget(keys)
    counts.update(forget_conversations(db_session=db_session, keys=keys))
    for name, table, column in (("journal", InboundMessage, InboundMessage.received_at),
                                ("nlu_inbox", UnsureMessage, UnsureMessage.received_at),
                                ("kb_misses", KbMiss, KbMiss.at),
                                ("notifications", Notification, Notification.created_at)):
        counts[name] += changed_rows(db_session, delete(table).where(column < cutoff))
    counts["announcement_posts"] += changed_rows(db_session, delete(AnnouncementPost).where(
        AnnouncementPost.posted_at < cutoff, AnnouncementPost.recipient != ANNOUNCEMENT_CHANNEL))
    expired = list(db_session.scalars(select(Ticket).where(
        Ticket.status.in_(FINISHED), Ticket.closed_at < now - retention.closed_tickets,
        Ticket.anonymised_at.is_(None), Ticket.type != "problem").order_by(Ticket.id).limit(MAX_TICKETS + 1)))
    for ticket in expired[:MAX_TICKETS]:
        counts.update(anonymise_ticket(db_session=db_session, ticket=ticket, now=now))
    ledger.drop_empty_purges(db_session=db_session, before=cutoff)
    recorded = dict(counts) | ({"more": True} if len(expired) > MAX_TICKETS else {})
    ledger.record(db_session=db_session, kind=PURGE, actor=actor, counts=recorded, now=now)
    return recorded
