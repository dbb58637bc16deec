"""How much is open in a client's database: the open tickets counted per support group, for the agents' overview
(the console's "My clients") before they open a queue. One GROUP BY, however many tickets.

`in_groups` is the one rule of which tickets belong to some groups of a client, shared with the queues
(servicedesk.tickets.queue): a ticket no group owns yet is the service desk's, the client's default group."""

from collections.abc import Collection

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket


def in_groups(groups: Collection[str], default_group: str | None) -> ColumnElement[bool]:
    """Tickets of these groups (none named: of every group); a ticket without a group counts as the
    `default_group`'s."""
    if not groups:
        return true()
    named = Ticket.group_name.in_(list(groups))
    return or_(named, Ticket.group_name.is_(None)) if default_group in groups else named


def open_by_group(*, db_session: Session, groups: Collection[str] = (),
                  default_group: str | None = None) -> dict[str | None, int]:
    """Open tickets (new, assigned, in progress, pending) per owning group. A ticket no group owns yet is the
    service desk's: counted under `default_group` (the client's level 1, from its settings) when named, else None.
    With `groups` named (an agent who works for some groups of the client), only theirs."""
    owner = func.coalesce(Ticket.group_name, default_group) if default_group else Ticket.group_name
    query = select(owner, func.count()).where(Ticket.status.in_([status.value for status in OPEN]),
                                              in_groups(groups, default_group)).group_by(owner)
    return {group: count for group, count in db_session.execute(query).tuples()}


def open_by_assignee(*, db_session: Session, assignees: Collection[str]) -> dict[str, int]:
    """Open tickets each of these assignees (actor ids, "console:alice") has in hand: a lead's view of who carries
    what. One GROUP BY on the indexed column; an assignee with none is absent."""
    if not assignees:
        return {}
    query = (select(Ticket.assignee, func.count()).where(Ticket.status.in_([status.value for status in OPEN]),
                                                         Ticket.assignee.in_(list(assignees)))
             .group_by(Ticket.assignee))
    return {assignee: count for assignee, count in db_session.execute(query).tuples() if assignee is not None}
