"""Where a ticket's clocks stand now, for the agents' screens (the console's queue and ticket page): for each
clock its agreement, what it binds (a group, a supplier), its target, the business time used and left, and its
state — running, paused, met or missed.

Read-only and computed from the Clock rows with the same arithmetic the supervisor uses (servicedesk.sla.clocks),
so that a screen never says "2 h left" of a clock the supervisor already counts as breached. Time left is business
time on the clock's own calendar; it is negative once the target is passed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.sla import clocks
from servicedesk.sla.models import Clock
from servicedesk.sla.policy import Agreements

_KIND_ORDER = {"SLA": 0, "OLA": 1, "UC": 2}
_METRIC_ORDER = {"tto": 0, "ttr": 1, "keep_in_loop": 2}


class ClockRun(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"  # pending on the requester or a supplier, resolved: it counts nothing meanwhile
    STOPPED = "stopped"  # met, or no longer applies (closed, the group left)


@dataclass(frozen=True)
class ClockState:
    kind: str  # SLA, OLA, UC
    metric: str  # tto, ttr, keep_in_loop
    agreement: str
    party: str | None  # the group an OLA binds, the supplier a UC binds
    run: ClockRun
    target: timedelta
    spent: timedelta  # business time counted so far
    deadline: datetime | None  # running clocks only
    warning: bool  # at or past the warning share of its target (75 %)
    breached: bool  # past its target

    @property
    def left(self) -> timedelta:
        """Business time left before the target: negative once it is passed."""
        return self.target - self.spent


def clock_states(*, db_session: Session, ticket_id: int, agreements: Agreements, now: datetime) -> list[ClockState]:
    """The ticket's clocks, SLA first then OLA and UC, time to own before time to resolve."""
    rows = db_session.scalars(select(Clock).where(Clock.ticket_id == ticket_id).order_by(Clock.id))
    states = [state_of(clock, agreements, now) for clock in rows]
    return sorted(states, key=lambda s: (_KIND_ORDER.get(s.kind, 9), _METRIC_ORDER.get(s.metric, 9)))


def state_of(clock: Clock, agreements: Agreements, now: datetime) -> ClockState:
    calendar = agreements.calendar(clock.calendar)
    spent = clocks.spent(clock, calendar, now)
    target = timedelta(seconds=clock.target_seconds)
    run = (ClockRun.STOPPED if clock.stopped_at is not None
           else ClockRun.RUNNING if clock.running_since is not None else ClockRun.PAUSED)
    return ClockState(kind=clock.kind, metric=clock.metric, agreement=clock.agreement,
                      party=clock.group_name if clock.kind == "OLA" else clock.supplier, run=run, target=target,
                      spent=spent, deadline=clock.deadline if run is ClockRun.RUNNING else None,
                      warning=spent >= target * clocks.WARNING_SHARE, breached=spent > target)
