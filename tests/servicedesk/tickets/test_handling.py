"""The agent's steps on a ticket, as the console, the REST API and the Slack modals call them — on SQLite and
PostgreSQL: who has it, its group, its status, its escalations and its problem, each in the history."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.errors import (
    ApprovalStateReserved,
    GroupUnknown,
    IllegalTransition,
    MissingClosureCodes,
    NotAProblem,
    ReopenWindowPassed,
    TicketNotFound,
)
from servicedesk.problems import open_problem
from servicedesk.sla.models import Clock
from servicedesk.tickets import handling, workflow
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.servicedesk.desk import Desk

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday, 10:00 in Paris
DESK = Desk()
CODES = {"category": "software", "cause_code": "bug", "resolution_code": "fixed", "solution": "patched"}


def incident(session, requester: str = "u1"):
    return open_incident(db_session=session, report=IncidentReport(
        service="VPN", description="VPN coupe", impact=3, urgency=2, requester=requester, channel="webchat",
        conversation_id=requester, language="fr"), agreements=DESK, now=NOW)


def changes(ticket) -> list[tuple[str, str, str | None, str | None]]:
    return [(h.actor, h.field, h.old, h.new) for h in ticket.history]


def test_taking_a_ticket_makes_it_mine_and_meets_time_to_own(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        handling.take(db_session=session, ticket=ticket, agent="console:alice", agent_name="Alice",
                      agreements=DESK, now=NOW + timedelta(minutes=20))
        assert (ticket.assignee, ticket.assignee_name, ticket.status) == ("console:alice", "Alice", "in_progress")
        assert changes(ticket) == [("console:alice", "assignee", None, "Alice"),
                                   ("console:alice", "status", "new", "in_progress")]
        tto = session.scalar(select(Clock).where(Clock.ticket_id == ticket.id, Clock.metric == "tto"))
        assert tto.stopped_at == NOW + timedelta(minutes=20)
        handling.take(db_session=session, ticket=ticket, agent="console:alice", agent_name="Alice", agreements=DESK)
        assert len(ticket.history) == 2  # taking it again changes nothing


def test_giving_it_to_a_colleague_then_to_another_group_lets_go_of_it(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        handling.assign_to_agent(db_session=session, ticket=ticket, agent="console:bob", agent_name="Bob",
                                 actor="console:lea", agreements=DESK, now=NOW)
        assert (ticket.assignee, ticket.status) == ("console:bob", "assigned")
        handling.assign_to_group(db_session=session, ticket=ticket, group="Infrastructure", rules=DESK,
                                 actor="console:lea", reason="network", now=NOW)
        assert (ticket.group_name, ticket.level, ticket.assignee, ticket.assignee_name) == (
            "Infrastructure", 2, None, None)
        assert changes(ticket)[-1] == ("console:lea", "assignee", "Bob", None)
        with pytest.raises(GroupUnknown):
            handling.assign_to_group(db_session=session, ticket=ticket, group="Plumbers", rules=DESK,
                                     actor="console:lea")
        assert ticket.group_name == "Infrastructure"


def test_a_functional_escalation_is_flagged_and_checks_the_group(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        handling.escalate_functionally(db_session=session, ticket=ticket, group="Experts", rules=DESK,
                                       actor="console:lea", reason="needs an expert", now=NOW)
        assert (ticket.group_name, ticket.level, ticket.escalated) == ("Experts", 3, True)
        with pytest.raises(GroupUnknown):
            handling.escalate_functionally(db_session=session, ticket=ticket, group="Plumbers", rules=DESK,
                                           actor="console:lea", reason="?")


def test_pending_with_its_reason_then_reopening(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        handling.set_pending(db_session=session, ticket=ticket, on="third_party", supplier="Orange",
                             reason="line down", actor="console:alice", agreements=DESK, now=NOW)
        assert (ticket.status, ticket.pending_reason, ticket.supplier) == ("pending", "third_party", "Orange")
        with pytest.raises(IllegalTransition):
            handling.set_pending(db_session=session, ticket=ticket, on="nobody", reason="?", actor="console:alice",
                                 agreements=DESK)
        with pytest.raises(IllegalTransition):  # open: nothing to reopen
            handling.reopen(db_session=session, ticket=ticket, actor="console:alice", agreements=DESK)
        workflow.resolve(db_session=session, ticket=ticket, actor="console:alice", agreements=DESK, now=NOW, **CODES)
        handling.reopen(db_session=session, ticket=ticket, actor="console:alice", agreements=DESK, reason="back")
        assert (ticket.status, ticket.reopen_count) == ("in_progress", 1)


def test_a_status_change_closes_reopens_within_the_window_and_never_resolves(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        with pytest.raises(MissingClosureCodes):
            handling.change_status(db_session=session, ticket=ticket, to="resolved", actor="a", agreements=DESK)
        workflow.resolve(db_session=session, ticket=ticket, actor="a", agreements=DESK, now=NOW, **CODES)
        handling.change_status(db_session=session, ticket=ticket, to="closed", actor="a", agreements=DESK, now=NOW)
        assert (ticket.status, ticket.closed_by) == ("closed", "agent")
        with pytest.raises(ReopenWindowPassed):
            handling.reopen(db_session=session, ticket=ticket, actor="a", agreements=DESK,
                            now=NOW + timedelta(days=DESK.reopen_window_days + 1))
        handling.reopen(db_session=session, ticket=ticket, actor="a", agreements=DESK, now=NOW + timedelta(days=1))
        assert (ticket.status, ticket.reopen_count) == ("in_progress", 1)


def test_a_closed_ticket_is_given_to_nobody(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        handling.change_status(db_session=session, ticket=ticket, to="cancelled", actor="a", agreements=DESK)
        with pytest.raises(IllegalTransition):
            handling.take(db_session=session, ticket=ticket, agent="console:alice", agent_name="Alice",
                          agreements=DESK)
        assert ticket.assignee is None


def test_linking_to_a_problem_only(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket, other = incident(session), incident(session, "u2")
        problem = open_problem(db_session=session, title="VPN", service="VPN", description="VPN drops",
                               actor="relais", incidents=[other], now=NOW)
        assert handling.link_to_problem(db_session=session, ticket=ticket, problem_number=problem.number.lower(),
                                        actor="console:lea") is problem
        assert (ticket.problem_id, changes(ticket)[-1]) == (problem.id, ("console:lea", "problem", None,
                                                                         problem.number))
        with pytest.raises(NotAProblem):
            handling.link_to_problem(db_session=session, ticket=ticket, problem_number=other.number, actor="a")
        with pytest.raises(TicketNotFound):
            handling.link_to_problem(db_session=session, ticket=ticket, problem_number="PRB-999999", actor="a")
        number = ticket.number
    with session_factory() as session:
        assert get_by_number(db_session=session, number=number).problem_id is not None


@pytest.mark.parametrize("step", ["set_pending", "change_status"])
def test_pending_on_approval_is_the_approvals_alone(session_factory, step) -> None:
    """An agent's step naming it is refused, from any status, and changes nothing; the approvals' use case
    (servicedesk.approvals.request_approval) goes through the workflow itself and is not refused."""
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        for status in ("new", "in_progress"):
            if status == "in_progress":
                handling.change_status(db_session=session, ticket=ticket, to="in_progress", actor="console:a",
                                       agreements=DESK, now=NOW)
            with pytest.raises(ApprovalStateReserved) as refused:
                if step == "set_pending":
                    handling.set_pending(db_session=session, ticket=ticket, on="approval", reason="boss",
                                         actor="console:a", agreements=DESK, now=NOW)
                else:
                    handling.change_status(db_session=session, ticket=ticket, to="pending", actor="console:a",
                                           agreements=DESK, pending_reason="approval", now=NOW)
            assert isinstance(refused.value, IllegalTransition)  # every adapter that words those words it
            assert (ticket.status, ticket.pending_reason, refused.value.current) == (status, None, status)
        handling.set_pending(db_session=session, ticket=ticket, on="requester", reason="which profile?",
                             actor="console:a", agreements=DESK, now=NOW)
        assert (ticket.status, ticket.pending_reason) == ("pending", "requester")
