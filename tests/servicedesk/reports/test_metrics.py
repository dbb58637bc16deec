"""Every figure of the report, exactly, on a week driven through the real workflow — SQLite and PostgreSQL."""

import json
from datetime import UTC, datetime

import pytest

from servicedesk.database import unit_of_work
from servicedesk.reports.metrics import compute
from servicedesk.reports.render import to_json
from servicedesk.reports.report import Backlog, Compliance, Escalations, Rate, Report, Satisfaction
from servicedesk.sla.supervisor import run_once
from servicedesk.tickets import workflow
from tests.servicedesk.desk import OFFICE
from tests.servicedesk.reports.dataset import CODES, DESK, END, NOW, P2, P4, START, H, Week, at, build, day


@pytest.fixture
def report(session_factory) -> Report:
    build(session_factory)
    with session_factory() as session:
        return compute(db_session=session, start=START, end=END, calendar=OFFICE, now=NOW)


def test_volumes_count_tickets_created_in_the_period(report) -> None:
    volumes = report.volumes
    assert volumes.total == 10  # G and H were opened before the period
    assert volumes.by_type == {"incident": 9, "problem": 1}
    assert list(volumes.by_origin.items()) == [("incident", 8), ("assistance", 1), ("problem", 1)]
    assert list(volumes.by_priority.items()) == [("P2", 2), ("P3", 7), ("P4", 1)]
    assert list(volumes.by_service.items()) == [("Outlook", 3), ("SAP", 2), ("VPN", 2), ("Printing", 1),
                                                ("Teams", 1), ("Wi-Fi", 1)]


def test_first_contact_resolution_leaves_out_the_escalated_incident(report) -> None:
    # Resolved in the period: A, B, C, D and H (opened before it); C went to level 2.
    assert report.first_contact_resolution == Rate(count=4, total=5, rate=0.8)


def test_time_to_resolve_minus_pauses_differs_from_the_wall_clock(report) -> None:
    resolution = report.resolution
    assert (resolution.resolved, resolution.clocked) == (5, 5)
    # SLA clocks: A 1 h, B 3 h (2 h pending on the requester), C 4 h, D 25 h, H 19 h.
    assert resolution.business_mean_seconds == (1 + 3 + 4 + 25 + 19) * H / 5
    # Business time with the pauses: B 5 h, D 26 h (1 h awaiting confirmation before the refusal).
    assert resolution.calendar_mean_seconds == (1 + 5 + 4 + 26 + 19) * H / 5
    # Wall clock: D from Monday 10:00 to Thursday 9:00 UTC (71 h), H from Friday to Tuesday (97 h).
    assert resolution.wall_mean_seconds == (1 + 5 + 4 + 71 + 97) * H / 5


def test_time_to_own_and_its_sla_clocks(report) -> None:
    ownership = report.ownership
    # Owned: A 1 h (resolved at first contact), B 30 min, C 15 min, D 30 min, E 1 h, I 1 h
    # (J, K, F and the problem never were).
    assert ownership.owned == 6
    assert ownership.mean_seconds == ownership.business_mean_seconds == (60 + 30 + 15 + 30 + 60 + 60) * 60 / 6
    assert ownership.median_seconds == 45 * 60
    # Met: A (resolved in 1 h), B, C, D, I, J (cancelled); K ran out unrecorded; F still counting; E has none.
    assert ownership.compliance == Compliance(clocks=7, met=6, breached=1, rate=6 / 7)


def test_sla_compliance_has_one_breach(report) -> None:
    sla = report.sla
    assert sla.overall == Compliance(clocks=10, met=9, breached=1, rate=0.9)
    assert sla.tto == Compliance(clocks=5, met=5, breached=0, rate=1.0)
    assert sla.ttr == Compliance(clocks=5, met=4, breached=1, rate=0.8)
    assert sla.by_priority == {
        "P2": {"tto": Compliance(1, 1, 0, 1.0), "ttr": Compliance(1, 1, 0, 1.0)},
        "P3": {"tto": Compliance(4, 4, 0, 1.0), "ttr": Compliance(4, 3, 1, 0.75)},
    }


def test_backlog_is_the_open_tickets_when_the_period_closed(report) -> None:
    # G assigned; E pending; P, K, F new; I in progress then (resolved since: rebuilt from its history).
    assert report.backlog == Backlog(
        total=6, by_status={"new": 3, "assigned": 1, "in_progress": 1, "pending": 1},
        by_age={"<1d": 1, "1-3d": 1, "3-7d": 3, ">7d": 1})


def test_reopens_satisfaction_and_escalations(report) -> None:
    assert report.reopen == Rate(count=1, total=5, rate=0.2)  # D's refused solution
    # Ratings of tickets created in the period, I's included although it was rated after.
    assert report.satisfaction == Satisfaction(count=4, mean=3.75,
                                               distribution={"1": 0, "2": 1, "3": 0, "4": 2, "5": 1})
    assert report.escalations == Escalations(functional=1, hierarchical=1, tickets=1)


def test_the_report_round_trips_through_json(report) -> None:
    data = json.loads(to_json(report))
    assert data == report.as_dict()
    assert (data["start"], data["end"], data["as_of"]) == (START.isoformat(), END.isoformat(), END.isoformat())
    assert data["sla"]["by_priority"]["P3"]["ttr"] == {"clocks": 4, "met": 3, "breached": 1, "rate": 0.75}


def test_a_period_not_over_yet_judges_running_clocks_now(session_factory) -> None:
    build(session_factory)
    friday_9h = day(11, 6, 9)
    with session_factory() as session:
        report = compute(db_session=session, start=START, end=datetime(2026, 12, 1, tzinfo=UTC), now=friday_9h)
    assert report.as_of == friday_9h
    assert report.ownership.compliance == Compliance(clocks=6, met=6, breached=0, rate=1.0)  # K has an hour left
    assert report.backlog.by_status == {"new": 2, "assigned": 1, "in_progress": 1, "pending": 1}  # F not opened
    assert report.resolution.calendar_mean_seconds is None and report.ownership.business_mean_seconds is None


def test_a_breach_the_supervisor_recorded_counts_after_the_target_was_loosened(session_factory) -> None:
    week = Week(session_factory)
    number = week.open("SAP", P2, at(0))  # P2: 8 business hours to resolve, due Monday 17:00 Paris
    week.assign(number, at(0.1))
    with unit_of_work(session_factory) as session:
        fired = run_once(db_session=session, rules=DESK, now=at(8))
    assert any("SLA ttr breach" in line for line in fired)
    # Lowered to P4 (40 h): 9 business hours at resolution are within the new target, the breach stands.
    week.on(number, lambda s, t: workflow.set_priority(db_session=s, ticket=t, impact=P4[0], urgency=P4[1],
                                                       actor="agent:lea", agreements=DESK, now=at(8.5)))
    week.on(number, lambda s, t: workflow.resolve(db_session=s, ticket=t, actor="agent:lea", agreements=DESK,
                                                  now=at(9), **CODES))
    with session_factory() as session:
        report = compute(db_session=session, start=START, end=END, now=NOW)
    assert report.resolution.business_mean_seconds == 9 * H
    assert report.sla.ttr == Compliance(clocks=1, met=0, breached=1, rate=0.0)
    assert report.sla.by_priority["P4"]["tto"] == Compliance(clocks=1, met=1, breached=0, rate=1.0)


@pytest.mark.parametrize("populated", [False, True], ids=["empty database", "before any ticket"])
def test_an_empty_period_gives_zeros_and_nothing_to_divide(session_factory, populated) -> None:
    if populated:
        build(session_factory)
    with session_factory() as session:
        report = compute(db_session=session, start=datetime(2026, 9, 1, tzinfo=UTC),
                         end=datetime(2026, 10, 1, tzinfo=UTC), calendar=OFFICE, now=NOW)
    nothing = Compliance(clocks=0, met=0, breached=0, rate=None)
    assert report.volumes.total == 0 and report.volumes.by_service == {} and report.volumes.by_type == {}
    assert report.first_contact_resolution == report.reopen == Rate(count=0, total=0, rate=None)
    assert (report.resolution.resolved, report.resolution.business_mean_seconds, report.resolution.wall_mean_seconds,
            report.resolution.calendar_mean_seconds) == (0, None, None, None)
    assert (report.ownership.owned, report.ownership.mean_seconds, report.ownership.median_seconds) == (0, None, None)
    assert report.ownership.compliance == report.sla.overall == report.sla.ttr == nothing
    assert report.sla.by_priority == {}
    assert report.backlog == Backlog(total=0, by_status={"new": 0, "assigned": 0, "in_progress": 0, "pending": 0},
                                     by_age={"<1d": 0, "1-3d": 0, "3-7d": 0, ">7d": 0})
    assert report.satisfaction == Satisfaction(count=0, mean=None, distribution=dict.fromkeys("12345", 0))
    assert report.escalations == Escalations(functional=0, hierarchical=0, tickets=0)
    assert json.loads(to_json(report)) == report.as_dict()


def test_a_period_must_be_aware_and_in_order(session_factory) -> None:
    with session_factory() as session, pytest.raises(ValueError):
        compute(db_session=session, start=END, end=START)
    with session_factory() as session, pytest.raises(ValueError):
        compute(db_session=session, start=datetime(2026, 11, 2), end=datetime(2026, 11, 9))
