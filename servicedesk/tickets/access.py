"""Who may see a ticket: its requester (the same person from any door, matched by e-mail), the client's agents,
and whom the client's settings allow (a manager for their team, say) — and nobody else.

Any other number gets exactly what a number that does not exist gets (TicketNotFound). The rule is part of the
query itself, so that both cases run the same statement and find nothing: numbers, which are sequential, can't
be probed one by one, by their answer or by the time it takes, to learn which exist.
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from servicedesk.errors import TicketNotFound
from servicedesk.tickets.lifecycle import OPEN, Status
from servicedesk.tickets.models import Ticket


@dataclass(frozen=True)
class Viewer:
    """Who is asking, as a door checked it: `requester` is their id in that door, `email` (when the door
    verified one) what makes them the same person in every door; `sees`, the address patterns ("*" and "?")
    whose tickets the client's settings let them see besides their own; `agent` for the client's own agents."""

    requester: str
    email: str | None = None
    agent: bool = False
    sees: tuple[str, ...] = ()


def _folded(address: str | None) -> str | None:
    return address.strip().casefold() if address else None


def _like(pattern: str) -> str:
    """A shell-style address pattern as SQL LIKE, with the backslash as escape."""
    escaped = pattern.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%").replace("?", "_")


def visible_to(viewer: Viewer) -> ColumnElement[bool]:
    """The tickets `viewer` may see, as a SQL condition."""
    if viewer.agent:
        return true()
    conditions = [Ticket.requester == viewer.requester]
    email = _folded(viewer.email)
    if email:
        address = func.lower(Ticket.requester_email)
        conditions.append(address == email)
        conditions.extend(address.like(_like(pattern), escape="\\") for pattern in viewer.sees)
    return or_(*conditions)


def can_see(ticket: Ticket, viewer: Viewer) -> bool:
    """The same rule on a loaded ticket."""
    if viewer.agent or ticket.requester == viewer.requester:
        return True
    email, address = _folded(viewer.email), _folded(ticket.requester_email)
    if not (email and address):
        return False
    return address == email or any(fnmatchcase(address, pattern.casefold()) for pattern in viewer.sees)


def get_visible(*, db_session: Session, number: str, viewer: Viewer) -> Ticket:
    """The ticket with this number if `viewer` may see it; raises TicketNotFound otherwise, as for a number that
    does not exist."""
    ticket = db_session.scalar(select(Ticket).where(Ticket.number == number, visible_to(viewer)))
    if ticket is None:
        raise TicketNotFound(number)
    return ticket


def belongs_to(viewer: Viewer) -> ColumnElement[bool]:
    """The tickets `viewer` requested, from any door (by requester id, or by their verified e-mail): what they
    may see less what they see as an agent or by the settings' leave."""
    return visible_to(Viewer(requester=viewer.requester, email=viewer.email))


def open_tickets_of(*, db_session: Session, viewer: Viewer, limit: int = 5) -> list[Ticket]:
    """The viewer's own open tickets, most recently updated first: what a follow-up most likely means."""
    return list(db_session.scalars(
        select(Ticket).where(belongs_to(viewer), Ticket.status.in_([s.value for s in OPEN]), Ticket.type != "problem")
        .order_by(Ticket.updated_at.desc(), Ticket.id.desc()).limit(limit)))


def resolved_tickets_of(*, db_session: Session, viewer: Viewer, limit: int = 5) -> list[Ticket]:
    """The viewer's own tickets resolved and waiting for their word: "you marked it resolved but it's back" or
    "the technician came, you can close it" is about one of these when nothing of theirs is open."""
    return list(db_session.scalars(
        select(Ticket).where(belongs_to(viewer), Ticket.status == Status.RESOLVED.value, Ticket.type != "problem")
        .order_by(Ticket.updated_at.desc(), Ticket.id.desc()).limit(limit)))
