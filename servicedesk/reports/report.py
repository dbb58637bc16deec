"""The figures of a service-desk report, as plain frozen values.

Every figure that divides says how many items it divided by, so that "80 %" of 5 tickets is never
mistaken for 80 % of 500; a figure over nothing is None, never a division by zero. Mappings use
string keys so that `as_dict()` survives a JSON round trip unchanged.
"""

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


def ratio(part: float, whole: float) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Rate:
    """`count` of `total` items did it (first-contact resolutions, reopened tickets...)."""

    count: int
    total: int
    rate: float | None


@dataclass(frozen=True)
class Compliance:
    """Clocks that met their target out of the clocks judged."""

    clocks: int
    met: int
    breached: int
    rate: float | None


@dataclass(frozen=True)
class Volumes:
    """Tickets created in the period, counted four ways."""

    total: int
    by_type: dict[str, int]
    by_origin: dict[str, int]
    by_priority: dict[str, int]
    by_service: dict[str, int]


@dataclass(frozen=True)
class Resolution:
    """Time to resolve tickets resolved in the period.

    business_mean_seconds is the SLA TTR clocks' business time: pauses (pending on the requester,
    awaiting confirmation) and closed hours excluded. wall_mean_seconds is plain elapsed time;
    calendar_mean_seconds is elapsed business time on the desk's calendar, pauses included, so that
    the gap between it and the clocks' time is the pauses alone (None without a calendar).
    """

    resolved: int
    clocked: int  # how many of them had an SLA TTR clock to read
    business_mean_seconds: float | None
    wall_mean_seconds: float | None
    calendar_mean_seconds: float | None


@dataclass(frozen=True)
class Ownership:
    """Time to own tickets created in the period (owned_at - created_at) and their SLA TTO clocks."""

    owned: int
    mean_seconds: float | None
    median_seconds: float | None
    business_mean_seconds: float | None  # on the desk's calendar; None without one
    compliance: Compliance


@dataclass(frozen=True)
class SlaCompliance:
    """SLA TTO and TTR clocks of tickets resolved in the period, overall and per priority."""

    overall: Compliance
    tto: Compliance
    ttr: Compliance
    by_priority: dict[str, dict[str, Compliance]]  # "P2" -> {"tto": ..., "ttr": ...}


@dataclass(frozen=True)
class Backlog:
    """Tickets still open when the period closed (or now, for a period not over yet)."""

    total: int
    by_status: dict[str, int]
    by_age: dict[str, int]


@dataclass(frozen=True)
class Satisfaction:
    count: int
    mean: float | None
    distribution: dict[str, int]  # "1".."5" -> ratings


@dataclass(frozen=True)
class Escalations:
    functional: int  # the level went up
    hierarchical: int  # a manager was told
    tickets: int  # tickets with at least one of either


@dataclass(frozen=True)
class Resolvers:
    """Tickets resolved in the period by who resolved them (servicedesk.reports.resolvers): the bot, from the
    client's KB in the chat, with no agent; a level-1 agent; a level-2 agent (level 2 and the experts above).

    `resolved` shares out every resolved ticket ("bot", "level1", "level2"); `first_contact` and `resolution` split
    the report's first-contact resolution and time to resolve between the bot and the humans ("bot", "humans")."""

    resolved: dict[str, Rate]
    first_contact: dict[str, Rate]
    resolution: dict[str, Resolution]


@dataclass(frozen=True)
class Report:
    """One client's service-desk figures for [start, end), judged as of `as_of`."""

    start: datetime
    end: datetime
    as_of: datetime
    volumes: Volumes
    first_contact_resolution: Rate
    resolution: Resolution
    ownership: Ownership
    sla: SlaCompliance
    backlog: Backlog
    reopen: Rate
    satisfaction: Satisfaction
    escalations: Escalations
    resolvers: Resolvers

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: moments as ISO 8601 strings, everything else already plain."""
        data = asdict(self)
        for key in ("start", "end", "as_of"):
            data[key] = data[key].isoformat()
        return data
