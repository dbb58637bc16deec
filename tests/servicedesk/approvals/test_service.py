"""Approving a service request, on SQLite and PostgreSQL: the ticket waits, each approver in sequence is asked
through the outbox, and a decision releases, moves on or cancels, with who, when and why in the history."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.approvals import service
from servicedesk.approvals.errors import AlreadyDecided, NotAnApprover, SelfApproval
from servicedesk.approvals.models import Approval
from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.sla.models import Clock
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import get_by_number
from tests.servicedesk.approvals.desk import BOSS, FINANCE, MANAGER, MONDAY, REQUESTER, desk, directory, request

DESK = desk()


def opened(session_factory: sessionmaker[Session], item: str, client_desk=DESK, **kwargs) -> str:
    with unit_of_work(session_factory) as session:
        directory(session)
        ticket = request(session, client_desk, item, **kwargs)
        service.request_approval(db_session=session, ticket=ticket, item=item, desk=client_desk, now=MONDAY)
        return ticket.number or ""


def decide(session_factory, number: str, person: str, decision: str = "approve", reason: str = "",
           via: str = "email", step: int | None = None):
    with unit_of_work(session_factory) as session:
        ticket = get_by_number(db_session=session, number=number)
        approvals = service.of_ticket(db_session=session, ticket_id=ticket.id)
        approval = approvals[-1] if step is None else approvals[step - 1]
        return service.decide(db_session=session, approval_id=approval.id, person=person, decision=decision,
                              via=via, desk=DESK, reason=reason, now=MONDAY + timedelta(hours=1))


def asked(session: Session, event: str = "approval_request") -> list[tuple[str, str]]:
    rows = session.scalars(select(Notification).where(Notification.event == event).order_by(Notification.id))
    return [(row.recipient, row.language) for row in rows]


def test_a_request_needing_approval_waits_and_its_manager_is_asked(session_factory) -> None:
    number = opened(session_factory, "laptop")
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert (ticket.status, ticket.pending_reason, ticket.group_name) == ("pending", "approval", "Infrastructure")
        (approval,) = service.of_ticket(db_session=session, ticket_id=ticket.id)
        assert (approval.step, approval.approver_kind, approval.approvers) == (1, "manager", [MANAGER])
        assert asked(session) == [(MANAGER, "en")]  # in the language the directory knows for Marc
        notice = session.scalar(select(Notification).where(Notification.event == "approval_request"))
        assert notice is not None and notice.audience == "approver" and notice.payload["approval_id"] == approval.id
        assert notice.payload["justification"] == "new project" and notice.payload["requester"] == REQUESTER
        assert any(entry.field == "approval" and MANAGER in (entry.new or "") for entry in ticket.history)


def test_an_item_without_approval_is_left_alone(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = request(session, DESK, "badge")
        assert service.request_approval(db_session=session, ticket=ticket, item="badge", desk=DESK) is None
        assert ticket.status == "assigned"


def test_approved_it_goes_back_to_its_group_and_the_requester_is_told(session_factory) -> None:
    number = opened(session_factory, "laptop")
    decided = decide(session_factory, number, MANAGER.upper(), reason="ok for the new project", via="slack")
    assert (decided.outcome, decided.group) == ("released", "Infrastructure")
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert (ticket.status, ticket.pending_reason) == ("assigned", None)
        (approval,) = service.of_ticket(db_session=session, ticket_id=ticket.id)
        assert (approval.status, approval.decided_by, approval.decided_via, approval.reason) == (
            "approved", MANAGER, "slack", "ok for the new project")
        entry = next(entry for entry in ticket.history if entry.field == "approval" and entry.actor != "relais")
        assert entry.actor == f"email:{MANAGER}" and entry.new == "approved via slack"
        told = session.scalar(select(Notification).where(Notification.event == "approval_decided"))
        assert told is not None and (told.recipient, told.channel, told.language) == ("slack:T1:UALICE", "slack",
                                                                                     "fr")
        assert told.payload["outcome"] == "approved" and told.payload["by"] == MANAGER


def test_rejected_the_request_is_cancelled_with_its_reason(session_factory) -> None:
    number = opened(session_factory, "laptop")
    assert decide(session_factory, number, MANAGER, "reject", "no budget this year").outcome == "cancelled"
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert ticket.status == "cancelled"
        assert any(entry.field == "status" and entry.new == "cancelled" and entry.reason == "no budget this year"
                   for entry in ticket.history)
        told = session.scalar(select(Notification).where(Notification.event == "approval_decided"))
        assert told is not None and told.payload == {**told.payload, "outcome": "rejected",
                                                     "reason": "no budget this year"}


def test_steps_in_sequence_manager_then_finance(session_factory) -> None:
    number = opened(session_factory, "licence")
    assert decide(session_factory, number, MANAGER).outcome == "next"
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert ticket.status == "pending"
        first, second = service.of_ticket(db_session=session, ticket_id=ticket.id)
        assert (first.status, second.approver_kind, second.approvers) == ("approved", "finance", list(FINANCE))
        assert [who for who, _ in asked(session)] == [MANAGER, *FINANCE]
    with pytest.raises(NotAnApprover):  # the manager decided their step; finance's is not theirs
        decide(session_factory, number, MANAGER)
    assert decide(session_factory, number, FINANCE[1]).outcome == "released"


def test_a_second_decision_is_refused_politely(session_factory) -> None:
    number = opened(session_factory, "laptop")
    decide(session_factory, number, MANAGER)
    with pytest.raises(AlreadyDecided) as error:
        decide(session_factory, number, MANAGER, "reject")
    assert (error.value.status, error.value.decided_by) == ("approved", MANAGER)


def test_nobody_approves_their_own_request(session_factory) -> None:
    """Daf asks for access: the finance group's step is asked of Compta alone, and Daf's own click is refused."""
    number = opened(session_factory, "access", requester_email=FINANCE[0])
    with session_factory() as session:
        (approval,) = service.of_ticket(db_session=session, ticket_id=get_by_number(db_session=session,
                                                                                   number=number).id)
        assert approval.approvers == [FINANCE[1]]
    with pytest.raises(SelfApproval):
        decide(session_factory, number, FINANCE[0])


def test_a_step_nobody_can_decide_is_told_to_the_service_desk(session_factory) -> None:
    number = opened(session_factory, "laptop", requester_email=BOSS)  # Hugo has no manager in the directory
    with session_factory() as session:
        notice = session.scalar(select(Notification).where(Notification.event == "approval_unrouted"))
        assert notice is not None and (notice.audience, notice.recipient) == ("group", "Service desk")
        assert get_by_number(db_session=session, number=number).status == "pending"


@pytest.mark.parametrize(("sla", "running"), [("pause", False), ("run", True)])
def test_the_time_to_resolve_follows_the_clients_rule(session_factory, sla: str, running: bool) -> None:
    number = opened(session_factory, "laptop", client_desk=desk(sla=sla))
    with session_factory() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        ttr = session.scalar(select(Clock).where(Clock.ticket_id == ticket.id, Clock.kind == "SLA",
                                                 Clock.metric == "ttr"))
        assert ttr is not None and (ttr.running_since is not None) is running


def test_the_approval_row_is_kept_with_its_deadlines(session_factory) -> None:
    opened(session_factory, "laptop")
    with session_factory() as session:
        approval = session.scalar(select(Approval))
        assert approval is not None and approval.remind_at == MONDAY + timedelta(hours=4)
        assert approval.escalate_at == MONDAY + timedelta(hours=8) and len(approval.nonce) == 32
