"""A week of a small desk, driven through the real workflow at fixed moments, for the report tests.

The period is Monday 2 to Sunday 8 November 2026 (Paris is UTC+1 all month; the desk works 9:00-18:00
Paris, 8:00-17:00 UTC). Each ticket's comment says what it is there to prove.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from servicedesk import escalation, problems
from servicedesk.database import unit_of_work
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.servicedesk.desk import Desk

DESK = Desk()
START = datetime(2026, 11, 2, tzinfo=UTC)
END = datetime(2026, 11, 9, tzinfo=UTC)
NOW = datetime(2026, 11, 20, tzinfo=UTC)  # the report is run later: the period is over
MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # 9:00 in Paris
H = 3600
P2, P3, P4 = (3, 1), (3, 2), (3, 4)  # (impact, urgency)
CODES = dict(category="software", cause_code="config", resolution_code="fixed", solution="Profil recréé")


def at(hours: float) -> datetime:
    return MONDAY + timedelta(hours=hours)


def day(month: int, date: int, hour: float) -> datetime:
    return datetime(2026, month, date, tzinfo=UTC) + timedelta(hours=hour)


class Week:
    """Opens and moves the tickets; each step is its own transaction, as in production."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def open(self, service: str, rating: tuple[int, int], created: datetime, origin: str = "incident") -> str:
        impact, urgency = rating
        report = IncidentReport(service=service, description=f"{service} ne marche plus", impact=impact,
                                urgency=urgency, requester="marie@client.example", channel="rest",
                                conversation_id=f"conv-{service}-{created.isoformat()}", language="fr", origin=origin)
        with unit_of_work(self.session_factory) as session:
            ticket = open_incident(db_session=session, report=report, agreements=DESK, now=created)
            ticket.created_at = created  # open_incident takes `now` for the clocks only
            return ticket.number

    def on(self, number: str, change: Callable[[Session, Ticket], object]) -> None:
        with unit_of_work(self.session_factory) as session:
            change(session, get_by_number(db_session=session, number=number))

    def assign(self, number: str, when: datetime, group: str = "Service desk", level: int = 1) -> None:
        self.on(number, lambda s, t: workflow.assign(db_session=s, ticket=t, group=group, level=level,
                                                     actor="agent:lea", agreements=DESK, now=when))

    def status(self, number: str, to: str, when: datetime, **kwargs: str) -> None:
        self.on(number, lambda s, t: workflow.change_status(db_session=s, ticket=t, to=to, actor="agent:lea",
                                                            agreements=DESK, now=when, **kwargs))

    def resolve(self, number: str, when: datetime) -> None:
        self.on(number, lambda s, t: workflow.resolve(db_session=s, ticket=t, actor="agent:lea", agreements=DESK,
                                                      now=when, **CODES))

    def close(self, number: str, when: datetime, rating: int | None = None) -> None:
        self.on(number, lambda s, t: workflow.close(db_session=s, ticket=t, actor="marie@client.example",
                                                    by="requester", agreements=DESK, now=when))
        if rating is not None:
            self.on(number, lambda s, t: workflow.rate(db_session=s, ticket=t, rating=rating, comment="",
                                                       actor="marie@client.example"))


def build(session_factory: sessionmaker[Session]) -> dict[str, str]:
    """The week's tickets, by letter -> number."""
    week, n = Week(session_factory), {}
    # Before the period. G: still assigned at the end (backlog, over 7 days old).
    n["G"] = week.open("VPN", P3, day(10, 28, 8))
    week.assign(n["G"], day(10, 28, 8.5))
    # H: opened before the period, resolved in it (19 business hours, 97 h wall clock): counts as resolved.
    n["H"] = week.open("Excel", P3, day(10, 30, 8))
    week.assign(n["H"], day(10, 30, 9))
    week.resolve(n["H"], day(11, 3, 9))

    # A: resolved by level 1 during the first contact, never assigned; closed within its time to own.
    n["A"] = week.open("Outlook", P3, at(0))
    week.resolve(n["A"], at(1))
    week.close(n["A"], at(1.5), rating=5)
    # B: two hours pending on the requester: 3 h of SLA time to resolve, 5 h wall clock.
    n["B"] = week.open("VPN", P3, at(1))
    week.assign(n["B"], at(1.5))
    week.status(n["B"], "in_progress", at(2))
    week.status(n["B"], "pending", at(3), pending_reason="requester")
    week.status(n["B"], "in_progress", at(5))
    week.resolve(n["B"], at(6))
    week.close(n["B"], at(7), rating=4)
    # C: escalated to level 2 (functional) and to the manager (hierarchical); a problem opens behind it.
    n["C"] = week.open("SAP", P2, at(0))
    week.on(n["C"], lambda s, t: escalation.functional(db_session=s, ticket=t, group="Infrastructure", rules=DESK,
                                                       actor="agent:lea", reason="needs an SAP admin", now=at(0.25)))
    week.status(n["C"], "in_progress", at(0.5))
    week.on(n["C"], lambda s, t: escalation.hierarchical(db_session=s, ticket=t, rules=DESK, actor="agent:lea",
                                                         reason="users blocked", now=at(3)))
    week.resolve(n["C"], at(4))
    week.close(n["C"], at(5), rating=2)
    # D: solution refused, then resolved on Thursday after 25 business hours: the one SLA breach (P3: 24 h).
    n["D"] = week.open("Outlook", P3, at(2))
    week.assign(n["D"], at(2.5))
    week.resolve(n["D"], at(3))
    week.on(n["D"], lambda s, t: workflow.refuse_solution(db_session=s, ticket=t, actor="marie@client.example",
                                                          agreements=DESK, now=at(4)))
    week.resolve(n["D"], day(11, 5, 9))
    # E: P4 (no time-to-own target), waiting on a supplier at the end.
    n["E"] = week.open("Printing", P4, at(3))
    week.assign(n["E"], at(4))
    week.status(n["E"], "pending", day(11, 3, 9), pending_reason="third_party", supplier="Orange")
    # P: the problem behind C, new at the end.
    with unit_of_work(session_factory) as session:
        incident = get_by_number(db_session=session, number=n["C"])
        n["P"] = problems.open_problem(db_session=session, title="SAP lent", service="SAP", description="SAP lent",
                                       actor="agent:lea", incidents=[incident], now=day(11, 3, 10)).number
    # J: an assistance request, cancelled half an hour later.
    n["J"] = week.open("Outlook", P3, day(11, 3, 8), origin="assistance")
    week.status(n["J"], "cancelled", day(11, 3, 8.5))
    # I: in progress at the end of the period, resolved, closed and rated after it.
    n["I"] = week.open("Wi-Fi", P3, day(11, 5, 8))
    week.assign(n["I"], day(11, 5, 9))
    week.status(n["I"], "in_progress", day(11, 5, 10))
    week.resolve(n["I"], day(11, 10, 9))
    week.close(n["I"], day(11, 10, 10), rating=4)
    # K: never taken: its time to own ran out on Friday 10:00 UTC and no supervisor recorded it.
    n["K"] = week.open("VPN", P3, day(11, 6, 8))
    # F: opened on Sunday night: its time to own has not started to count at the end of the period.
    n["F"] = week.open("Teams", P3, day(11, 8, 20))
    return n
