"""Whether an SLA clock met its target, read from what the clocks and the supervisor recorded.

No calendar is needed: a clock that no longer runs banked its business time in spent_seconds, and a
running one carries the deadline its calendar gave it. A breach the supervisor fired counts even if
a later, looser target (the priority was lowered) would have been met: the desk did miss the target
in force at the time, and the report must agree with the breach notices people received.
"""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from servicedesk.reports.report import Compliance, ratio
from servicedesk.sla.models import Clock, ClockEvent

METRICS = ("tto", "ttr")


def sla_clocks(*, db_session: Session, ticket_ids: Select) -> tuple[dict[int, dict[str, Clock]], set[int]]:
    """The SLA TTO and TTR clocks of the tickets selected, by ticket then metric, and the ids of those
    with a breach event."""
    query = select(Clock).where(Clock.ticket_id.in_(ticket_ids), Clock.kind == "SLA", Clock.metric.in_(METRICS))
    by_ticket: dict[int, dict[str, Clock]] = defaultdict(dict)
    for clock in db_session.scalars(query.order_by(Clock.id)):
        by_ticket[clock.ticket_id].setdefault(clock.metric, clock)
    events = select(ClockEvent.clock_id).where(ClockEvent.kind == "breach",
                                               ClockEvent.clock_id.in_(query.with_only_columns(Clock.id)))
    return dict(by_ticket), set(db_session.scalars(events))


def breached(clock: Clock, breaches: set[int], moment: datetime) -> bool | None:
    """True if the clock breached, False if it met its target, None if it still runs within it."""
    if clock.id in breaches:
        return True
    if clock.running_since is None:  # stopped, or paused with the ticket resolved
        return clock.spent_seconds > clock.target_seconds
    if clock.deadline is not None and clock.deadline < moment:
        return True  # past due, the supervisor has just not passed yet
    return None


def compliance(verdicts: list[bool | None]) -> Compliance:
    """Clocks judged (undecided ones left out), how many met, how many breached."""
    judged = [verdict for verdict in verdicts if verdict is not None]
    met = judged.count(False)
    return Compliance(clocks=len(judged), met=met, breached=len(judged) - met, rate=ratio(met, len(judged)))
