"""What follows the opening of an incident, whatever door it came through: the client's priority
escalation rules, then the problem check (a major incident, or one of a series)."""

from sqlalchemy.orm import Session

from servicedesk import escalation, problems
from servicedesk.models import utcnow
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets.models import Ticket


def after_opening(*, db_session: Session, ticket: Ticket, desk: ClientDesk) -> list[str]:
    now = utcnow()
    done = escalation.apply_rules(db_session=db_session, ticket=ticket, trigger="priority", rules=desk, now=now,
                                  actor="relais")
    problem = problems.check_incident(db_session=db_session, incident=ticket, rules=desk.problem_rules, now=now)
    if problem is not None:
        done.append(f"{ticket.number}: linked to problem {problem.number}")
    return done
