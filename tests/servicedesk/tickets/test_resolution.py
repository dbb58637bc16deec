"""Resolving by any path is one use case: the coded fields checked, the requester asked to confirm, and the lesson
the client's KB should learn returned for the adapter to feed once committed."""

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.errors import MissingClosureCodes
from servicedesk.notifications.models import Notification
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.tickets.kb_resolution import KnownFix, resolve_with_known_fix
from servicedesk.tickets.resolution import resolve_ticket
from servicedesk.tickets.service import IncidentReport, open_incident

DESK = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))


def incident(session):
    return open_incident(db_session=session, agreements=DESK, report=IncidentReport(
        service="VPN", description="le VPN refuse de se connecter", impact=3, urgency=2, requester="alice",
        channel="rest", conversation_id="alice", language="fr"))


def test_resolving_returns_the_lesson_for_the_kb_and_asks_the_requester(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        lesson = resolve_ticket(db_session=session, ticket=ticket, desk=DESK, actor="nadia", category="network",
                                cause_code="configuration", resolution_code="fixed", solution="MTU ramené à 1400")
        assert ticket.status == "resolved"
        assert lesson == {"number": ticket.number, "title": ticket.title, "description": "le VPN refuse de se "
                          "connecter", "solution": "MTU ramené à 1400", "resolution_code": "fixed", "language": "fr"}
        events = {n.event for n in session.scalars(select(Notification).where(Notification.ticket_id == ticket.id))}
        assert "closure_request" in events


def test_resolving_without_the_codes_changes_nothing(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        with pytest.raises(MissingClosureCodes):
            resolve_ticket(db_session=session, ticket=ticket, desk=DESK, actor="nadia", category="network",
                           cause_code="", resolution_code="fixed", solution="MTU ramené à 1400")
        assert ticket.status == "new"


def test_a_known_fix_goes_through_the_same_use_case(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        lesson = resolve_with_known_fix(db_session=session, ticket=ticket, desk=DESK, actor="alice",
                                        fix=KnownFix("vpn-01", "GlobalProtect ne se connecte pas"))
        assert (lesson["number"], lesson["resolution_code"]) == (ticket.number, "known_fix_applied")
        assert lesson["solution"] == "GlobalProtect ne se connecte pas — kb:vpn-01"
