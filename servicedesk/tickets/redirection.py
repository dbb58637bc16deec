"""Work requests that are not IT support (HR, facilities, travel…): the user is redirected, and the
request is still recorded, as a ticket of origin "other" closed as redirected at once, so that reports
show how much of the desk's traffic belongs elsewhere without it waiting in any queue or clock."""

from collections.abc import Iterable

from sqlalchemy.orm import Session

from servicedesk.sla.policy import Agreements
from servicedesk.tickets import workflow
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, LogLine, open_ticket


def record_redirection(*, db_session: Session, report: IncidentReport, agreements: Agreements,
                       transcript: Iterable[LogLine] = ()) -> Ticket:
    if report.origin != "other":
        raise ValueError("only requests of origin 'other' are redirected")
    ticket = open_ticket(db_session=db_session, report=report, transcript=transcript)
    workflow.change_status(db_session=db_session, ticket=ticket, to=Status.CANCELLED, actor="relais",
                           agreements=agreements, reason="redirected: not an IT support request",
                           reason_code="redirected")
    return ticket
