"""Where a ticket's clocks stand, as the agents' screens show them: time left in business time, paused while the
ticket waits on its requester, amber from 75 %, missed once past the target, met once stopped."""

from datetime import UTC, datetime, timedelta

from servicedesk.database import unit_of_work
from servicedesk.sla.clock_state import ClockRun, clock_states
from servicedesk.tickets import workflow
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.servicedesk.desk import Desk

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday, 10:00 in Paris; office hours 9-18
DESK = Desk()
H = timedelta(hours=1)


def states(session, ticket, now):
    return {(s.kind, s.metric): s for s in clock_states(db_session=session, ticket_id=ticket.id, agreements=DESK,
                                                        now=now)}


def test_time_left_is_business_time_and_a_pause_stops_it(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="VPN coupe", impact=3, urgency=2, requester="u1", channel="rest",
            conversation_id="u1", language="fr"), agreements=DESK, now=NOW)  # P3: TTO 2 h, TTR 24 h
        order = [(s.kind, s.metric) for s in clock_states(db_session=session, ticket_id=ticket.id, agreements=DESK,
                                                         now=NOW)]
        assert order == [("SLA", "tto"), ("SLA", "ttr"), ("SLA", "keep_in_loop")]

        first = states(session, ticket, NOW + 1.5 * H)
        tto = first[("SLA", "tto")]
        assert (tto.run, tto.left, tto.warning, tto.breached) == (ClockRun.RUNNING, 0.5 * H, True, False)
        assert tto.deadline == NOW + 2 * H and tto.agreement == "SLA Démo" and tto.party is None

        evening = states(session, ticket, datetime(2026, 11, 30, 22, 0, tzinfo=UTC))  # 23:00 Paris: closed since 18:00
        assert evening[("SLA", "ttr")].left == 24 * H - 8 * H
        assert evening[("SLA", "tto")].breached and evening[("SLA", "tto")].left == -6 * H

        workflow.change_status(db_session=session, ticket=ticket, to="in_progress", actor="a", agreements=DESK,
                               now=NOW + 3 * H)
        workflow.change_status(db_session=session, ticket=ticket, to="pending", pending_reason="requester", actor="a",
                               agreements=DESK, now=NOW + 3 * H)
        later = states(session, ticket, NOW + 6 * H)
        ttr, tto = later[("SLA", "ttr")], later[("SLA", "tto")]
        assert (ttr.run, ttr.left, ttr.deadline) == (ClockRun.PAUSED, 21 * H, None)
        assert (tto.run, tto.left, tto.breached) == (ClockRun.STOPPED, -1 * H, True)  # owned an hour late
