"""The approvals' use cases: ask the approvers of a request that needs them, decide, read a ticket's approvals.
None commits: the caller's unit of work does, so a decision, its history, the ticket's new status and every
notice it queues are stored together or not at all.

Each approver is told through the outbox (audience `approver`, their address as recipient): the doors deliver it
where they work (a Slack or Teams message with Approve / Reject, else an e-mail with signed links). The
requester hears of the outcome through the ticket's usual notices.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from servicedesk.approvals import people, rules
from servicedesk.approvals.errors import AlreadyDecided, ApprovalNotFound
from servicedesk.approvals.models import APPROVED, PENDING, REJECTED, WITHDRAWN, Approval
from servicedesk.approvals.rules import APPROVE, ApprovalRule
from servicedesk.models import utcnow
from servicedesk.notifications.service import notify
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets import workflow
from servicedesk.tickets.lifecycle import PendingReason, Status
from servicedesk.tickets.models import Ticket

ACTOR = "relais"
_EXCERPT = 500  # characters of the request's description an approver reads in the notice


@dataclass(frozen=True)
class Decided:
    """What a decision did: the next step asked, the ticket released to its group, or the request cancelled."""

    number: str
    decision: str  # approve, reject
    outcome: str  # next, released, cancelled
    group: str | None


def request_approval(*, db_session: Session, ticket: Ticket, item: str, desk: ClientDesk,
                     now: datetime | None = None) -> Approval | None:
    """When the request's catalogue item needs approval, make the ticket wait on it and ask the first approver;
    None when it needs none. Called once the request is opened and given to its group."""
    rule = rules.rule_for(desk.settings, item)
    if rule is None or ticket.status not in (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS):
        return None
    now = now or utcnow()
    workflow.change_status(db_session=db_session, ticket=ticket, to=Status.PENDING, actor=ACTOR, agreements=desk,
                           reason=f"awaiting approval (catalogue item {item})", reason_code="awaiting_approval",
                           pending_reason=PendingReason.APPROVAL, now=now)
    return _ask(db_session, ticket, rule, 1, desk, now)


def decide(*, db_session: Session, approval_id: int, person: str, decision: str, via: str, desk: ClientDesk,
           reason: str = "", now: datetime | None = None) -> Decided:
    """`person` (an address a door verified) approves or rejects. Refused unless the step is pending, they are
    one of its approvers and not the requester (servicedesk.approvals.rules.check_decision). Only one decision
    can win: the row is claimed by a conditional update, so a replayed link or a twin click finds it taken."""
    now = now or utcnow()
    approval = get(db_session=db_session, approval_id=approval_id)
    ticket = db_session.get_one(Ticket, approval.ticket_id)
    number = ticket.number or str(ticket.id)
    if approval.status == PENDING and not awaits_approval(ticket):  # cancelled or taken on by hand meanwhile
        withdraw(db_session=db_session, ticket=ticket)
        db_session.refresh(approval)
    rules.check_decision(number=number, status=approval.status, decided_by=approval.decided_by,
                         approvers=[*approval.approvers, *approval.escalated_to],
                         requester_email=ticket.requester_email, person=person, decision=decision)
    status = APPROVED if decision == APPROVE else REJECTED
    who, why = rules.normalise(person), " ".join(reason.split())[:1000]
    claimed = db_session.execute(
        update(Approval).where(Approval.id == approval.id, Approval.status == PENDING)
        .values(status=status, decided_by=who, decided_via=via, decided_at=now, reason=why)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult has it: decided meanwhile
        db_session.refresh(approval)
        raise AlreadyDecided(number, approval.status, approval.decided_by)
    db_session.refresh(approval)
    workflow.record(db_session=db_session, ticket=ticket, actor=f"email:{who}", field="approval",
                    old=f"step {approval.step} ({approval.approver_kind}): pending",
                    new=f"{status} via {via}", reason=why, now=now)
    if status == REJECTED:
        withdraw(db_session=db_session, ticket=ticket)
        workflow.change_status(db_session=db_session, ticket=ticket, to=Status.CANCELLED, actor=f"email:{who}",
                               agreements=desk, reason=why or "approval rejected", reason_code="approval_rejected",
                               now=now)
        _tell_requester(db_session, ticket, approval, "rejected", who, why, now)
        return Decided(number, decision, "cancelled", ticket.group_name)
    rule = rules.rule_for(desk.settings, approval.item)
    if rule is not None and approval.step < len(rule.steps):
        _tell_requester(db_session, ticket, approval, "approved_next", who, why, now)
        _ask(db_session, ticket, rule, approval.step + 1, desk, now)
        return Decided(number, decision, "next", ticket.group_name)
    workflow.change_status(db_session=db_session, ticket=ticket, to=Status.ASSIGNED, actor=f"email:{who}",
                           agreements=desk, reason="approved", reason_code="approval_approved", now=now)
    _tell_requester(db_session, ticket, approval, "approved", who, why, now)
    return Decided(number, decision, "released", ticket.group_name)


def get(*, db_session: Session, approval_id: int) -> Approval:
    """An approval by id; ApprovalNotFound when this client's database has none of that id."""
    approval = db_session.get(Approval, approval_id)
    if approval is None:
        raise ApprovalNotFound(approval_id)
    return approval


def of_ticket(*, db_session: Session, ticket_id: int) -> list[Approval]:
    """A ticket's approval steps, in order: what the console's ticket page shows."""
    return list(db_session.scalars(select(Approval).where(Approval.ticket_id == ticket_id).order_by(Approval.step)))


def _ask(db_session: Session, ticket: Ticket, rule: ApprovalRule, step: int, desk: ClientDesk,
         now: datetime) -> Approval:
    """The step's approval, and a notice to each of its approvers. A step nobody can decide (no manager known,
    the requester alone in the group) is said to the service desk, which sorts it out (import the directory,
    fix the group) while the request keeps waiting."""
    kind = rule.steps[step - 1]
    if rules.is_manager_step(kind):
        candidates = [people.manager_email(db_session=db_session, user=ticket.requester, email=ticket.requester_email)]
    else:
        candidates = list(rules.group_members(desk.settings, kind))
    approvers = rules.approvers_of(candidates, ticket.requester_email)
    remind_at, escalate_at = rules.deadlines(desk.business_calendar, now, rule)
    approval = Approval(ticket_id=ticket.id, item=rule.item, step=step, approver_kind=kind, approvers=approvers,
                        status=PENDING, nonce=secrets.token_hex(16), requested_at=now, remind_at=remind_at,
                        escalate_at=escalate_at)
    db_session.add(approval)
    db_session.flush()
    workflow.record(db_session=db_session, ticket=ticket, actor=ACTOR, field="approval", old=None,
                    new=f"step {step} ({kind}): asked of {', '.join(approvers) or 'nobody known'}", now=now)
    if not approvers:
        notify(db_session=db_session, dedup_key=f"approval_unrouted:{approval.id}", event="approval_unrouted",
               audience="group", recipient=desk.default_group, ticket_id=ticket.id, language=ticket.language,
               payload={"number": ticket.number, "step": kind})
    for address in approvers:
        ask(db_session=db_session, ticket=ticket, approval=approval, address=address, event="approval_request")
    return approval


def ask(*, db_session: Session, ticket: Ticket, approval: Approval, address: str, event: str,
        key: str = "") -> None:
    """Queue the question to one approver: what is asked, by whom, and the approval it decides."""
    language = people.language_of(db_session=db_session, email=address) or ticket.language
    notify(db_session=db_session, dedup_key=f"{event}:{approval.id}:{address}{key}", event=event,
           audience="approver", recipient=address, ticket_id=ticket.id, language=language,
           payload={"number": ticket.number, "approval_id": approval.id, "item": ticket.service or approval.item,
                    "requester": ticket.requester_email or ticket.requester, "step": approval.approver_kind,
                    "requested_for": ticket.requested_for, "justification": ticket.justification,
                    "description": ticket.description[:_EXCERPT], "needed_by": ticket.needed_by})


def _tell_requester(db_session: Session, ticket: Ticket, approval: Approval, outcome: str, who: str, why: str,
                    now: datetime) -> None:
    notify(db_session=db_session, dedup_key=f"approval_decided:{approval.id}", event="approval_decided",
           audience="requester", recipient=ticket.requester, ticket_id=ticket.id, channel=ticket.channel,
           language=ticket.language,
           payload={"number": ticket.number, "outcome": outcome, "by": who, "reason": why,
                    "group": ticket.group_name, "at": now.isoformat()})


def awaits_approval(ticket: Ticket) -> bool:
    """Whether the ticket still waits on its approvers: an agent may have cancelled it or taken it on meanwhile."""
    return ticket.status == Status.PENDING and ticket.pending_reason == PendingReason.APPROVAL


def withdraw(*, db_session: Session, ticket: Ticket) -> None:
    """Nobody is to decide the ticket's pending steps any more (rejected, cancelled, taken on by hand)."""
    db_session.execute(update(Approval).where(Approval.ticket_id == ticket.id, Approval.status == PENDING)
                       .values(status=WITHDRAWN).execution_options(synchronize_session=False))
