"""How much is open in a client's database: the open tickets counted per support group, for the agents' overview
(the console's "My clients") before they open a queue. One GROUP BY, however many tickets."""

from collections.abc import Collection

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket


def open_by_group(*, db_session: Session, groups: Collection[str] = (),
                  default_group: str | None = None) -> dict[str | None, int]:
    """Open tickets (new, assigned, in progress, pending) per owning group. A ticket no group owns yet is the
    service desk's: counted under `default_group` (the client's level 1, from its settings) when named, else None.
    With `groups` named (an agent who works for some groups of the client), only theirs."""
    owner = func.coalesce(Ticket.group_name, default_group) if default_group else Ticket.group_name
    query = select(owner, func.count()).where(Ticket.status.in_([status.value for status in OPEN])).group_by(owner)
    if groups:
        named = Ticket.group_name.in_(list(groups))
        query = query.where(or_(named, Ticket.group_name.is_(None)) if default_group in groups else named)
    return {group: count for group, count in db_session.execute(query).tuples()}
