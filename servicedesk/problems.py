"""Problems behind incidents (DESIGN.md step 4): a major incident, or a series of similar ones,
gets a problem ticket; incidents link to it; a known error found on the problem is offered to every
incident still open under it."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.models import utcnow
from servicedesk.notifications.service import notify
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.numbering import format_number
from servicedesk.tickets.workflow import record


@dataclass(frozen=True)
class ProblemRules:
    recurrence_count: int = 3  # K similar incidents ...
    recurrence_window_days: int = 7  # ... within this many days
    major_priorities: tuple[str, ...] = ("P1",)
    text_similarity: float = 0.6  # share of common words that makes two descriptions "the same problem"


def open_problem(*, db_session: Session, title: str, service: str, description: str, actor: str,
                 incidents: list[Ticket], now: datetime | None = None) -> Ticket:
    """A problem ticket, with the incidents behind it linked and the link in their history."""
    now = now or utcnow()
    first = incidents[0]
    problem = Ticket(type="problem", origin="problem", status="new", priority=min(i.priority for i in incidents),
                     impact=min(i.impact for i in incidents), urgency=min(i.urgency for i in incidents),
                     title=title[:200], service=service, description=description, requester=actor,
                     channel="internal", conversation_id=f"problem:{first.id}", language=first.language,
                     created_at=now)
    db_session.add(problem)
    db_session.flush()
    problem.number = format_number("problem", problem.id)
    for incident in incidents:
        link(db_session=db_session, incident=incident, problem=problem, actor=actor, now=now)
    return problem


def link(*, db_session: Session, incident: Ticket, problem: Ticket, actor: str, now: datetime | None = None) -> None:
    if incident.problem_id == problem.id:
        return
    record(db_session=db_session, ticket=incident, actor=actor, field="problem", old=None, new=problem.number,
           now=now)
    incident.problem_id = problem.id


# How-to questions are handled as incidents but say nothing is broken: they never make or join a problem.
_NOT_FAILURES = ("assistance",)


def check_incident(*, db_session: Session, incident: Ticket, rules: ProblemRules, actor: str = "relais",
                   now: datetime | None = None) -> Ticket | None:
    """Open (or join) the problem an incident calls for; None when it calls for none yet."""
    now = now or utcnow()
    if incident.type != "incident" or incident.origin in _NOT_FAILURES or incident.problem_id is not None:
        return None
    similar = _similar_recent(db_session, incident, rules, now)
    existing = next((i.problem_id for i in similar if i.problem_id is not None), None)
    if existing is not None:
        problem = db_session.get_one(Ticket, existing)
        link(db_session=db_session, incident=incident, problem=problem, actor=actor, now=now)
        return problem
    if incident.major or incident.priority in rules.major_priorities:
        return open_problem(db_session=db_session, title=f"Major: {incident.title}", service=incident.service,
                            description=incident.description, actor=actor, incidents=[incident], now=now)
    if len(similar) + 1 >= rules.recurrence_count:
        incidents = [*similar, incident]
        return open_problem(db_session=db_session, title=f"Recurring: {incident.service} ({len(incidents)} incidents)",
                            service=incident.service, description="\n".join(i.title for i in incidents),
                            actor=actor, incidents=incidents, now=now)
    return None


def offer_known_error(*, db_session: Session, problem: Ticket, workaround: str, actor: str) -> list[Ticket]:
    """The problem's known error reaches every open incident linked to it (logged, and the requester told)."""
    incidents = list(db_session.scalars(select(Ticket).where(Ticket.problem_id == problem.id,
                                                              Ticket.status.in_([s.value for s in OPEN]))))
    for incident in incidents:
        record(db_session=db_session, ticket=incident, actor=actor, field="known_error", old=None,
               new=problem.number, reason=workaround)
        notify(db_session=db_session, dedup_key=f"known_error:{problem.id}:{incident.id}", event="known_error",
               audience="requester", recipient=incident.requester, ticket_id=incident.id, channel=incident.channel,
               language=incident.language, payload={"number": incident.number, "problem": problem.number,
                                                    "workaround": workaround})
    return incidents


def _similar_recent(db_session: Session, incident: Ticket, rules: ProblemRules, now: datetime) -> list[Ticket]:
    """Other incidents in the window on the same service (same category too once both are coded), or
    whose description says the same thing in other words (most of their words in common)."""
    since = now - timedelta(days=rules.recurrence_window_days)
    query = select(Ticket).where(Ticket.type == "incident", Ticket.origin.not_in(_NOT_FAILURES),
                                 Ticket.id != incident.id, Ticket.created_at >= since)
    words = _words(incident.description)
    similar = []
    for other in db_session.scalars(query.order_by(Ticket.id)):
        same_service = other.service == incident.service and (
            not incident.category or not other.category or other.category == incident.category)
        if same_service or _overlap(words, _words(other.description)) >= rules.text_similarity:
            similar.append(other)
    return similar


def _words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return {w for w in re.findall(r"[a-z0-9]{3,}", plain)}


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
