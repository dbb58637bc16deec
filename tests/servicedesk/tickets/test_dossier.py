"""What the ticket page reads of a ticket: its clocks, its problem and the known errors offered under it, the KB
fixes tried, a problem's incidents — on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest

from servicedesk.database import unit_of_work
from servicedesk.errors import TicketNotFound
from servicedesk.problems import offer_known_error, open_problem
from servicedesk.tickets import dossier
from servicedesk.tickets.kb_resolution import KnownFix, record_failed_fixes
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.servicedesk.desk import Desk

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
DESK = Desk()


def test_a_ticket_with_its_problem_known_error_and_kb_fixes_tried(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="VPN coupe", impact=3, urgency=2, requester="u1", channel="webchat",
            conversation_id="u1", language="fr"), agreements=DESK, now=NOW)
        record_failed_fixes(db_session=session, ticket=ticket, actor="u1",
                            tried=[KnownFix("kb-7", "Reconnect the VPN"), KnownFix("kb-9", "Update the client")])
        problem = open_problem(db_session=session, title="VPN", service="VPN", description="drops", actor="relais",
                               incidents=[ticket], now=NOW)
        offer_known_error(db_session=session, problem=problem, workaround="use the web portal", actor="lea")
        number, problem_number = ticket.number, problem.number

    with session_factory() as session:
        read = dossier.read(db_session=session, number=number, agreements=DESK, now=NOW)
        assert read.problem is not None and read.problem.number == problem_number
        assert [(e.new, e.reason) for e in read.known_errors] == [(problem_number, "use the web portal")]
        assert [e.body for e in read.tried] == ["tried without success: Reconnect the VPN (kb-7); Update the client "
                                                "(kb-9)"]
        assert [e.kind for e in read.conversation] == ["created"]  # the KB attempts are shown apart
        assert [(c.kind, c.metric) for c in read.clocks] == [("SLA", "tto"), ("SLA", "ttr"), ("SLA", "keep_in_loop")]
        under = dossier.read(db_session=session, number=problem_number, agreements=None, now=NOW)
        assert [i.number for i in under.incidents] == [number] and under.clocks == []
        with pytest.raises(TicketNotFound):
            dossier.read(db_session=session, number="INC-999999", agreements=DESK, now=NOW)
