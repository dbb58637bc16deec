"""The supervisor: 75% warnings, breaches, escalation rules and keep-in-loop updates, each once."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from servicedesk.database import make_engine, make_session_factory, migrate, unit_of_work
from servicedesk.desk_rules import EscalationRule
from servicedesk.notifications.models import Notification
from servicedesk.sla.models import ClockEvent
from servicedesk.sla.supervisor import run_once
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.conftest import postgres_database
from tests.servicedesk.desk import Desk

OPENED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday 10:00 Paris
RULES = Desk([
    EscalationRule("warn the manager", "ttr_warning", "hierarchical", notify_client_contact=True),
    EscalationRule("experts on breach", "ttr_breach", "functional", to_group="Experts"),
])


def open_ticket(factory, impact=3, urgency=2) -> str:
    report = IncidentReport(service="SAP", description="SAP ne répond plus", impact=impact, urgency=urgency,
                            requester="u1", channel="rest", conversation_id="u1", language="fr")
    with unit_of_work(factory) as session:
        return open_incident(db_session=session, report=report, agreements=RULES, now=OPENED).number


def supervise(factory, now) -> list[str]:
    with unit_of_work(factory) as session:
        return run_once(db_session=session, rules=RULES, now=now)


def events(factory) -> list[tuple[str, str]]:
    with factory() as session:
        return [(n.event, n.audience) for n in session.scalars(select(Notification).order_by(Notification.id))]


def test_nothing_fires_before_its_time(session_factory) -> None:
    open_ticket(session_factory)
    assert supervise(session_factory, OPENED + timedelta(minutes=30)) == []


def test_warning_then_breach_each_once_with_their_escalations(session_factory) -> None:
    number = open_ticket(session_factory)  # P3: TTO 2 h, TTR 24 business hours, keep-in-loop 4 h
    wednesday_10h = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    fired = supervise(session_factory, wednesday_10h)
    assert f"{number}: SLA ttr warning (SLA Démo)" in fired
    assert f"{number}: SLA tto breach (SLA Démo)" in fired  # nobody took it in 2 hours
    assert f"{number}: manager of Service desk notified (warn the manager)" in fired
    assert supervise(session_factory, wednesday_10h + timedelta(minutes=5)) == []  # a restart fires nothing again

    fired = supervise(session_factory, datetime(2026, 12, 2, 15, 0, tzinfo=UTC))
    assert fired[:2] == [f"{number}: SLA ttr breach (SLA Démo)", f"{number}: escalated to Experts (experts on breach)"]
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert (ticket.group_name, ticket.level, ticket.escalated, ticket.status) == ("Experts", 3, True, "assigned")
        assert ticket.history[0].actor == "supervisor"
        kinds = sorted((e.kind) for e in session.scalars(select(ClockEvent)))
    assert kinds.count("breach") >= 2 and kinds.count("warning") >= 2
    notices = events(session_factory)
    assert ("sla_warning", "group") in notices and ("sla_breach", "group") in notices
    assert ("escalated", "manager") in notices
    assert ("escalated", "client_contact") not in notices  # only for P1


def test_p1_escalations_also_reach_the_clients_contact(session_factory) -> None:
    open_ticket(session_factory, impact=1, urgency=1)  # P1: TTR 4 h round the clock, warning at 3 h
    supervise(session_factory, OPENED + timedelta(hours=3, minutes=1))
    assert ("escalated", "client_contact") in events(session_factory)


def test_keep_in_loop_updates_the_requester_and_restarts(session_factory) -> None:
    number = open_ticket(session_factory, impact=3, urgency=4)  # P4: no TTO target
    fired = supervise(session_factory, OPENED + timedelta(hours=4, minutes=1))
    assert f"{number}: keep-in-loop update sent" in fired
    assert supervise(session_factory, OPENED + timedelta(hours=5)) == []  # restarted: next one in 4 business hours
    assert f"{number}: keep-in-loop update sent" in supervise(session_factory, OPENED + timedelta(days=1, hours=1))
    assert [e for e in events(session_factory) if e[0] == "keep_in_loop"] == [("keep_in_loop", "requester")] * 2


@pytest.mark.postgresql  # the server itself, without a PostgreSQL fixture to mark it
def test_two_supervisors_racing_on_postgresql_fire_each_event_once() -> None:
    """Production runs supervisors on PostgreSQL; the embedded SQLite set-up runs a single one."""
    with postgres_database() as url:
        migrate(url)
        engine = make_engine(url)
        try:
            race(make_session_factory(engine))
        finally:
            engine.dispose()


def race(factory) -> None:
    open_ticket(factory)
    barrier = threading.Barrier(2)
    results: list[list[str]] = []

    def supervisor() -> None:
        with unit_of_work(factory) as session:
            barrier.wait()
            results.append(run_once(db_session=session, rules=RULES, now=datetime(2026, 12, 2, 9, 0, tzinfo=UTC)))

    threads = [threading.Thread(target=supervisor) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    fired = [line for result in results for line in result]
    assert len(fired) == len(set(fired)) and fired
    with factory() as session:
        kinds = [(e.clock_id, e.kind) for e in session.scalars(select(ClockEvent))]
    assert len(kinds) == len(set(kinds))
