"""Tickets from a client's previous tool (python -m servicedesk tickets import): each becomes one of ours, with our
number too, and keeps its reference and tool, so that users who quote it are understood
(servicedesk.tickets.references).

An import tells nobody: no notice is queued for any requester. The history says where a ticket came from ("imported
from servicenow INC0012345"); the log keeps the original description as the old tool had it.

SLA clocks: none for tickets already resolved, closed or cancelled. Open ones get the client's SLA clocks started at
the import, not at their original opening: the desk's commitment starts when it takes a ticket over, and counting the
time spent under the previous provider would breach a migrated backlog on arrival and escalate all of it at once.
The clocks then follow the imported status (pending on the requester pauses time to resolve, assigned stops time to
own). Without the client's agreements (no settings loaded yet) no clock is started.

Re-importing is idempotent by reference: a ticket whose imported fields are unchanged is skipped, one that changed is
updated (its status set as the old tool says, without the workflow's checks: the old tool is the authority on its
tickets until the switch), and an anonymised one is skipped, never refilled with the personal data the retention
removed. A bad row is reported with its line and does not stop the others. Nothing here commits: the caller does,
or rolls back for a dry run.
"""

import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from servicedesk.language import DEFAULT, Language
from servicedesk.models import utcnow
from servicedesk.sla import policy
from servicedesk.sla.policy import Agreements
from servicedesk.tickets.import_fields import PRIORITY_RATING, read_date, read_priority, read_status, read_type
from servicedesk.tickets.import_source import Source, SourceRow
from servicedesk.tickets.lifecycle import OPEN, Status
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.numbering import format_number
from servicedesk.tickets.references import normalise_external
from servicedesk.tickets.service import LogLine, add_log, make_title
from servicedesk.tickets.workflow import record

_DONE = (Status.RESOLVED, Status.CLOSED)
_ENDED = (Status.CLOSED, Status.CANCELLED)
_SERVICENOW = re.compile(r"(INC|RITM|REQ|CHG|TASK|SCTASK|PRB|CTASK|PTASK)\d{7,}")
_LIMITS = {"title": 200, "service": 120, "group_name": 120, "requester": 200, "requester_email": 254,
           "external_system": 40}


@dataclass(frozen=True)
class RowError:
    position: int  # the line (CSV) or item (JSON) of the row
    message: str


@dataclass
class ImportReport:
    unit: str  # "line" or "item"
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"created {self.created}, updated {self.updated}, skipped {self.skipped}, errors {len(self.errors)}"]
        lines.extend(f"  {self.unit} {error.position}: {error.message}" for error in self.errors)
        return "\n".join(lines)


@dataclass(frozen=True)
class _Incoming:
    reference: str
    system: str | None
    fields: dict[str, Any]  # Ticket attributes as the file gives them


def import_tickets(*, db_session: Session, source: Source, system: str | None = None,
                   agreements: Agreements | None = None, timezone: str = "Europe/Paris", language: Language = DEFAULT,
                   actor: str = "import", now: datetime | None = None) -> ImportReport:
    """Create or update one ticket per row of `source`; `system` names the old tool when rows don't ("servicenow",
    "glpi", "jira"…), and is guessed as servicenow for references of its shape."""
    now = now or utcnow()
    report = ImportReport(source.unit)
    # A savepoint per row keeps the others when the database refuses one. SQLite's driver makes the first savepoint
    # the transaction itself (its release commits, and a dry run could not be rolled back), so there a row relies on
    # its checks alone and a refusal by the database stops the import, stored whole or not at all.
    savepoints = db_session.get_bind().dialect.name != "sqlite"
    for row in source.rows:
        try:
            incoming = _read(row, system, timezone, language)
            with db_session.begin_nested() if savepoints else nullcontext():
                outcome = _store(db_session, incoming, agreements, actor, now)
        except ValueError as error:
            report.errors.append(RowError(row.position, str(error)))
            continue
        except SQLAlchemyError as error:
            if not savepoints:
                raise
            report.errors.append(RowError(row.position, str(error).splitlines()[0]))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _read(row: SourceRow, system: str | None, timezone: str, language: str) -> _Incoming:
    if row.problem:
        raise ValueError(row.problem)
    values = row.values
    reference = normalise_external(values.get("reference", ""))
    if reference is None:
        raise ValueError("no reference" if not values.get("reference") else "a reference is at most 60 characters")
    system = (values.get("system") or system or _guess_system(reference) or "").strip().lower() or None
    ticket_type = read_type(values.get("type", ""), reference)
    status, pending_reason = read_status(values.get("status", ""), system)
    priority = read_priority(values.get("priority", ""))
    description, title = values.get("description", ""), values.get("title", "")
    if not (description or title):
        raise ValueError("a ticket needs a title or a description")
    email = values.get("requester_email") or None
    if email is not None and "@" not in email:
        raise ValueError(f"not an e-mail address: {email!r}")
    service = values.get("service", "")
    fields: dict[str, Any] = {
        "type": ticket_type, "origin": ticket_type, "status": status, "pending_reason": pending_reason,
        "priority": priority, "impact": PRIORITY_RATING[priority][0], "urgency": PRIORITY_RATING[priority][1],
        "title": title or make_title(service, description), "service": service, "description": description or title,
        "requester": values.get("requester") or email or "unknown", "requester_email": email,
        "group_name": values.get("group") or None, "external_system": system,
        "language": values.get("language") if values.get("language") in ("fr", "en") else language,
    }
    for name, column in (("created_at", "opened_at"), ("updated_at", "updated_at"), ("resolved_at", "resolved_at"),
                         ("closed_at", "closed_at")):
        moment = read_date(values.get(column, ""), timezone)
        if moment is not None:
            fields[name] = moment
    if status in OPEN:  # reopened in the old tool: its old resolution no longer holds
        fields["resolved_at"] = fields["closed_at"] = None
    for name, limit in _LIMITS.items():
        if isinstance(fields[name], str):
            fields[name] = fields[name][:limit]
    return _Incoming(reference, system, fields)


def _guess_system(reference: str) -> str | None:
    return "servicenow" if _SERVICENOW.fullmatch(reference) else None


def _store(db_session: Session, incoming: _Incoming, agreements: Agreements | None, actor: str,
           now: datetime) -> str:
    ticket = db_session.scalar(select(Ticket).where(Ticket.external_ref == incoming.reference))
    if ticket is None:
        _create(db_session, incoming, agreements, actor, now)
        return "created"
    if ticket.anonymised_at is not None:
        return "skipped"
    before = {name: getattr(ticket, name) for name in (*incoming.fields, "resolved_at", "closed_at", "owned_at")}
    _apply(ticket, incoming.fields, now)
    changed = [name for name, old in before.items() if getattr(ticket, name) != old]
    if not changed:
        return "skipped"
    if "updated_at" in incoming.fields:
        flag_modified(ticket, "updated_at")  # the old tool's date, not the moment of the import
    origin = f"{incoming.system or 'another tool'} {incoming.reference}"
    if "status" in changed:
        record(db_session=db_session, ticket=ticket, actor=actor, field="status", old=before["status"],
               new=ticket.status, reason=f"as in {origin}", now=now)
        if agreements is not None:
            policy.on_status_change(db_session=db_session, ticket=ticket, agreements=agreements, now=now)
    if "description" in changed:
        add_log(db_session=db_session, ticket=ticket, line=LogLine("system", actor, ticket.description, at=now),
                kind="imported")
    record(db_session=db_session, ticket=ticket, actor=actor, field="import", old=None, new=incoming.reference,
           reason=f"updated from {origin}: {', '.join(changed)}", now=now)
    db_session.flush()
    return "updated"


def _create(db_session: Session, incoming: _Incoming, agreements: Agreements | None, actor: str,
            now: datetime) -> None:
    ticket = Ticket(external_ref=incoming.reference, channel="import", conversation_id=f"import:{incoming.reference}",
                    created_at=now, updated_at=incoming.fields.get("created_at", now))
    _apply(ticket, incoming.fields, now)
    db_session.add(ticket)
    db_session.flush()  # the id gives the number
    ticket.number = format_number(ticket.type, ticket.id)
    flag_modified(ticket, "updated_at")  # kept as the file gives it when the number is written
    add_log(db_session=db_session, ticket=ticket, kind="imported",
            line=LogLine("system", actor, ticket.description, at=ticket.created_at))
    record(db_session=db_session, ticket=ticket, actor=actor, field="external_ref", old=None, new=incoming.reference,
           reason=f"imported from {incoming.system or 'another tool'} {incoming.reference}", now=now)
    db_session.flush()
    if agreements is not None and ticket.status in OPEN:
        policy.open_clocks(db_session=db_session, ticket=ticket, agreements=agreements, now=now)
        if ticket.status != Status.NEW:
            policy.on_status_change(db_session=db_session, ticket=ticket, agreements=agreements, now=now)


def _apply(ticket: Ticket, fields: dict[str, Any], now: datetime) -> None:
    """The file's fields, and the lifecycle dates its status implies when the file leaves them out."""
    for name, value in fields.items():
        setattr(ticket, name, value)
    if ticket.status in _DONE and ticket.resolved_at is None:
        ticket.resolved_at = fields.get("updated_at", now)
    if ticket.status in _ENDED and ticket.closed_at is None:
        ticket.closed_at = fields.get("updated_at", now)
    if ticket.status != Status.NEW and ticket.owned_at is None:
        ticket.owned_at = fields.get("created_at", now)
