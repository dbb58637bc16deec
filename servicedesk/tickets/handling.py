"""The steps an agent takes on a ticket, whatever tool they work in — the console's ticket page, the REST API, the
agents' Slack modals — so that the three check the same rules, write the same history and tell the requester the
same thing: take it or give it to someone, change its status (pending with its reason, reopened), escalate it to
another group, link it to a problem.

Each takes the caller's session and never commits; `actor` is who the history names ("console:alice",
"api:helpdesk", "slack:T1:U1"). The neighbours: resolving is servicedesk.tickets.resolution's (it returns what the
KB learns), a new priority servicedesk.tickets.workflow.set_priority's, telling a group's manager
servicedesk.escalation.hierarchical's, a public reply and an internal note servicedesk.tickets.replies'. (None of
them imports servicedesk.escalation, which sits a layer above the conversations that call this module.)
"""

from datetime import datetime

from sqlalchemy.orm import Session

from servicedesk import problems
from servicedesk.desk_rules import DeskRules
from servicedesk.errors import (
    ApprovalStateReserved,
    GroupUnknown,
    IllegalTransition,
    MissingClosureCodes,
    NotAProblem,
)
from servicedesk.models import utcnow
from servicedesk.sla.policy import Agreements
from servicedesk.tickets import workflow
from servicedesk.tickets.lifecycle import OPEN, PendingReason, Status, check_transition
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import get_by_number

_CLOSURE_FIELDS = ["category", "cause_code", "resolution_code", "solution"]


def take(*, db_session: Session, ticket: Ticket, agent: str, agent_name: str, agreements: Agreements,
         now: datetime | None = None) -> None:
    """The agent takes the ticket in hand ("assign to me"): it is theirs, and a new or assigned one is in
    progress (its time to own is met). IllegalTransition for a ticket no longer open."""
    now = now or utcnow()
    _hand_to(db_session, ticket, agent, agent_name, agent, now)
    if ticket.status in (Status.NEW, Status.ASSIGNED):
        workflow.change_status(db_session=db_session, ticket=ticket, to=Status.IN_PROGRESS, actor=agent,
                               agreements=agreements, reason=f"taken by {agent_name}", now=now)


def assign_to_agent(*, db_session: Session, ticket: Ticket, agent: str, agent_name: str, actor: str,
                    agreements: Agreements, now: datetime | None = None) -> None:
    """Give the ticket to one agent of its group; a new ticket becomes assigned. IllegalTransition for a ticket
    no longer open: nobody works on it any more."""
    now = now or utcnow()
    _hand_to(db_session, ticket, agent, agent_name, actor, now)
    if ticket.status == Status.NEW:
        workflow.change_status(db_session=db_session, ticket=ticket, to=Status.ASSIGNED, actor=actor,
                               agreements=agreements, reason=f"given to {agent_name}", now=now)


def assign_to_group(*, db_session: Session, ticket: Ticket, group: str, rules: DeskRules, actor: str,
                    reason: str = "", now: datetime | None = None) -> None:
    """Give the ticket to a support group of the client's settings (GroupUnknown otherwise), at that group's
    level: a higher one is a functional escalation. Its agent, if it had one, lets go of it."""
    level = _level(rules, group)
    old_group = ticket.group_name
    workflow.assign(db_session=db_session, ticket=ticket, group=group, level=level, actor=actor, agreements=rules,
                    reason=reason, now=now)
    if group != old_group:
        _let_go(db_session, ticket, actor, reason, now)


def escalate_functionally(*, db_session: Session, ticket: Ticket, group: str, rules: DeskRules, actor: str,
                          reason: str, now: datetime | None = None) -> None:
    """To another group (level 2, the experts), flagged as escalated as the supervisor's rules flag it
    (servicedesk.escalation.functional). Telling a manager is servicedesk.escalation.hierarchical."""
    assign_to_group(db_session=db_session, ticket=ticket, group=group, rules=rules, actor=actor, reason=reason,
                    now=now)
    ticket.escalated = True


def change_status(*, db_session: Session, ticket: Ticket, to: str, actor: str, agreements: Agreements,
                  reason: str = "", pending_reason: str | None = None, supplier: str | None = None,
                  now: datetime | None = None) -> None:
    """Any status the workflow allows (IllegalTransition otherwise) but resolved, which takes the closure codes
    (servicedesk.tickets.resolution; MissingClosureCodes here): closed is closing as the agent, in_progress from
    closed reopening within the client's window (ReopenWindowPassed after it). Pending on approval is refused
    (ApprovalStateReserved): only servicedesk.approvals.request_approval, which asks the approvers, puts it there."""
    if to == Status.RESOLVED:
        raise MissingClosureCodes(list(_CLOSURE_FIELDS))
    if to == Status.PENDING and pending_reason == PendingReason.APPROVAL:
        raise ApprovalStateReserved(ticket.status)
    check_transition(ticket.status, to, pending_reason)
    if to == Status.CLOSED:
        workflow.close(db_session=db_session, ticket=ticket, actor=actor, by="agent", agreements=agreements, now=now)
    elif ticket.status == Status.CLOSED:  # to in_progress, the only way out of closed
        workflow.reopen(db_session=db_session, ticket=ticket, actor=actor, agreements=agreements, reason=reason,
                        now=now)
    else:
        workflow.change_status(db_session=db_session, ticket=ticket, to=to, actor=actor, agreements=agreements,
                               reason=reason, pending_reason=pending_reason, supplier=supplier, now=now)


def set_pending(*, db_session: Session, ticket: Ticket, on: str, reason: str, actor: str, agreements: Agreements,
                supplier: str | None = None, now: datetime | None = None) -> None:
    """Waiting `on` the requester, a third party (`supplier`: its UC clock runs) or a change; the requester is told
    why. The clocks pause or run as servicedesk.sla.policy says."""
    change_status(db_session=db_session, ticket=ticket, to=Status.PENDING, actor=actor, agreements=agreements,
                  reason=reason, pending_reason=on, supplier=supplier if on == "third_party" else None, now=now)


def reopen(*, db_session: Session, ticket: Ticket, actor: str, agreements: Agreements, reason: str = "",
           now: datetime | None = None) -> None:
    """Back to work from resolved (the solution did not hold) or closed (within the reopen window); one more
    reopen counted either way."""
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise IllegalTransition(ticket.status, Status.IN_PROGRESS, "only a resolved or closed ticket is reopened")
    change_status(db_session=db_session, ticket=ticket, to=Status.IN_PROGRESS, actor=actor, agreements=agreements,
                  reason=reason or "reopened by an agent", now=now)


def link_to_problem(*, db_session: Session, ticket: Ticket, problem_number: str, actor: str,
                    now: datetime | None = None) -> Ticket:
    """Put the ticket under a problem ticket (TicketNotFound, NotAProblem otherwise); returns the problem."""
    problem = get_by_number(db_session=db_session, number=problem_number.strip().upper())
    if problem.type != "problem" or problem.id == ticket.id:
        raise NotAProblem(problem.number or problem_number)
    problems.link(db_session=db_session, incident=ticket, problem=problem, actor=actor, now=now)
    return problem


def _level(rules: DeskRules, group: str) -> int:
    try:
        return rules.group_level(group)
    except KeyError as error:
        raise GroupUnknown(group) from error


def _hand_to(db_session: Session, ticket: Ticket, agent: str, agent_name: str, actor: str, now: datetime) -> None:
    if ticket.status not in OPEN:
        raise IllegalTransition(ticket.status, Status.ASSIGNED, "only an open ticket is given to an agent")
    if ticket.assignee != agent:
        workflow.record(db_session=db_session, ticket=ticket, actor=actor, field="assignee",
                        old=ticket.assignee_name or ticket.assignee, new=agent_name, now=now)
        ticket.assignee, ticket.assignee_name = agent, agent_name


def _let_go(db_session: Session, ticket: Ticket, actor: str, reason: str, now: datetime | None) -> None:
    """A ticket moving to another group is no longer its agent's."""
    if ticket.assignee is not None:
        workflow.record(db_session=db_session, ticket=ticket, actor=actor, field="assignee",
                        old=ticket.assignee_name or ticket.assignee, new=None, reason=reason, now=now)
        ticket.assignee = ticket.assignee_name = None
