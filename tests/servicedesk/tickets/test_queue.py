"""The agents' queue on SQLite and PostgreSQL: each running clock with its business time left, amber from the
warning share, red once breached, paused while pending; the nearest deadline first; every filter, the search, the
groups an agent works for; the count of waiting conversations and the mark a live screen polls."""

from datetime import UTC, datetime, timedelta

import pytest

from servicedesk.conversations.service import request_takeover, take
from servicedesk.database import unit_of_work
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.queue import (
    Light,
    QueueFilter,
    QueueRow,
    changes,
    count_queue,
    open_queue,
    waiting_conversations,
)
from servicedesk.tickets.service import IncidentReport, LogLine, add_log, get_by_number, open_incident
from tests.servicedesk.desk import Desk

MONDAY_10H_PARIS = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
DESK = Desk()
ME = "console:alice"


def at(hours: float) -> datetime:
    return MONDAY_10H_PARIS + timedelta(hours=hours)


def opened(session_factory, description: str, impact: int = 3, urgency: int = 2, hours: float = 0,
           **fields: object) -> str:
    """A ticket opened `hours` after Monday 10:00 in Paris (3/2: a P3, 2 business hours to own, 24 to resolve)."""
    report = IncidentReport(service="VPN", description=description, impact=impact, urgency=urgency,
                            requester="user@client.example", channel="rest", conversation_id=description,
                            language="en")
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, report=report, agreements=DESK, now=at(hours))
        for name, value in fields.items():
            setattr(ticket, name, value)
        return ticket.number or ""


def change(session_factory, number: str, step, **kwargs) -> None:
    with unit_of_work(session_factory) as session:
        ticket = get_by_number(db_session=session, number=number)
        step(db_session=session, ticket=ticket, **kwargs)


def queue(session_factory, hours: float, **kwargs) -> list[QueueRow]:
    with session_factory() as session:
        return open_queue(db_session=session, agreements=DESK, now=at(hours), default_group="Service desk",
                          agent=ME, **kwargs)


def numbers(rows: list[QueueRow]) -> list[str]:
    return [row.number for row in rows]


def test_a_clock_turns_amber_at_the_warning_share_and_red_past_its_target(session_factory) -> None:
    number = opened(session_factory, "VPN drops")
    for hours, light, left in [(1, Light.OK, timedelta(hours=1)), (1.5, Light.WARNING, timedelta(minutes=30)),
                               (1 + 2 / 3, Light.WARNING, timedelta(minutes=20)),
                               (2.5, Light.BREACHED, -timedelta(minutes=30))]:
        [row] = queue(session_factory, hours)
        tto, ttr = row.clock("SLA", "tto"), row.clock("SLA", "ttr")
        assert tto is not None and ttr is not None
        assert (tto.light, abs(tto.left - left) < timedelta(seconds=1)) == (light, True), hours
        assert ttr.light is Light.OK and tto.deadline == at(2)
    assert row.number == number and row.light is Light.BREACHED and row.deadline == at(2)
    assert [(clock.kind, clock.metric) for clock in row.clocks] == [("SLA", "tto"), ("SLA", "ttr")]  # no keep-in-loop


def test_time_left_is_business_time_on_the_clocks_calendar(session_factory) -> None:
    opened(session_factory, "VPN drops at the end of the day", hours=7.5)  # Monday 17:30 in Paris, closing at 18:00
    [row] = queue(session_factory, 10)  # Monday 20:00: the office is closed, half an hour of the two is gone
    tto = row.clock("SLA", "tto")
    assert tto is not None and tto.left == timedelta(hours=1, minutes=30) and tto.light is Light.OK
    assert tto.deadline == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)  # Tuesday 10:30 in Paris


def test_pending_on_the_requester_pauses_time_to_resolve(session_factory) -> None:
    number = opened(session_factory, "VPN drops")
    change(session_factory, number, workflow.change_status, to="pending", pending_reason="requester",
           actor=ME, agreements=DESK, now=at(1))
    [row] = queue(session_factory, 30)
    ttr = row.clock("SLA", "ttr")
    assert ttr is not None and ttr.light is Light.PAUSED and ttr.deadline is None
    assert ttr.left == timedelta(hours=23)  # what was left when it paused
    assert row.clock("SLA", "tto").light is Light.BREACHED  # time to own never pauses


def test_ola_and_uc_clocks_show_where_they_run(session_factory) -> None:
    number = opened(session_factory, "VPN drops")
    change(session_factory, number, workflow.assign, group="Infrastructure", level=2, actor=ME, agreements=DESK,
           now=at(0.5))
    [row] = queue(session_factory, 1)
    assert row.clock("SLA", "tto") is None  # met when it was assigned: no longer raced
    assert [(clock.kind, clock.metric, clock.party) for clock in row.clocks] == [
        ("SLA", "ttr", None), ("OLA", "tto", "Infrastructure"), ("OLA", "ttr", "Infrastructure")]
    change(session_factory, number, workflow.change_status, to="in_progress", actor=ME, agreements=DESK, now=at(1))
    change(session_factory, number, workflow.change_status, to="pending", pending_reason="third_party",
           supplier="Orange", actor=ME, agreements=DESK, now=at(2))
    [row] = queue(session_factory, 3.75)
    uc = row.clock("UC", "ttr")
    assert uc is not None and uc.party == "Orange" and uc.light is Light.WARNING
    assert uc.left == timedelta(minutes=15)


def test_the_nearest_deadline_comes_first(session_factory) -> None:
    later = opened(session_factory, "printer jammed", impact=3, urgency=4)  # P4: 40 business hours
    p3 = opened(session_factory, "VPN drops")  # owned within 2 business hours
    p1 = opened(session_factory, "site down", impact=1, urgency=1, hours=0.5)  # 15 minutes, round the clock
    paused = opened(session_factory, "waiting for the user", impact=3, urgency=4)
    change(session_factory, paused, workflow.change_status, to="pending", pending_reason="requester", actor=ME,
           agreements=DESK, now=at(0.1))
    assert numbers(queue(session_factory, 0.6)) == [p1, p3, later, paused]
    # Past its target, a clock's deadline is behind us: the breached ticket stays on top.
    assert numbers(queue(session_factory, 3)) == [p1, p3, later, paused]


def test_only_open_tickets_of_the_agents_groups(session_factory) -> None:
    desk = opened(session_factory, "no group yet")
    infra = opened(session_factory, "on the network team", group_name="Infrastructure")
    opened(session_factory, "an expert has it", group_name="Experts")
    opened(session_factory, "already resolved", status="resolved")
    assert set(numbers(queue(session_factory, 1, groups=["Infrastructure"]))) == {infra}
    assert set(numbers(queue(session_factory, 1, groups=["Service desk", "Infrastructure"]))) == {desk, infra}
    assert len(queue(session_factory, 1)) == 3  # no groups named: all of them
    [row] = queue(session_factory, 1, groups=["Service desk"])
    assert (row.number, row.group) == (desk, "Service desk")  # the desk's: the client's default group


def test_every_filter(session_factory) -> None:
    first = opened(session_factory, "VPN drops", group_name="Infrastructure", assignee=ME, assignee_name="Alice")
    second = opened(session_factory, "site down", impact=1, urgency=1, major=True)
    third = opened(session_factory, "printer jammed", impact=3, urgency=4, assignee="console:bob")
    change(session_factory, third, workflow.change_status, to="pending", pending_reason="requester", actor=ME,
           agreements=DESK, now=at(0.1))

    def only(**narrowed: object) -> set[str]:
        return set(numbers(queue(session_factory, 1, filters=QueueFilter(**narrowed))))

    assert only() == {first, second, third}
    assert only(group="Infrastructure") == {first}
    assert only(group="Service desk") == {second, third}  # no group yet: the desk's
    assert only(priority="P1") == {second}
    assert only(status="pending") == {third}
    assert only(mine=True) == {first}
    assert only(major=True) == {second}
    assert only(mine=True, major=True) == set()
    with session_factory() as session:  # without an agent, nothing is "mine"
        assert open_queue(db_session=session, agreements=DESK, now=at(1), filters=QueueFilter(mine=True)) == []


def test_waiting_for_an_agent(session_factory) -> None:
    quiet = opened(session_factory, "VPN drops")  # its transcript was the requester's, before it was opened
    called = opened(session_factory, "a person, please")
    replied = opened(session_factory, "screen flickers")
    answered = opened(session_factory, "printer jammed")
    with unit_of_work(session_factory) as session:
        takeover_id = request_takeover(db_session=session, ticket=get_by_number(db_session=session, number=called),
                                       conversation_key="slack:T1:C1", actor="user", reason="a person",
                                       now=at(0.2)).id
        for number, lines in [(replied, [("agent", "Can you send a photo?"), ("requester", "Here it is")]),
                              (answered, [("requester", "Any news?"), ("agent", "A technician comes at 2 pm")])]:
            ticket = get_by_number(db_session=session, number=number)
            for kind, text in lines:
                add_log(db_session=session, ticket=ticket, line=LogLine(kind, kind, text), kind="followup")
    rows = queue(session_factory, 1, filters=QueueFilter(waiting=True))
    assert set(numbers(rows)) == {called, replied} and all(row.waiting for row in rows)
    assert {row.number: row.waiting for row in queue(session_factory, 1)}[quiet] is False
    with unit_of_work(session_factory) as session:
        take(db_session=session, takeover_id=takeover_id, agent="slack:T1:U9", agent_name="Sam", agreements=DESK,
             now=at(0.5))
    assert set(numbers(queue(session_factory, 1, filters=QueueFilter(waiting=True)))) == {replied}


@pytest.mark.parametrize("typed", ["INC-000002", "inc 2", "INC000002", "sr-20931", "SR-20931", "Toner", "toner low",
                                   "LOW toner"])
def test_search_by_number_reference_or_words(session_factory, typed: str) -> None:
    opened(session_factory, "VPN drops")
    wanted = opened(session_factory, "the printer says its toner is low", external_ref="SR-20931")
    opened(session_factory, "toner everywhere", external_ref="SR-1")  # "toner" alone finds it too
    found = numbers(queue(session_factory, 1, filters=QueueFilter(search=typed)))
    assert wanted in found and (len(found) == 1 or typed.lower() == "toner")


def test_a_search_is_taken_literally(session_factory) -> None:
    opened(session_factory, "disk 100% full")
    opened(session_factory, "disk 100 full")
    assert len(queue(session_factory, 1, filters=QueueFilter(search="100%"))) == 1
    assert queue(session_factory, 1, filters=QueueFilter(search="INC-999")) == []


def test_waiting_conversations_of_the_agents_groups(session_factory) -> None:
    desk = opened(session_factory, "a person, please")
    infra = opened(session_factory, "network down", group_name="Infrastructure")
    with unit_of_work(session_factory) as session:
        for number in (desk, infra):
            request_takeover(db_session=session, ticket=get_by_number(db_session=session, number=number),
                             conversation_key=f"web:{number}", actor="user", reason="a person", now=at(0.1))
    with session_factory() as session:
        count = {tuple(groups): waiting_conversations(db_session=session, groups=groups, default_group="Service desk")
                 for groups in ([], ["Infrastructure"], ["Service desk"], ["Experts"])}
    assert count == {(): 2, ("Infrastructure",): 1, ("Service desk",): 1, ("Experts",): 0}


def test_the_mark_moves_with_what_the_queue_shows(session_factory) -> None:
    def mark(hours: float, groups: tuple[str, ...] = ()) -> tuple[object, ...]:
        with session_factory() as session:
            return changes(db_session=session, now=at(hours), groups=groups, default_group="Service desk")

    number = opened(session_factory, "VPN drops")
    first = mark(1)
    assert mark(1) == first  # nothing happened
    assert mark(1.6) != first  # the time to own crossed its warning share
    assert mark(2.1) != mark(1.6)  # then its target
    with unit_of_work(session_factory) as session:
        add_log(db_session=session, ticket=get_by_number(db_session=session, number=number),
                line=LogLine("requester", "user", "any news?"), kind="followup")
    assert mark(1) != first
    quiet = mark(1, ("Infrastructure",))
    opened(session_factory, "another one")  # in the desk's group, not in Infrastructure
    assert mark(1, ("Infrastructure",)) == quiet
    with unit_of_work(session_factory) as session:
        session.query(Ticket).filter(Ticket.number == number).one().title = "VPN drops every hour"
    assert mark(1) != first


def test_a_limit_keeps_the_nearest_deadlines_and_the_count_says_how_many(session_factory) -> None:
    later = opened(session_factory, "printer jammed", impact=3, urgency=4)
    p3 = opened(session_factory, "VPN drops")
    p1 = opened(session_factory, "site down", impact=1, urgency=1, hours=0.5)
    paused = opened(session_factory, "waiting for the user", impact=3, urgency=4)
    change(session_factory, paused, workflow.change_status, to="pending", pending_reason="requester", actor=ME,
           agreements=DESK, now=at(0.1))
    with unit_of_work(session_factory) as session:  # no agreement ran for it: no clock
        report = IncidentReport(service="Badge", description="badge refused", impact=3, urgency=3, requester="u",
                                channel="rest", conversation_id="badge", language="en")
        clockless = open_incident(db_session=session, report=report, now=at(0)).number
    assert numbers(queue(session_factory, 0.6)) == [p1, p3, later, paused, clockless]
    assert numbers(queue(session_factory, 0.6, limit=2)) == [p1, p3]
    assert numbers(queue(session_factory, 0.6, limit=4)) == [p1, p3, later, paused]
    with session_factory() as session:
        assert count_queue(db_session=session, default_group="Service desk") == 5
        assert count_queue(db_session=session, filters=QueueFilter(priority="P1")) == 1
        assert count_queue(db_session=session, groups=["Infrastructure"]) == 0
