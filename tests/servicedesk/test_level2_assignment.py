"""Handing a ticket to level 2: the service's group, flagged."""

from servicedesk.database import unit_of_work
from servicedesk.level2_assignment import to_level2
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.tickets.service import IncidentReport, open_incident

DESK = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))


def report(service: str) -> IncidentReport:
    return IncidentReport(service=service, description="ça ne marche pas", impact=3, urgency=3, requester="alice",
                          channel="rest", conversation_id="alice", language="fr")


def test_a_handoff_goes_to_the_level2_group_of_the_service(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, report=report("VPN"), agreements=DESK)
        done = to_level2(db_session=session, ticket=ticket, desk=DESK, actor="alice", reason="wants a person")
        assert (done.number, done.group) == (ticket.number, "Infrastructure")
        assert (ticket.group_name, ticket.level, ticket.escalated, ticket.status) == ("Infrastructure", 2, True,
                                                                                      "assigned")
        assert done.deadline is not None


def test_a_service_without_a_group_goes_to_the_first_level2_group(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, report=report("Badge"), agreements=DESK)
        assert to_level2(db_session=session, ticket=ticket, desk=DESK, actor="alice",
                         reason="wants a person").group == "Infrastructure"
