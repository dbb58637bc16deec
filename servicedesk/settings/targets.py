"""The targets a ticket is held to: among every matching agreement row, the strictest per metric.

Rows overlap on purpose: "incident, any priority" on business hours keeps requesters in the loop while
"incident, P1" on a 24/7 calendar tightens time to resolve. The rule is one sentence a client can check:
several matching targets, the strictest (shortest) wins, metric by metric, so time to own and time to resolve
may come from different agreements. Equal durations keep the first in document order, so the answer never
depends on luck.

Durations are compared as written, each in business time on its own calendar: 4h on 24/7 beats 8h on office
hours, as intended; a client mixing calendars with close figures (4h on 24/7 against 3h on office hours) gets
the 3h one, whose deadline may fall later in real time.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import get_args

from servicedesk.settings.document import METRICS, Agreement, ClientSettings, Metric, PriorityName, TicketType

_KINDS = ("SLA", "OLA", "UC")


@dataclass(frozen=True)
class MatchedTarget:
    metric: Metric
    duration: timedelta  # business time on `calendar`
    agreement: str
    kind: str  # SLA, OLA, UC
    calendar: str  # a name in settings.calendars; settings.calendar(name) builds the clock's calendar


def targets_for(settings: ClientSettings, *, ticket_type: str, priority: str, kind: str | None = None,
                group: str | None = None, supplier: str | None = None) -> dict[Metric, MatchedTarget]:
    """The strictest target per metric (tto, ttr, keep_in_loop) over the agreements that apply: SLAs always,
    an OLA when `group` is the one it binds, a UC when `supplier` is; `kind` keeps one kind only.
    A metric no row sets is absent from the result. Unknown ticket types, priorities or kinds are errors,
    not silent misses."""
    if ticket_type not in get_args(TicketType):
        raise ValueError(f"unknown ticket type {ticket_type!r}")
    if priority not in get_args(PriorityName):
        raise ValueError(f"unknown priority {priority!r}")
    if kind is not None and kind not in _KINDS:
        raise ValueError(f"unknown agreement kind {kind!r}: one of {', '.join(_KINDS)}")
    best: dict[Metric, MatchedTarget] = {}
    for agreement in settings.agreements:
        if not _applies(agreement, kind=kind, group=group, supplier=supplier):
            continue
        for row in agreement.targets:
            if row.ticket_type not in ("*", ticket_type) or row.priority not in ("*", priority):
                continue
            for metric in METRICS:
                duration = getattr(row, metric)
                if duration is not None and (metric not in best or duration < best[metric].duration):
                    best[metric] = MatchedTarget(metric, duration, agreement.name, agreement.kind, agreement.calendar)
    return best


def _applies(agreement: Agreement, *, kind: str | None, group: str | None, supplier: str | None) -> bool:
    if kind is not None and agreement.kind != kind:
        return False
    if agreement.kind == "OLA":
        return group is not None and agreement.group == group
    if agreement.kind == "UC":
        return supplier is not None and agreement.supplier == supplier
    return True
