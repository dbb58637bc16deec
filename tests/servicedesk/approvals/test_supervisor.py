"""Silent approvers: reminded after N business hours, escalated after M to their own manager or the item's
delegate; each once, even when two supervisors run the same pass."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from servicedesk.approvals import service, supervisor
from servicedesk.approvals.errors import AlreadyDecided
from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.tickets import workflow
from servicedesk.tickets.service import get_by_number
from tests.servicedesk.approvals.desk import BOSS, DELEGATE, FINANCE, MANAGER, MONDAY, desk, directory, request

DESK = desk()


def opened(session_factory, item: str) -> str:
    with unit_of_work(session_factory) as session:
        directory(session)
        ticket = request(session, DESK, item)
        service.request_approval(db_session=session, ticket=ticket, item=item, desk=DESK, now=MONDAY)
        return ticket.number or ""


def supervise(session_factory, hours: float) -> list[str]:
    with unit_of_work(session_factory) as session:
        return supervisor.run_once(db_session=session, desk=DESK, now=MONDAY + timedelta(hours=hours))


def sent(session_factory, event: str) -> list[str]:
    with session_factory() as session:
        return [row.recipient for row in session.scalars(select(Notification).where(Notification.event == event)
                                                         .order_by(Notification.id))]


def test_nothing_before_the_reminder(session_factory) -> None:
    opened(session_factory, "laptop")
    assert supervise(session_factory, 3.9) == []


def test_reminded_once_then_escalated_to_the_approvers_manager(session_factory) -> None:
    number = opened(session_factory, "laptop")
    assert supervise(session_factory, 4) == [f"{number}: approval step 1 reminded"]
    assert supervise(session_factory, 5) == []
    assert sent(session_factory, "approval_reminder") == [MANAGER]
    assert supervise(session_factory, 8) == [f"{number}: approval step 1 escalated to {BOSS}"]
    assert supervise(session_factory, 30) == []
    assert sent(session_factory, "approval_escalated") == [BOSS]
    decided = None
    with unit_of_work(session_factory) as session:  # the manager's manager may now decide it
        ticket = get_by_number(db_session=session, number=number)
        (approval,) = service.of_ticket(db_session=session, ticket_id=ticket.id)
        assert approval.escalated_to == [BOSS] and approval.reminded_at == MONDAY + timedelta(hours=4)
        decided = service.decide(db_session=session, approval_id=approval.id, person=BOSS, decision="approve",
                                 via="email", desk=DESK)
        assert any(entry.new == f"escalated to {BOSS}" for entry in ticket.history)
    assert decided.outcome == "released"


def test_a_group_step_escalates_to_its_delegate(session_factory) -> None:
    number = opened(session_factory, "access")  # remind after 2 h, escalate after 4 h, to the delegate
    assert supervise(session_factory, 4) == [f"{number}: approval step 1 reminded",
                                             f"{number}: approval step 1 escalated to {DELEGATE}"]
    assert sent(session_factory, "approval_reminder") == list(FINANCE)
    assert sent(session_factory, "approval_escalated") == [DELEGATE]


def test_two_supervisors_fire_each_event_once(session_factory) -> None:
    """Both passes read the approval as due; the first to record the moment fires, the second finds it taken."""
    number = opened(session_factory, "laptop")
    first, second = session_factory(), session_factory()
    try:
        due = MONDAY + timedelta(hours=4)
        fired = supervisor.run_once(db_session=first, desk=DESK, now=due)
        first.commit()
        fired += supervisor.run_once(db_session=second, desk=DESK, now=due)
        second.commit()
    finally:
        first.close()
        second.close()
    assert fired == [f"{number}: approval step 1 reminded"]
    assert sent(session_factory, "approval_reminder") == [MANAGER]


def test_a_decided_approval_is_not_chased(session_factory) -> None:
    number = opened(session_factory, "laptop")
    with unit_of_work(session_factory) as session:
        ticket = get_by_number(db_session=session, number=number)
        (approval,) = service.of_ticket(db_session=session, ticket_id=ticket.id)
        service.decide(db_session=session, approval_id=approval.id, person=MANAGER, decision="reject",
                       via="teams", desk=DESK, reason="no")
    assert supervise(session_factory, 40) == []


def test_a_request_cancelled_meanwhile_is_not_chased_nor_decided(session_factory) -> None:
    number = opened(session_factory, "laptop")
    with unit_of_work(session_factory) as session:
        ticket = get_by_number(db_session=session, number=number)
        workflow.change_status(db_session=session, ticket=ticket, to="cancelled", actor="console:alice",
                               agreements=DESK, reason="asked twice")
    assert supervise(session_factory, 4) == [f"{number}: approval step 1 withdrawn (cancelled)"]
    assert supervise(session_factory, 8) == []
    with unit_of_work(session_factory) as session:
        ticket = get_by_number(db_session=session, number=number)
        (approval,) = service.of_ticket(db_session=session, ticket_id=ticket.id)
        with pytest.raises(AlreadyDecided):
            service.decide(db_session=session, approval_id=approval.id, person=MANAGER, decision="approve",
                           via="slack", desk=DESK)
