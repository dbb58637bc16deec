"""A known fix from the KB that worked: resolved with the coded fields, the article linked, closed by the
requester who confirmed it, satisfaction asked."""

from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.tickets.kb_resolution import KnownFix, record_failed_fixes, resolve_with_known_fix
from servicedesk.tickets.service import IncidentReport, open_incident

DESK = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))
FIX = KnownFix("vpn-globalprotect-echec-connexion", "GlobalProtect ne se connecte pas",
               "https://kb.demo-industrie.example/articles/vpn-globalprotect-echec-connexion")


def incident(session, service: str = "VPN"):
    return open_incident(db_session=session, agreements=DESK, report=IncidentReport(
        service=service, description="le VPN refuse de se connecter", impact=3, urgency=2, requester="alice",
        channel="rest", conversation_id="alice", language="fr"))


def test_a_known_fix_resolves_and_closes_with_the_article_linked(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        resolve_with_known_fix(db_session=session, ticket=ticket, fix=FIX, desk=DESK, actor="alice")
        assert (ticket.status, ticket.closed_by, ticket.resolution_code, ticket.category, ticket.cause_code) == (
            "closed", "requester", "known_fix_applied", "network", "unknown")
        assert FIX.link in ticket.solution
        assert [(a.kind, a.reference) for a in ticket.attachments] == [("kb", FIX.link)]
        events = {n.event for n in session.scalars(select(Notification).where(Notification.ticket_id == ticket.id))}
        assert "satisfaction_request" in events


def test_a_workaround_is_coded_as_such_and_a_service_without_category_falls_back(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session, service="Logiciel maison")
        resolve_with_known_fix(db_session=session, ticket=ticket, desk=DESK, actor="alice",
                               fix=KnownFix("ke-sap", "SAP: connexion perdue", workaround=True))
        assert (ticket.resolution_code, ticket.category) == ("workaround", "software")
        assert ticket.attachments[0].reference == "kb:ke-sap"


def test_failed_fixes_are_written_on_the_ticket(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        record_failed_fixes(db_session=session, ticket=ticket, tried=[FIX], actor="alice")
        assert ticket.log[-1].body == f"tried without success: {FIX.title} ({FIX.doc_id})"
