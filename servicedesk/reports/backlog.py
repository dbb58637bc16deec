"""The backlog as it stood at a moment, rebuilt from the status history.

A report on last month must show last month's backlog, not today's: a ticket open on the 31st and
resolved on the 2nd was in that backlog. So the status at the moment is the last status change
recorded before it ("new" when there was none). Tickets settled before the moment (closed or
cancelled, or resolved and untouched since) are ruled out in SQL first, so only the history of
possibly-open tickets is read.
"""

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import Session

from servicedesk.reports.report import Backlog
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import HistoryEntry, Ticket

OPEN_STATUSES = (Status.NEW.value, Status.ASSIGNED.value, Status.IN_PROGRESS.value, Status.PENDING.value)
# (label, upper bound of the age, exclusive); the last bucket has none.
AGE_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("<1d", timedelta(days=1)), ("1-3d", timedelta(days=3)), ("3-7d", timedelta(days=7)), (">7d", None))


def backlog_at(*, db_session: Session, moment: datetime) -> Backlog:
    """Open tickets (new, assigned, in progress, pending) at `moment`, by status and by age."""
    # A closed or resolved ticket keeps that status until its next change, which clears closed_at and
    # resolved_at: so one closed (or resolved) before the moment and still so was settled at the moment.
    settled = or_(and_(Ticket.status.in_((Status.CLOSED.value, Status.CANCELLED.value)), Ticket.closed_at < moment),
                  and_(Ticket.status == Status.RESOLVED.value, Ticket.resolved_at < moment))
    candidates = select(Ticket.id, Ticket.created_at).where(Ticket.created_at < moment, not_(settled))
    created = {ticket_id: created_at for ticket_id, created_at in db_session.execute(candidates)}
    status: dict[int, str | None] = dict.fromkeys(created, Status.NEW.value)
    changes = (select(HistoryEntry.ticket_id, HistoryEntry.new)
               .where(HistoryEntry.field == "status", HistoryEntry.at < moment,
                      HistoryEntry.ticket_id.in_(candidates.with_only_columns(Ticket.id)))
               .order_by(HistoryEntry.at, HistoryEntry.id))
    for ticket_id, new in db_session.execute(changes):
        status[ticket_id] = new
    open_ids = [ticket_id for ticket_id, value in status.items() if value in OPEN_STATUSES]
    by_status = Counter(status[ticket_id] for ticket_id in open_ids)
    by_age = Counter(age_bucket(moment - created[ticket_id]) for ticket_id in open_ids)
    return Backlog(total=len(open_ids), by_status={name: by_status[name] for name in OPEN_STATUSES},
                   by_age={label: by_age[label] for label, _ in AGE_BUCKETS})


def age_bucket(age: timedelta) -> str:
    """The bucket label of an age: <1d, 1-3d, 3-7d or >7d (a bound belongs to the older bucket)."""
    return next(label for label, bound in AGE_BUCKETS if bound is None or age < bound)
