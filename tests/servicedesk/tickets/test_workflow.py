"""The workflow with its history, clocks and notices — on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.errors import IllegalTransition, MissingClosureCodes, ReopenWindowPassed, ServiceDeskError
from servicedesk.notifications.models import Notification
from servicedesk.sla.models import Clock
from servicedesk.tickets import workflow
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.servicedesk.desk import Desk

MONDAY_10H_PARIS = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
DESK = Desk()


def at(hours: float) -> datetime:
    return MONDAY_10H_PARIS + timedelta(hours=hours)


@pytest.fixture
def number(session_factory) -> str:
    report = IncidentReport(service="VPN", description="VPN coupe", impact=3, urgency=2, requester="u1",
                            channel="rest", conversation_id="u1", language="fr")  # P3
    with unit_of_work(session_factory) as session:
        return open_incident(db_session=session, report=report, agreements=DESK, now=at(0)).number


def clocks_of(session, ticket) -> dict[tuple[str, str], Clock]:
    return {(c.kind, c.metric): c for c in session.scalars(select(Clock).where(Clock.ticket_id == ticket.id))}


def act(session_factory, number, change, **kwargs):
    with unit_of_work(session_factory) as session:
        ticket = get_by_number(db_session=session, number=number)
        change(db_session=session, ticket=ticket, agreements=DESK, **kwargs)


def test_a_new_incident_runs_its_sla_clocks(session_factory, number) -> None:
    with session_factory() as session:
        clocks = clocks_of(session, get_by_number(db_session=session, number=number))
    assert set(clocks) == {("SLA", "tto"), ("SLA", "ttr"), ("SLA", "keep_in_loop")}
    assert clocks[("SLA", "tto")].deadline == at(2)  # P3: 2 business hours
    # 24 business hours from Monday 10:00 Paris (9-18): 8 h Monday, 9 h Tuesday, 7 h -> Wednesday 16:00 Paris
    assert clocks[("SLA", "ttr")].deadline == datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    assert clocks[("SLA", "ttr")].warn_at == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 18 h in: Wednesday 10:00


def test_every_change_is_in_the_history(session_factory, number) -> None:
    act(session_factory, number, workflow.assign, group="Infrastructure", level=2, actor="agent:lea",
        reason="network", now=at(1))
    act(session_factory, number, workflow.change_status, to="in_progress", actor="agent:lea", now=at(1.5))
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert [(h.actor, h.field, h.old, h.new) for h in ticket.history] == [
            ("agent:lea", "group", None, "Infrastructure"),
            ("agent:lea", "level", "1", "2"),
            ("agent:lea", "status", "new", "assigned"),
            ("agent:lea", "status", "assigned", "in_progress"),
        ]
        assert ticket.history[0].reason == "network" and ticket.history[0].at == at(1)
        clocks = clocks_of(session, ticket)
        assert clocks[("SLA", "tto")].stopped_at == at(1)  # owned within target: TTO met
        assert clocks[("OLA", "tto")].stopped_at == at(1.5)  # the group took it in hand
        assert clocks[("OLA", "ttr")].running_since == at(1)
        notices = session.scalars(select(Notification).order_by(Notification.id)).all()
        assert [(n.event, n.audience) for n in notices] == [
            ("status_changed", "requester"), ("assigned", "group"), ("status_changed", "requester")]


def test_pending_on_the_requester_pauses_ttr_and_keeps_time_spent(session_factory, number) -> None:
    act(session_factory, number, workflow.change_status, to="pending", pending_reason="requester",
        actor="agent:lea", now=at(2))
    with session_factory() as session:
        ttr = clocks_of(session, get_by_number(db_session=session, number=number))[("SLA", "ttr")]
        assert ttr.running_since is None and ttr.deadline is None and ttr.spent_seconds == 2 * 3600
    act(session_factory, number, workflow.change_status, to="in_progress", actor="agent:lea", now=at(5))
    with session_factory() as session:
        ttr = clocks_of(session, get_by_number(db_session=session, number=number))[("SLA", "ttr")]
        # 22 business hours left from Monday 15:00 Paris: 3 h Monday, 9 h Tuesday, 9 h Wednesday, 1 h Thursday
        assert ttr.deadline == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_pending_on_a_supplier_runs_its_uc_clock_only_then(session_factory, number) -> None:
    act(session_factory, number, workflow.change_status, to="pending", pending_reason="third_party",
        supplier="Orange", actor="agent:lea", now=at(1))
    act(session_factory, number, workflow.change_status, to="in_progress", actor="agent:lea", now=at(2))
    with session_factory() as session:
        clocks = clocks_of(session, get_by_number(db_session=session, number=number))
        uc = clocks[("UC", "ttr")]
        assert uc.running_since is None and uc.spent_seconds == 3600
        assert clocks[("SLA", "ttr")].running_since is not None  # TTR runs while a supplier works


def test_resolution_needs_codes_then_closing_stops_everything(session_factory, number) -> None:
    with pytest.raises(MissingClosureCodes) as missing:
        act(session_factory, number, workflow.resolve, actor="agent:lea", category="network", cause_code=None,
            resolution_code="fixed", solution=" ")
    assert missing.value.missing == ["cause_code", "solution"]
    with pytest.raises(ServiceDeskError):
        act(session_factory, number, workflow.resolve, actor="agent:lea", category="nope", cause_code="bug",
            resolution_code="fixed", solution="x")
    act(session_factory, number, workflow.resolve, actor="agent:lea", category="network", cause_code="config",
        resolution_code="fixed", solution="Profil VPN recréé", now=at(3))
    act(session_factory, number, workflow.close, actor="u1", by="requester", now=at(4))
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert (ticket.status, ticket.closed_by, ticket.resolution_code) == ("closed", "requester", "fixed")
        assert all(c.stopped_at is not None for c in clocks_of(session, ticket).values())
        events = [n.event for n in session.scalars(select(Notification).order_by(Notification.id))]
        assert events[-3:] == ["closure_request", "status_changed", "satisfaction_request"]
    act(session_factory, number, lambda **kw: workflow.rate(db_session=kw["db_session"], ticket=kw["ticket"],
                                                            rating=4, comment="rapide", actor="u1"))
    with session_factory() as session:
        assert get_by_number(db_session=session, number=number).satisfaction_rating == 4


def test_refusing_the_solution_and_reopening_count(session_factory, number) -> None:
    codes = dict(category="network", cause_code="config", resolution_code="fixed", solution="ok")
    act(session_factory, number, workflow.resolve, actor="agent:lea", now=at(1), **codes)
    act(session_factory, number, workflow.refuse_solution, actor="u1", now=at(2))
    act(session_factory, number, workflow.resolve, actor="agent:lea", now=at(3), **codes)
    act(session_factory, number, workflow.close, actor="u1", by="requester", now=at(4))
    act(session_factory, number, workflow.reopen, actor="u1", now=at(4) + timedelta(days=9))
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert (ticket.status, ticket.reopen_count, ticket.closed_at) == ("in_progress", 2, None)
    act(session_factory, number, workflow.resolve, actor="agent:lea", now=at(300), **codes)
    act(session_factory, number, workflow.close, actor="u1", by="auto", now=at(301))
    with pytest.raises(ReopenWindowPassed):
        act(session_factory, number, workflow.reopen, actor="u1", now=at(301) + timedelta(days=11))


def test_an_illegal_transition_changes_nothing(session_factory, number) -> None:
    with pytest.raises(IllegalTransition):
        act(session_factory, number, workflow.change_status, to="closed", actor="agent:lea", now=at(1))
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert ticket.status == "new" and ticket.history == []
        assert session.scalars(select(Notification)).all() == []


def test_a_new_priority_retargets_clocks_and_keeps_time_spent(session_factory, number) -> None:
    act(session_factory, number, workflow.set_priority, impact=1, urgency=1, actor="agent:lea", now=at(1))
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert ticket.priority == "P1" and ticket.history[-1].field == "priority"
        ttr = clocks_of(session, ticket)[("SLA", "ttr")]
        # Same agreement, P1 target (4 h, round the clock); the business hour already spent is kept.
        assert (ttr.target_seconds, ttr.calendar, ttr.spent_seconds) == (4 * 3600, "24x7", 3600)
        assert ttr.deadline == at(1) + timedelta(hours=3)


def test_resolving_at_first_contact_meets_time_to_own(session_factory, number) -> None:
    act(session_factory, number, workflow.resolve, actor="relais", category="network", cause_code="config",
        resolution_code="fixed", solution="redémarrage", now=at(0.5))
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert ticket.owned_at == at(0.5)
        assert clocks_of(session, ticket)[("SLA", "tto")].stopped_at == at(0.5)
