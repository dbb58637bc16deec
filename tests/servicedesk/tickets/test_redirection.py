"""Recording a redirected request, and the evidence a request arrives with."""

from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.tickets.redirection import record_redirection
from servicedesk.tickets.service import IncidentReport, open_incident

DESK = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))


def test_a_redirected_request_is_recorded_and_closed_at_once(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        report = IncidentReport(service="", description="ça ne marche pas", impact=3, urgency=3, requester="alice",
                                channel="rest", conversation_id="alice", language="fr", origin="other")
        ticket = record_redirection(db_session=session, report=report, agreements=DESK)
        assert (ticket.origin, ticket.type, ticket.status) == ("other", "service_request", "cancelled")
        assert ticket.number.startswith("REQ-")
        assert [h.reason for h in ticket.history if h.field == "status"] == [
            "redirected: not an IT support request"]
        told = session.scalars(select(Notification).where(Notification.event == "status_changed")).one()
        assert told.payload["reason_code"] == "redirected"  # the requester's notice words it in their language


def test_evidence_is_attached_as_links_or_paths(session_factory) -> None:
    evidence = ("https://share.example/screen.png", r"C:\logs\vpn.log")
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, agreements=DESK, report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester="alice", channel="rest",
            conversation_id="alice", language="fr", steps_to_reproduce="je lance le VPN", device="portable, Lyon",
            evidence=evidence))
        number = ticket.number
    with session_factory() as session:
        from servicedesk.tickets.service import get_by_number
        ticket = get_by_number(db_session=session, number=number)
        assert [(a.kind, a.reference, a.name) for a in ticket.attachments] == [
            ("link", evidence[0], "screen.png"), ("path", evidence[1], evidence[1])]
        assert (ticket.steps_to_reproduce, ticket.device) == ("je lance le VPN", "portable, Lyon")
