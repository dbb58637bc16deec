"""When each clock runs, from the ticket's state (DESIGN.md step 4, the client offer):

- TTO (time to own) never pauses; it stops when the ticket is first assigned or taken in hand.
- TTR (time to resolve) pauses while pending on the requester and while resolved; stops when closed. While a
  request awaits approval it pauses or runs as the client's settings say (`approvals.sla`).
- An OLA clock binds a support group: it starts when that group is assigned and stops when it leaves.
- A UC clock binds a supplier: it runs only while the ticket is pending on that third party.
- Keep-in-loop counts the silence towards the requester; every notice to them restarts it.
- A new priority gives every clock its new target and keeps the time already spent.
- The deadline the requester is owed is the running SLA clock's: resolution first, else response.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.calendar import BusinessCalendar
from servicedesk.sla import clocks
from servicedesk.sla.models import Clock
from servicedesk.tickets.lifecycle import PendingReason, Status
from servicedesk.tickets.models import Ticket


@dataclass(frozen=True)
class Target:
    agreement: str
    kind: str  # SLA, OLA, UC
    metric: str  # tto, ttr, keep_in_loop
    seconds: int
    calendar: str


class Agreements(Protocol):
    """What the clocks need from a client's settings."""

    reopen_window_days: int
    approval_pauses_sla: bool  # a request's time to resolve stops counting while it awaits approval

    def targets(self, *, ticket_type: str, priority: str, kind: str, group: str | None = None,
                supplier: str | None = None) -> list[Target]: ...

    def calendar(self, name: str) -> BusinessCalendar: ...

    def check_closure_codes(self, *, category: str | None, cause_code: str | None,
                            resolution_code: str | None) -> None: ...


def open_clocks(*, db_session: Session, ticket: Ticket, agreements: Agreements, now: datetime) -> None:
    """Start the SLA clocks of a new ticket."""
    for target in agreements.targets(ticket_type=ticket.type, priority=ticket.priority, kind="SLA"):
        _start_new(db_session, ticket, target, agreements, now)
    db_session.flush()


def on_status_change(*, db_session: Session, ticket: Ticket, agreements: Agreements, now: datetime) -> None:
    status, reason = ticket.status, ticket.pending_reason
    if status == Status.PENDING and reason == PendingReason.THIRD_PARTY and ticket.supplier:
        for target in agreements.targets(ticket_type=ticket.type, priority=ticket.priority, kind="UC",
                                         supplier=ticket.supplier):
            if _find(db_session, ticket, target, ticket.supplier) is None:
                _start_new(db_session, ticket, target, agreements, now, supplier=ticket.supplier)
    for clock in _live(db_session, ticket):
        calendar = agreements.calendar(clock.calendar)
        if status in (Status.CLOSED, Status.CANCELLED):
            clocks.stop(clock, calendar, now)
        elif clock.metric == "tto":
            # The desk owns the ticket once assigned; a group owns it once it starts working on it.
            owned = ticket.owned_at is not None if clock.kind != "OLA" else status == Status.IN_PROGRESS
            if owned:
                clocks.stop(clock, calendar, now)
        elif clock.kind == "UC":
            waiting = status == Status.PENDING and reason == PendingReason.THIRD_PARTY
            (clocks.start if waiting and clock.supplier == ticket.supplier else clocks.pause)(clock, calendar, now)
        elif clock.metric == "keep_in_loop":
            if status == Status.RESOLVED:
                clocks.pause(clock, calendar, now)
            else:
                clocks.start(clock, calendar, now)
        else:  # ttr
            paused = status == Status.RESOLVED or (status == Status.PENDING and (
                reason == PendingReason.REQUESTER or (reason == PendingReason.APPROVAL
                                                      and agreements.approval_pauses_sla)))
            (clocks.pause if paused else clocks.start)(clock, calendar, now)


def on_group_change(*, db_session: Session, ticket: Ticket, agreements: Agreements, now: datetime) -> None:
    for clock in _live(db_session, ticket):
        if clock.kind == "OLA" and clock.group_name != ticket.group_name:
            clocks.stop(clock, agreements.calendar(clock.calendar), now)
    if ticket.group_name:
        for target in agreements.targets(ticket_type=ticket.type, priority=ticket.priority, kind="OLA",
                                         group=ticket.group_name):
            if _find(db_session, ticket, target, ticket.group_name) is None:
                _start_new(db_session, ticket, target, agreements, now, group=ticket.group_name)
    db_session.flush()


def on_priority_change(*, db_session: Session, ticket: Ticket, agreements: Agreements, now: datetime) -> None:
    for clock in _live(db_session, ticket):
        matching = agreements.targets(ticket_type=ticket.type, priority=ticket.priority, kind=clock.kind,
                                      group=clock.group_name, supplier=clock.supplier)
        # The strictest target may now come from another agreement (a 24/7 one for P1): the clock follows it.
        new = next((t for t in matching if t.metric == clock.metric), None)
        if new is not None:
            clocks.retarget(clock, agreements.calendar(clock.calendar), now, new.seconds,
                            agreements.calendar(new.calendar), new.calendar)
            clock.agreement = new.agreement


def on_requester_informed(*, db_session: Session, ticket: Ticket, agreements: Agreements, now: datetime) -> None:
    """The requester heard from us: their keep-in-loop silence starts again (when the ticket is open)."""
    if ticket.status in (Status.RESOLVED, Status.CLOSED, Status.CANCELLED):
        return
    for clock in _live(db_session, ticket):
        if clock.metric == "keep_in_loop":
            clocks.restart(clock, agreements.calendar(clock.calendar), now)


def sla_deadline(*, db_session: Session, ticket: Ticket) -> datetime | None:
    """The deadline of the running SLA clock the requester cares about: resolution first, else response."""
    running = db_session.scalars(select(Clock).where(
        Clock.ticket_id == ticket.id, Clock.kind == "SLA", Clock.stopped_at.is_(None),
        Clock.running_since.is_not(None), Clock.deadline.is_not(None))).all()
    by_metric = {clock.metric: clock.deadline for clock in running}
    return by_metric.get("ttr") or by_metric.get("tto")


def _live(db_session: Session, ticket: Ticket) -> list[Clock]:
    db_session.flush()
    query = select(Clock).where(Clock.ticket_id == ticket.id, Clock.stopped_at.is_(None)).order_by(Clock.id)
    return list(db_session.scalars(query))


def _find(db_session: Session, ticket: Ticket, target: Target, party: str | None) -> Clock | None:
    """The ticket's clock for this kind, metric and group or supplier, whichever agreement set it."""
    db_session.flush()
    party_column = Clock.group_name if target.kind == "OLA" else Clock.supplier
    return db_session.scalar(select(Clock).where(Clock.ticket_id == ticket.id, Clock.kind == target.kind,
                                                 Clock.metric == target.metric, party_column == party))


def _start_new(db_session: Session, ticket: Ticket, target: Target, agreements: Agreements, now: datetime,
               group: str | None = None, supplier: str | None = None) -> Clock:
    clock = Clock(ticket_id=ticket.id, agreement=target.agreement, kind=target.kind, metric=target.metric,
                  calendar=target.calendar, target_seconds=target.seconds, group_name=group, supplier=supplier,
                  spent_seconds=0.0)
    db_session.add(clock)
    clocks.start(clock, agreements.calendar(target.calendar), now)
    return clock
