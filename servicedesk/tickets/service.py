"""Use cases on tickets. Functions take the caller's session and never commit: the caller owns the
transaction, so a ticket and the messages that led to it are stored together or not at all."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.errors import InvalidQualification, TicketNotFound
from servicedesk.models import utcnow
from servicedesk.priority import compute_priority
from servicedesk.sla import policy
from servicedesk.sla.policy import Agreements
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Attachment, LogEntry, Ticket
from servicedesk.tickets.numbering import format_number
from servicedesk.tickets.qualification import itil_type

_TITLE_LENGTH = 120


@dataclass(frozen=True)
class LogLine:
    """A message of the conversation, as any channel can describe it."""

    author_kind: str  # requester, bot, agent, system
    author: str
    body: str
    at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class IncidentReport:
    """What the qualification gathered, in plain values."""

    service: str
    description: str
    impact: int
    urgency: int
    requester: str
    channel: str
    conversation_id: str
    language: str
    error_message: str = ""
    since: str = ""
    origin: str = "incident"
    steps_to_reproduce: str = ""
    device: str = ""
    evidence: tuple[str, ...] = ()  # trace files, screenshots: links or paths as the user gave them
    requested_for: str = ""
    justification: str = ""
    needed_by: str = ""
    requester_email: str | None = None  # as the door verified it: the same person's tickets from any door


def make_title(service: str, description: str) -> str:
    """A one-line title agents can scan: the service, then the start of the description."""
    first_line = " ".join(description.split())
    title = f"{service} – {first_line}" if service and service.lower() not in first_line.lower() else first_line
    return title if len(title) <= _TITLE_LENGTH else title[: _TITLE_LENGTH - 1] + "…"


def open_incident(*, db_session: Session, report: IncidentReport, transcript: Iterable[LogLine] = (),
                  agreements: Agreements | None = None, related_to: Ticket | None = None,
                  now: datetime | None = None) -> Ticket:
    """Open an incident (the report's qualification must be one handled as an incident)."""
    if itil_type(report.origin) != "incident":
        raise InvalidQualification("not_an_incident", report.origin)
    return open_ticket(db_session=db_session, report=report, transcript=transcript, agreements=agreements,
                       related_to=related_to, now=now)


def open_ticket(*, db_session: Session, report: IncidentReport, transcript: Iterable[LogLine] = (),
                agreements: Agreements | None = None, related_to: Ticket | None = None,
                now: datetime | None = None) -> Ticket:
    """Open a ticket rated by the ITIL matrix, of the ITIL type its qualification is handled as, with the
    conversation that led to it in its log and, given the client's agreements, its SLA clocks running.
    `related_to` links it to a ticket closed too long ago to reopen."""
    if not report.description.strip():
        raise InvalidQualification("no_description")
    priority = compute_priority(report.impact, report.urgency)
    ticket = Ticket(
        type=itil_type(report.origin),
        origin=report.origin,
        status="new",
        priority=priority.value,
        impact=report.impact,
        urgency=report.urgency,
        title=make_title(report.service, report.description),
        service=report.service,
        description=report.description,
        error_message=report.error_message,
        since=report.since,
        steps_to_reproduce=report.steps_to_reproduce,
        device=report.device,
        requested_for=report.requested_for,
        justification=report.justification,
        needed_by=report.needed_by,
        requester=report.requester,
        requester_email=report.requester_email,
        channel=report.channel,
        conversation_id=report.conversation_id,
        language=report.language,
        related_to_id=related_to.id if related_to is not None else None,
    )
    db_session.add(ticket)
    db_session.flush()  # the id gives the number
    ticket.number = format_number(ticket.type, ticket.id)
    for line in transcript:
        add_log(db_session=db_session, ticket=ticket, line=line)
    for reference in report.evidence:
        attach(ticket=ticket, reference=reference, added_by=report.requester)
    add_log(
        db_session=db_session,
        ticket=ticket,
        line=LogLine("system", "relais", f"{ticket.number} opened with priority {ticket.priority}"),
        kind="created",
    )
    db_session.flush()
    if agreements is not None:
        policy.open_clocks(db_session=db_session, ticket=ticket, agreements=agreements, now=now or utcnow())
    return ticket


def get_by_number(*, db_session: Session, number: str) -> Ticket:
    """Fetch a ticket by its public number; raises TicketNotFound."""
    ticket = db_session.scalar(select(Ticket).where(Ticket.number == number))
    if ticket is None:
        raise TicketNotFound(number)
    return ticket


def add_log(*, db_session: Session, ticket: Ticket, line: LogLine, kind: str = "message") -> LogEntry:
    """Append one line to a ticket's log."""
    entry = LogEntry(author_kind=line.author_kind, author=line.author, kind=kind, body=line.body, at=line.at)
    ticket.log.append(entry)
    return entry


def attach(*, ticket: Ticket, reference: str, added_by: str, name: str = "", kind: str | None = None) -> Attachment:
    """Record evidence on the ticket: a URL is a link, anything else a path or file name the user gave."""
    reference = reference.strip()
    if kind is None:
        kind = "link" if reference.lower().startswith(("http://", "https://")) else "path"
    attachment = Attachment(kind=kind, reference=reference, name=name or reference.rsplit("/", 1)[-1][:300],
                            added_by=added_by)
    ticket.attachments.append(attachment)
    return attachment


def latest_open_ticket(*, db_session: Session, conversation_id: str) -> Ticket | None:
    """The conversation's latest ticket still open: what a file or a message sent now is about."""
    return db_session.scalar(
        select(Ticket).where(Ticket.conversation_id == conversation_id, Ticket.status.in_([s.value for s in OPEN]))
        .order_by(Ticket.id.desc()).limit(1))


def last_update(ticket: Ticket) -> datetime:
    """When anything last happened on the ticket, log included."""
    times = [ticket.updated_at, *(entry.at for entry in ticket.log)]
    return max(times)
