"""One person's data in a client's database: everything held on them (export), and its erasure, on request.

A person is named by a requester id, as a door names its users ("slack:T1:U1", "teams:…", "webchat:…"), or by an
e-mail address. An address also reaches the tickets a door verified with it (tickets.requester_email) and the
requester ids of those tickets, so the same person's Slack, Teams and web-chat conversations all answer to it.
Only the database of the session given is read: a person of another client is simply not found.

Their entry in the people directory (servicedesk.people) is exported and erased too, and their address as someone
else's manager is taken off that person's entry; the client's own directory (its CSV file, its LDAP) is the
client's to erase, or the next import brings them back.

Erasure deletes their conversations, journal, NLU inbox rows, notices and announcement posts, their events in
Rasa's tracker store, and anonymises every ticket they requested, open ones included (servicedesk.privacy.anonymise:
the figures stay for the reports), and their lines and changes on other tickets. Export and erasure each write a
privacy ledger row. Nothing here commits.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from servicedesk.announcements.models import AnnouncementPost
from servicedesk.conversations.models import Conversation, InboundMessage, Takeover
from servicedesk.kb_misses.models import KbMiss
from servicedesk.models import Base, utcnow
from servicedesk.nlu_inbox.models import UnsureMessage
from servicedesk.notifications.models import Notification
from servicedesk.people.models import Person as DirectoryPerson
from servicedesk.people.models import PersonChatId
from servicedesk.privacy import ledger
from servicedesk.privacy.anonymise import MARKER, anonymise_ticket, forget_conversations, pseudonym
from servicedesk.privacy.models import ERASURE, EXPORT
from servicedesk.privacy.tracker import TrackerStore
from servicedesk.tickets.models import HistoryEntry, LogEntry, Ticket

_EMAIL = re.compile(r"[^@\s:]+@[^@\s]+\.[^@\s]+")
ERASURE_COUNTS = ("tickets_anonymised", "log_lines", "attachments", "conversations", "journal", "nlu_inbox",
                  "kb_misses", "notifications", "announcement_posts", "tracker_events", "directory")


@dataclass(frozen=True)
class Person:
    """Who a request names, and every identifier this database knows them by."""

    named: str
    requesters: frozenset[str]
    email: str | None


def identify(*, db_session: Session, person: str) -> Person:
    """The identifiers of the person named: the name itself, and for an address the requesters of its tickets."""
    named = person.strip()
    if not _EMAIL.fullmatch(named):
        return Person(named, frozenset({named}), None)
    email = named.casefold()
    verified = db_session.scalars(select(Ticket.requester).where(func.lower(Ticket.requester_email) == email))
    return Person(named, frozenset({named, email, *verified}), email)


def export_person(*, db_session: Session, person: str, actor: str, tracker: TrackerStore | None = None,
                  now: datetime | None = None) -> dict[str, Any]:
    """Everything this client's database (and its tracker store) holds on the person, as JSON-ready values."""
    now = now or utcnow()
    who = identify(db_session=db_session, person=person)
    tickets = _tickets_of(db_session, who)
    keys = _conversation_keys(db_session, who, tickets)
    ids = sorted(who.requesters)
    export: dict[str, Any] = {
        "person": who.named, "identifiers": ids, "email": who.email, "exported_at": now.isoformat(),
        "tickets": [_ticket(ticket) for ticket in tickets],
        "log_lines_on_other_tickets": [
            _row(entry) | {"ticket": entry.ticket.number} for entry in db_session.scalars(
                select(LogEntry).where(LogEntry.author.in_(ids), LogEntry.ticket_id.not_in([t.id for t in tickets]))
                .order_by(LogEntry.id))],
        "conversations": _rows(db_session, select(Conversation).where(Conversation.key.in_(keys))),
        "journal": _rows(db_session, select(InboundMessage).where(
            or_(InboundMessage.requester.in_(ids), InboundMessage.conversation_key.in_(keys)))),
        "nlu_inbox": _rows(db_session, select(UnsureMessage).where(UnsureMessage.conversation_id.in_(keys))),
        "kb_misses": _rows(db_session, select(KbMiss).where(KbMiss.conversation_id.in_(keys))),
        "takeovers": _rows(db_session, select(Takeover).where(
            or_(Takeover.conversation_key.in_(keys), Takeover.requested_by.in_(ids)))),
        "notifications": _rows(db_session, select(Notification).where(_to_them(who, tickets))),
        "announcement_posts": _rows(db_session, select(AnnouncementPost).where(AnnouncementPost.recipient.in_(ids))),
        "directory": _rows(db_session, select(DirectoryPerson).where(_in_directory(who))),
        "tracker_events": tracker.events(keys) if tracker is not None else None,
        "privacy_requests": [_row(row) for row in ledger.naming(db_session=db_session, people=ids)],
    }
    counts = {name: len(value) for name, value in export.items() if isinstance(value, list) and name != "identifiers"}
    ledger.record(db_session=db_session, kind=EXPORT, person=who.named, actor=actor, counts=counts, now=now)
    return export


def erase_person(*, db_session: Session, person: str, actor: str, tracker: TrackerStore | None = None,
                 now: datetime | None = None) -> dict[str, int]:
    """Erase the person from this client's database (and its tracker store); what was erased, also recorded."""
    now = now or utcnow()
    who = identify(db_session=db_session, person=person)
    tickets = _tickets_of(db_session, who)
    keys = _conversation_keys(db_session, who, tickets)
    ids = sorted(who.requesters)
    counts: Counter[str] = Counter(dict.fromkeys(ERASURE_COUNTS, 0))
    if tracker is not None:  # first, in its own transaction: a failed commit here leaves nothing behind there
        counts["tracker_events"] += tracker.forget(keys)
    counts.update(forget_conversations(db_session=db_session, keys=keys))
    for message in db_session.scalars(select(InboundMessage).where(InboundMessage.requester.in_(ids))):
        db_session.delete(message)
        counts["journal"] += 1
    counts["notifications"] += _delete(db_session, select(Notification).where(_to_them(who, tickets)))
    counts["announcement_posts"] += _delete(db_session, select(AnnouncementPost).where(
        AnnouncementPost.recipient.in_(ids)))
    counts["directory"] += _delete(db_session, select(DirectoryPerson).where(_in_directory(who)))
    if who.email:
        for report in db_session.scalars(select(DirectoryPerson).where(DirectoryPerson.manager_email == who.email)):
            report.manager_email = None
    for ticket in tickets:
        counts.update(anonymise_ticket(db_session=db_session, ticket=ticket, now=now))
    # What they wrote or did on other people's tickets: the line stays in its place, without them.
    for entry in db_session.scalars(select(LogEntry).where(LogEntry.author.in_(ids))):
        entry.author, entry.body = pseudonym(entry.author), MARKER
        counts["log_lines"] += 1
    for change in db_session.scalars(select(HistoryEntry).where(HistoryEntry.actor.in_(ids))):
        change.actor = pseudonym(change.actor)
    for takeover in db_session.scalars(select(Takeover).where(Takeover.requested_by.in_(ids))):
        takeover.requested_by = pseudonym(takeover.requested_by)
    erased = dict(counts)
    ledger.record(db_session=db_session, kind=ERASURE, person=who.named, actor=actor, counts=erased, now=now)
    return erased


def _tickets_of(db_session: Session, who: Person) -> list[Ticket]:
    mine: list[ColumnElement[bool]] = [Ticket.requester.in_(who.requesters)]
    if who.email:
        mine.append(func.lower(Ticket.requester_email) == who.email)
    return list(db_session.scalars(select(Ticket).where(or_(*mine)).order_by(Ticket.id)))


def _conversation_keys(db_session: Session, who: Person, tickets: list[Ticket]) -> list[str]:
    """Their conversations: those they wrote in, and those their tickets came from."""
    keys = set(db_session.scalars(select(Conversation.key).where(Conversation.requester.in_(who.requesters))))
    keys |= set(db_session.scalars(select(InboundMessage.conversation_key).where(
        InboundMessage.requester.in_(who.requesters))))
    return sorted(keys | {ticket.conversation_id for ticket in tickets})


def _to_them(who: Person, tickets: list[Ticket]) -> Any:
    """Notices addressed to the person, and notices to the requester of their tickets."""
    recipients = sorted(who.requesters | ({who.email} if who.email else set()))
    return or_(Notification.recipient.in_(recipients),
               and_(Notification.ticket_id.in_([t.id for t in tickets]), Notification.audience == "requester"))


def _in_directory(who: Person) -> Any:
    """Their entry in the people directory: by their address, or by a chat id they are known under."""
    by_chat = DirectoryPerson.id.in_(select(PersonChatId.person_id).where(PersonChatId.chat_id.in_(who.requesters)))
    return or_(DirectoryPerson.email == who.email, by_chat) if who.email else by_chat


def _delete(db_session: Session, query: Any) -> int:
    rows = list(db_session.scalars(query))
    for row in rows:
        db_session.delete(row)
    return len(rows)


def _ticket(ticket: Ticket) -> dict[str, Any]:
    return _row(ticket) | {"log": [_row(entry) for entry in ticket.log],
                           "history": [_row(change) for change in ticket.history],
                           "attachments": [_row(attachment) for attachment in ticket.attachments]}


def _rows(db_session: Session, query: Any) -> list[dict[str, Any]]:
    return [_row(row) for row in db_session.scalars(query)]


def _row(row: Base) -> dict[str, Any]:
    """Every column of a row, dates as ISO 8601: an export holds what is stored, not a selection of it."""
    values = {column.key: getattr(row, column.key) for column in row.__table__.columns}
    return {key: value.isoformat() if isinstance(value, datetime | date) else value for key, value in values.items()}
