"""A demo client's rules and its tickets for the articles' tests."""

from sqlalchemy.orm import Session

from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.resolution import resolve_ticket
from servicedesk.tickets.service import IncidentReport, open_incident

DESK = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))


def incident(session: Session, **fields: str) -> Ticket:
    report = {"service": "VPN", "description": "le VPN refuse de se connecter", "requester": "alice",
              "language": "fr", **fields}
    return open_incident(db_session=session, agreements=DESK, report=IncidentReport(
        impact=3, urgency=2, channel="rest", conversation_id="alice", **report))


def resolved(session: Session, solution: str = "MTU ramené à 1400", **fields: str) -> Ticket:
    ticket = incident(session, **fields)
    resolve_ticket(db_session=session, ticket=ticket, desk=DESK, actor="console:nadia", category="network",
                   cause_code="configuration", resolution_code="fixed", solution=solution)
    return ticket
