"""Opening a major or a security incident at once (DESIGN.md, "Triage at once"): such incidents skip the questions
and go straight to the people who can act, with the priority, the flags and the records they call for.

A security incident goes to the client's security group, P1 when it can spread or has already leaked (ransomware,
a takeover, data sent out, anything affecting many), P2 otherwise. A major incident goes to the service's level-2
group, P1 or P2, with its problem ticket opened at once and an announcement offered to the service desk (a person
decides whether to publish it); the next users who report the same thing join it and are told it is known.

Like servicedesk.tickets.service, these take the caller's session and never commit. The incidents they open are
linked to their problem already, so servicedesk.problems.check_incident, run after any opening, leaves them alone.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk import escalation, problems
from servicedesk.errors import InvalidQualification
from servicedesk.level1.signs import SECURITY_KINDS
from servicedesk.models import utcnow
from servicedesk.notifications.service import notify
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets import workflow
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, LogLine, add_log, open_ticket

ACTOR = "relais"
MAJOR_WINDOW = timedelta(hours=24)  # a major incident on the same service this recent is the same one
_SPREADING = ("ransomware", "account_takeover", "data_leak")  # P1 even for one person


@dataclass(frozen=True)
class Triaged:
    ticket: Ticket  # the user's ticket
    problem: Ticket | None  # the problem ticket (major)
    known: bool  # it joined an open major incident on the same service: the user is told it is known
    group: str  # the group it went to


def security_rating(kind: str, impact: int, urgency: int) -> tuple[int, int]:
    """Impact and urgency that rate a security incident P1 (it spreads, or affects many) or P2, never lower
    than the report: it is always blocking, and a spreading kind is never one person's alone."""
    if kind in _SPREADING or impact <= 2:
        return min(impact, 2), 1
    return impact, 1


def major_rating(impact: int, urgency: int) -> tuple[int, int]:
    """Impact and urgency that rate a major incident P1 or P2: a team or more is the whole site's, and one
    person's report of a critical service down stands for a team; urgency is at least high."""
    return (1 if impact <= 2 else 2), min(urgency, 2)


def open_security_incident(*, db_session: Session, report: IncidentReport, kind: str, desk: ClientDesk,
                           transcript: Iterable[LogLine] = (), now: datetime | None = None) -> Triaged:
    """Open a security incident and give it to the client's security group at once (InvalidQualification for a
    kind outside SECURITY_KINDS)."""
    if kind not in SECURITY_KINDS:
        raise InvalidQualification("not_a_security_kind", kind, tuple(SECURITY_KINDS))
    now = now or utcnow()
    impact, urgency = security_rating(kind, report.impact, report.urgency)
    ticket = open_ticket(db_session=db_session, report=replace(report, origin="incident", impact=impact,
                                                               urgency=urgency),
                         transcript=transcript, agreements=desk, now=now)
    why = f"security incident: {kind}"
    add_log(db_session=db_session, ticket=ticket, line=LogLine("system", ACTOR, why, now), kind="triage")
    workflow.record(db_session=db_session, ticket=ticket, actor=ACTOR, field="security", old=None, new=kind,
                    reason=why, now=now)
    escalation.functional(db_session=db_session, ticket=ticket, group=desk.security_group, rules=desk, actor=ACTOR,
                          reason=why, reason_code="security_incident", now=now)
    db_session.flush()
    return Triaged(ticket=ticket, problem=None, known=False, group=desk.security_group)


def open_major_incident(*, db_session: Session, report: IncidentReport, desk: ClientDesk,
                        transcript: Iterable[LogLine] = (), now: datetime | None = None) -> Triaged:
    """Open a major incident with its problem and an announcement offer, or join the one already open on the
    same service."""
    now = now or utcnow()
    ongoing = ongoing_major(db_session=db_session, service=report.service, now=now)
    if ongoing is not None:
        return _join(db_session, report, ongoing, desk, transcript, now)
    impact, urgency = major_rating(report.impact, report.urgency)
    ticket = _open_major(db_session, report, impact, urgency, desk, transcript, "major incident", now)
    group = desk.level2_group_for(ticket.service) or desk.default_group
    escalation.functional(db_session=db_session, ticket=ticket, group=group, rules=desk, actor=ACTOR,
                          reason="major incident", reason_code="major_incident", now=now)
    problem = problems.open_problem(db_session=db_session, title=f"Major: {ticket.title}", service=ticket.service,
                                    description=ticket.description, actor=ACTOR, incidents=[ticket], now=now)
    notify(db_session=db_session, dedup_key=f"announcement_offer:{ticket.id}", event="announcement_offer",
           audience="group", recipient=desk.default_group, ticket_id=ticket.id, language=ticket.language,
           payload={"number": ticket.number, "problem": problem.number, "service": ticket.service,
                    "title": ticket.title, "language": ticket.language})
    db_session.flush()
    return Triaged(ticket=ticket, problem=problem, known=False, group=group)


def ongoing_major(*, db_session: Session, service: str, now: datetime | None = None) -> Ticket | None:
    """The first major incident still open on this service, opened within MAJOR_WINDOW."""
    since = (now or utcnow()) - MAJOR_WINDOW
    return db_session.scalar(
        select(Ticket).where(Ticket.major.is_(True), Ticket.type == "incident", Ticket.service == service,
                             Ticket.status.in_([s.value for s in OPEN]), Ticket.created_at >= since)
        .order_by(Ticket.id).limit(1))


def _join(db_session: Session, report: IncidentReport, ongoing: Ticket, desk: ClientDesk,
          transcript: Iterable[LogLine], now: datetime) -> Triaged:
    """This user's incident, major too, under the ongoing one's problem and with its group."""
    problem = db_session.get(Ticket, ongoing.problem_id) if ongoing.problem_id is not None else None
    if problem is None:
        problem = problems.open_problem(db_session=db_session, title=f"Major: {ongoing.title}",
                                        service=ongoing.service, description=ongoing.description, actor=ACTOR,
                                        incidents=[ongoing], now=now)
    why = f"known major incident {ongoing.number} (problem {problem.number})"
    ticket = _open_major(db_session, report, min(report.impact, ongoing.impact), min(report.urgency, ongoing.urgency),
                         desk, transcript, why, now)
    problems.link(db_session=db_session, incident=ticket, problem=problem, actor=ACTOR, now=now)
    group = ongoing.group_name or desk.level2_group_for(ticket.service) or desk.default_group
    escalation.functional(db_session=db_session, ticket=ticket, group=group, rules=desk, actor=ACTOR, reason=why,
                          reason_code="major_incident_known", now=now)
    db_session.flush()
    return Triaged(ticket=ticket, problem=problem, known=True, group=group)


def _open_major(db_session: Session, report: IncidentReport, impact: int, urgency: int, desk: ClientDesk,
                transcript: Iterable[LogLine], why: str, now: datetime) -> Ticket:
    ticket = open_ticket(db_session=db_session, report=replace(report, origin="incident", impact=impact,
                                                               urgency=urgency),
                         transcript=transcript, agreements=desk, now=now)
    workflow.set_priority(db_session=db_session, ticket=ticket, impact=impact, urgency=urgency, actor=ACTOR,
                          agreements=desk, major=True, reason=why, now=now)
    add_log(db_session=db_session, ticket=ticket, line=LogLine("system", ACTOR, why, now), kind="triage")
    return ticket
