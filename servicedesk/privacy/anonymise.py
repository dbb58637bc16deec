"""What purging and erasing do to rows: a ticket loses who asked and what they wrote but keeps what the reports
count; a conversation, its journal and its NLU inbox rows are deleted. Shared by the retention purge and by a
person's erasure, so that both leave the same traces. Nothing here commits.

A ticket keeps its number, type, origin, status, priority, impact, urgency, service, group, level, dates, closure
codes, solution (the desk's words), satisfaction rating, history of changes and SLA clocks: the reports read
nothing else. Its requester becomes a pseudonym, "anonymised:" and 12 hex digits of the SHA-256 of the id, stable
so that one person's old tickets still count as one requester; whoever already knows an id can recognise its
pseudonym, nobody can read one back. What the requester wrote (description, error message, the answers of the
diagnosis, their log lines, the satisfaction comment) becomes MARKER; attachments are removed, and so is what its
remote sessions knew of their machine (its name and link, the invitation, a session code they read out).
"""

import hashlib
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from servicedesk.conversations.models import Conversation, InboundMessage, Takeover
from servicedesk.database import changed_rows
from servicedesk.kb_misses.models import KbMiss
from servicedesk.nlu_inbox.models import UnsureMessage
from servicedesk.notifications.models import Notification
from servicedesk.remote.models import RemoteSession
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import make_title

MARKER = "[anonymised]"
PREFIX = "anonymised:"
# The free text of a ticket, as the requester gave it (servicedesk.tickets.service.open_ticket).
FREE_TEXT = ("description", "error_message", "since", "steps_to_reproduce", "device", "requested_for",
             "justification", "needed_by")
_CHUNK = 500


def pseudonym(identifier: str) -> str:
    """The stable stand-in for a requester id, an e-mail address or a conversation key."""
    if identifier.startswith(PREFIX):
        return identifier
    return PREFIX + hashlib.sha256(identifier.strip().lower().encode("utf-8")).hexdigest()[:12]


def anonymise_ticket(*, db_session: Session, ticket: Ticket, now: datetime) -> Counter[str]:
    """Replace the requester and what they wrote; what was done about the ticket, and when, stays."""
    people = {ticket.requester, *([ticket.requester_email] if ticket.requester_email else [])}
    stand_in = pseudonym(ticket.requester)
    counts: Counter[str] = Counter(tickets_anonymised=1)
    for field in FREE_TEXT:
        if getattr(ticket, field):
            setattr(ticket, field, MARKER)
    ticket.title = make_title(ticket.service, MARKER)
    if ticket.satisfaction_comment:
        ticket.satisfaction_comment = MARKER
    ticket.requester, ticket.requester_email = stand_in, None
    ticket.conversation_id = pseudonym(ticket.conversation_id)
    ticket.anonymised_at = now
    for entry in ticket.log:
        if entry.author_kind == "requester" or entry.author in people:
            entry.author = stand_in if entry.author in people else pseudonym(entry.author)
            entry.body = MARKER
            counts["log_lines"] += 1
        else:
            entry.body = _replaced(entry.body, people, stand_in)
    for change in ticket.history:
        if change.actor in people:
            change.actor = stand_in
            change.reason = MARKER if change.reason else change.reason
    counts["attachments"] += len(ticket.attachments)
    ticket.attachments.clear()
    for takeover in db_session.scalars(select(Takeover).where(Takeover.ticket_id == ticket.id)):
        takeover.conversation_key = pseudonym(takeover.conversation_key)
        takeover.reason = MARKER if takeover.reason else takeover.reason
        if takeover.requested_by in people:
            takeover.requested_by = stand_in
    for remote in db_session.scalars(select(RemoteSession).where(RemoteSession.ticket_id == ticket.id)):
        remote.answered_by = stand_in if remote.answered_by in people else remote.answered_by
        remote.device_name = MARKER if remote.device_name else None
        remote.device_link = remote.invitation_url = remote.session_code = None
        remote.devices_before, remote.events_seen = [], []
        counts["remote_sessions"] += 1
    # Notices to the requester name them and may quote them; notices already delivered are spent. An agents'
    # notice not yet delivered is work still to do, and stays.
    counts["notifications"] += changed_rows(db_session, delete(Notification).where(
        Notification.ticket_id == ticket.id,
        or_(Notification.audience == "requester", Notification.delivered_at.is_not(None))))
    return counts


def forget_conversations(*, db_session: Session, keys: Collection[str]) -> Counter[str]:
    """Delete these conversations (where their users can be reached), their journal, their NLU inbox rows and
    the searches of theirs that found nothing (the editors' gaps)."""
    counts: Counter[str] = Counter()
    for chunk in _chunks(keys):
        counts["conversations"] += changed_rows(db_session, delete(Conversation).where(Conversation.key.in_(chunk)))
        counts["journal"] += changed_rows(
            db_session, delete(InboundMessage).where(InboundMessage.conversation_key.in_(chunk)))
        counts["nlu_inbox"] += changed_rows(
            db_session, delete(UnsureMessage).where(UnsureMessage.conversation_id.in_(chunk)))
        counts["kb_misses"] += changed_rows(db_session, delete(KbMiss).where(KbMiss.conversation_id.in_(chunk)))
    return counts


def _replaced(body: str, people: Iterable[str], stand_in: str) -> str:
    """A bot's or agent's line keeps its words, not the requester's id or address."""
    for person in people:
        body = body.replace(person, stand_in)
    return body


def _chunks(keys: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(keys)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start:start + _CHUNK]
