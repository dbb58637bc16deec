"""Who may see a ticket: its requester (the same person from any door, matched by e-mail), the client's agents,
and whom the client's settings allow (a manager for their team, say) — and nobody else.

Any other number gets exactly what a number that does not exist gets (TicketNotFound), through the same
single query, so that numbers, which are sequential, can't be probed one by one to learn which exist.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session

from servicedesk.errors import TicketNotFound
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket

# (viewer's e-mail, requester's e-mail) -> may the first see the second's tickets (the client's settings)
Allowance = Callable[[str, str], bool]


@dataclass(frozen=True)
class Viewer:
    """Who is asking, as a door checked it: `requester` is their id in that door, `email` (when the door
    verified one) what makes them the same person in every door; `agent` for the client's own agents."""

    requester: str
    email: str | None = None
    agent: bool = False


def _same_address(one: str | None, other: str | None) -> bool:
    return bool(one and other) and one.strip().casefold() == other.strip().casefold()  # type: ignore[union-attr]


def can_see(ticket: Ticket, viewer: Viewer, allowed: Allowance | None = None) -> bool:
    """The rule itself, on a loaded ticket."""
    if viewer.agent or ticket.requester == viewer.requester:
        return True
    if _same_address(ticket.requester_email, viewer.email):
        return True
    return bool(viewer.email and ticket.requester_email and allowed is not None
                and allowed(viewer.email, ticket.requester_email))


def get_visible(*, db_session: Session, number: str, viewer: Viewer, allowed: Allowance | None = None) -> Ticket:
    """The ticket with this number if `viewer` may see it; raises TicketNotFound otherwise, as for a number that
    does not exist."""
    ticket = db_session.scalar(select(Ticket).where(Ticket.number == number))
    if ticket is None or not can_see(ticket, viewer, allowed):
        raise TicketNotFound(number)
    return ticket


def belongs_to(viewer: Viewer) -> ColumnElement[bool]:
    """The tickets `viewer` requested, from any door: by requester id, or by their verified e-mail."""
    by_email = (func.lower(Ticket.requester_email) == viewer.email.strip().casefold()) if viewer.email else false()
    return or_(Ticket.requester == viewer.requester, by_email)


def open_tickets_of(*, db_session: Session, viewer: Viewer, limit: int = 5) -> list[Ticket]:
    """The viewer's own open tickets, most recently updated first: what a follow-up most likely means."""
    return list(db_session.scalars(
        select(Ticket).where(belongs_to(viewer), Ticket.status.in_([s.value for s in OPEN]), Ticket.type != "problem")
        .order_by(Ticket.updated_at.desc(), Ticket.id.desc()).limit(limit)))
