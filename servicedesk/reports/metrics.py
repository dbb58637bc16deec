"""A client's service-desk figures for a period: volumes, first-contact resolution, time to resolve
and to own, SLA compliance, backlog, reopens, satisfaction and escalations, and who resolved (the bot
from the KB, level-1 or level-2 agents), with first-contact resolution and time to resolve split between
the bot and the humans.

Two populations, so that each figure answers the question people ask of it:
- tickets CREATED in [start, end): volumes, time to own, satisfaction, escalations;
- tickets RESOLVED in [start, end) (their latest resolution, still standing): first-contact
  resolution, time to resolve, SLA compliance, reopen rate. A ticket opened last month and fixed
  this month is this month's work; one whose solution was refused is not resolved until it is again.
The backlog is the open tickets when the period closed. Clocks still running are judged at that same
moment, `as_of` = min(end, now), so a report on a period not over yet never predicts a breach.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from statistics import fmean, median

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from servicedesk.calendar import BusinessCalendar
from servicedesk.models import utcnow
from servicedesk.reports import verdicts
from servicedesk.reports.backlog import backlog_at
from servicedesk.reports.report import (
    Escalations,
    Ownership,
    Rate,
    Report,
    Resolution,
    Resolvers,
    Satisfaction,
    SlaCompliance,
    Volumes,
    ratio,
)
from servicedesk.reports.resolvers import BOT, RESOLVERS, who_resolved
from servicedesk.sla.models import Clock
from servicedesk.tickets.models import HistoryEntry, Ticket

__all__ = ["Report", "compute"]


def compute(*, db_session: Session, start: datetime, end: datetime, calendar: BusinessCalendar | None = None,
            now: datetime | None = None) -> Report:
    """The report on [start, end) (aware datetimes). `calendar`, the desk's business calendar, adds
    business-time figures that no SLA clock carries; `now` defaults to the current time."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("a report period needs aware datetimes")
    if end <= start:
        raise ValueError(f"a report period ends after it starts: {start.isoformat()} .. {end.isoformat()}")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    as_of = min(end, (now or utcnow()).astimezone(UTC))
    in_period = or_(and_(Ticket.created_at >= start, Ticket.created_at < end),
                    and_(Ticket.resolved_at >= start, Ticket.resolved_at < end))
    tickets = list(db_session.scalars(select(Ticket).where(in_period).order_by(Ticket.id)))
    created = [t for t in tickets if start <= t.created_at < end]
    resolved = [t for t in tickets if t.resolved_at is not None and start <= t.resolved_at < end]
    scope = select(Ticket.id).where(in_period)
    levels = _levels_and_escalations(db_session, scope)
    clocks, breaches = verdicts.sla_clocks(db_session=db_session, ticket_ids=scope)
    return Report(
        start=start, end=end, as_of=as_of,
        volumes=_volumes(created),
        first_contact_resolution=_first_contact(resolved, levels),
        resolution=_resolution(resolved, clocks, calendar),
        ownership=_ownership(created, clocks, breaches, as_of, calendar),
        sla=_sla(resolved, clocks, breaches, as_of),
        backlog=backlog_at(db_session=db_session, moment=as_of),
        reopen=_rate(sum(t.reopen_count > 0 for t in resolved), len(resolved)),
        satisfaction=_satisfaction(created),
        escalations=_escalations(created, levels),
        resolvers=_resolvers(resolved, who_resolved(db_session=db_session, tickets=resolved), levels, clocks,
                             calendar),
    )


def _levels_and_escalations(db_session: Session, scope: Select) -> dict[int, list[HistoryEntry]]:
    """The level changes and hierarchical escalations of the tickets in scope, by ticket."""
    query = (select(HistoryEntry)
             .where(HistoryEntry.ticket_id.in_(scope), HistoryEntry.field.in_(("level", "escalation")))
             .order_by(HistoryEntry.id))
    entries: dict[int, list[HistoryEntry]] = {}
    for entry in db_session.scalars(query):
        entries.setdefault(entry.ticket_id, []).append(entry)
    return entries


def _counts(values: Iterable[str], by_key: bool = False) -> dict[str, int]:
    """Largest first (by key for priorities, which read best in order)."""
    counted = Counter(values)
    order = sorted(counted) if by_key else sorted(counted, key=lambda k: (-counted[k], k))
    return {key: counted[key] for key in order}


def _volumes(created: list[Ticket]) -> Volumes:
    return Volumes(total=len(created), by_type=_counts(t.type for t in created),
                   by_origin=_counts(t.origin for t in created),
                   by_priority=_counts((t.priority for t in created), by_key=True),
                   by_service=_counts(t.service for t in created))


def _raises(entry: HistoryEntry) -> bool:
    """A functional escalation: the level went up."""
    return entry.field == "level" and int(entry.new or 1) > int(entry.old or 1)


def _first_contact(resolved: list[Ticket], levels: dict[int, list[HistoryEntry]]) -> Rate:
    """Incidents resolved at level 1 that never went above it, out of incidents resolved. Moving between
    level-1 groups is not an escalation; going to level 2 and back still is."""
    incidents = [t for t in resolved if t.type == "incident"]
    first = [t for t in incidents if t.level <= 1 and not any(
        e.field == "level" and int(e.new or 1) > 1 for e in levels.get(t.id, []))]
    return _rate(len(first), len(incidents))


def _resolution(resolved: list[Ticket], clocks: dict[int, dict[str, Clock]],
                calendar: BusinessCalendar | None) -> Resolution:
    ttr = [clock for t in resolved if (clock := clocks.get(t.id, {}).get("ttr")) and clock.running_since is None]
    wall = [(t.resolved_at - t.created_at).total_seconds() for t in resolved if t.resolved_at]
    business = [calendar.elapsed(t.created_at, t.resolved_at).total_seconds()
                for t in resolved if t.resolved_at] if calendar else []
    return Resolution(resolved=len(resolved), clocked=len(ttr),
                      business_mean_seconds=_mean(c.spent_seconds for c in ttr), wall_mean_seconds=_mean(wall),
                      calendar_mean_seconds=_mean(business))


def _ownership(created: list[Ticket], clocks: dict[int, dict[str, Clock]], breaches: set[int], as_of: datetime,
               calendar: BusinessCalendar | None) -> Ownership:
    owned = [t for t in created if t.owned_at is not None]
    waits = [(t.owned_at - t.created_at).total_seconds() for t in owned if t.owned_at]
    business = [calendar.elapsed(t.created_at, t.owned_at).total_seconds()
                for t in owned if t.owned_at] if calendar else []
    tto = [verdicts.breached(c, breaches, as_of) for t in created if (c := clocks.get(t.id, {}).get("tto"))]
    return Ownership(owned=len(owned), mean_seconds=_mean(waits), median_seconds=median(waits) if waits else None,
                     business_mean_seconds=_mean(business), compliance=verdicts.compliance(tto))


def _sla(resolved: list[Ticket], clocks: dict[int, dict[str, Clock]], breaches: set[int],
         as_of: datetime) -> SlaCompliance:
    judged: dict[str, dict[str, list[bool | None]]] = {}
    for ticket in resolved:
        for metric, clock in clocks.get(ticket.id, {}).items():
            verdict = verdicts.breached(clock, breaches, as_of)
            judged.setdefault(ticket.priority, {m: [] for m in verdicts.METRICS})[metric].append(verdict)
    by_metric = {m: [v for per in judged.values() for v in per[m]] for m in verdicts.METRICS}
    return SlaCompliance(
        overall=verdicts.compliance(by_metric["tto"] + by_metric["ttr"]),
        tto=verdicts.compliance(by_metric["tto"]), ttr=verdicts.compliance(by_metric["ttr"]),
        by_priority={priority: {m: verdicts.compliance(judged[priority][m]) for m in verdicts.METRICS}
                     for priority in sorted(judged)})


def _satisfaction(created: list[Ticket]) -> Satisfaction:
    ratings = [t.satisfaction_rating for t in created if t.satisfaction_rating is not None]
    counted = Counter(ratings)
    return Satisfaction(count=len(ratings), mean=_mean(ratings),
                        distribution={str(score): counted[score] for score in range(1, 6)})


def _escalations(created: list[Ticket], levels: dict[int, list[HistoryEntry]]) -> Escalations:
    functional = {t.id: sum(_raises(e) for e in levels.get(t.id, [])) for t in created}
    hierarchical = {t.id: sum(e.field == "escalation" for e in levels.get(t.id, [])) for t in created}
    return Escalations(functional=sum(functional.values()), hierarchical=sum(hierarchical.values()),
                       tickets=sum(1 for t in created if functional[t.id] or hierarchical[t.id]))


def _resolvers(resolved: list[Ticket], who: dict[int, str], levels: dict[int, list[HistoryEntry]],
               clocks: dict[int, dict[str, Clock]], calendar: BusinessCalendar | None) -> Resolvers:
    shares = Counter(who.values())
    sides = {"bot": [t for t in resolved if who[t.id] == BOT], "humans": [t for t in resolved if who[t.id] != BOT]}
    return Resolvers(resolved={name: _rate(shares[name], len(resolved)) for name in RESOLVERS},
                     first_contact={side: _first_contact(tickets, levels) for side, tickets in sides.items()},
                     resolution={side: _resolution(tickets, clocks, calendar) for side, tickets in sides.items()})


def _rate(count: int, total: int) -> Rate:
    return Rate(count=count, total=total, rate=ratio(count, total))


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return fmean(items) if items else None
