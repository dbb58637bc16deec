"""Silent approvers, from the SLA supervisor's pass: a reminder after `remind_after` business hours, then after
`escalate_after` the step is also asked of the approver's own manager or the item's delegate.

Each fires once, even with two supervisors on the same database: it is claimed by an update that only succeeds
while its moment is still unrecorded (`reminded_at` / `escalated_at` null), and the notices it queues have
dedup keys of their own. The caller commits after the pass.
"""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from servicedesk.approvals import people, rules
from servicedesk.approvals.models import PENDING, Approval
from servicedesk.approvals.service import ACTOR, ask, awaits_approval, withdraw
from servicedesk.notifications.service import notify
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.document import MANAGER
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket


def run_once(*, db_session: Session, desk: ClientDesk, now: datetime) -> list[str]:
    """Remind and escalate what is due; a line per event fired, for the supervisor's log."""
    fired: list[str] = []
    due = select(Approval).where(Approval.status == PENDING, (
        (Approval.reminded_at.is_(None) & (Approval.remind_at <= now))
        | (Approval.escalated_at.is_(None) & (Approval.escalate_at <= now)))).order_by(Approval.id)
    for approval in list(db_session.scalars(due)):
        ticket = db_session.get_one(Ticket, approval.ticket_id)
        if not awaits_approval(ticket):  # cancelled or taken on by hand: nobody is chased for it
            withdraw(db_session=db_session, ticket=ticket)
            fired.append(f"{ticket.number}: approval step {approval.step} withdrawn ({ticket.status})")
            continue
        if approval.remind_at is not None and approval.remind_at <= now and _claim(db_session, approval,
                                                                                   "reminded_at", now):
            for address in approval.approvers:
                ask(db_session=db_session, ticket=ticket, approval=approval, address=address,
                    event="approval_reminder")
            fired.append(f"{ticket.number}: approval step {approval.step} reminded")
        if approval.escalate_at is not None and approval.escalate_at <= now and _claim(db_session, approval,
                                                                                       "escalated_at", now):
            fired.append(_escalate(db_session, ticket, approval, desk, now))
    return fired


def _claim(db_session: Session, approval: Approval, column: str, now: datetime) -> bool:
    """Record the moment once; False when another pass recorded it first."""
    field = getattr(Approval, column)
    done = db_session.execute(update(Approval).where(Approval.id == approval.id, field.is_(None),
                                                     Approval.status == PENDING)
                              .values({column: now}).execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult has it
        return False
    db_session.refresh(approval)
    return True


def _escalate(db_session: Session, ticket: Ticket, approval: Approval, desk: ClientDesk, now: datetime) -> str:
    rule = rules.rule_for(desk.settings, approval.item)
    target = rule.escalate_to if rule is not None else MANAGER
    if target == MANAGER:
        found = [people.manager_email(db_session=db_session, user=address) for address in approval.approvers]
    else:
        found = [target]
    extra = [address for address in rules.approvers_of(found, ticket.requester_email)
             if address not in approval.approvers]
    approval.escalated_to = extra
    workflow.record(db_session=db_session, ticket=ticket, actor=ACTOR, field="approval",
                    old=f"step {approval.step} ({approval.approver_kind}): pending",
                    new=f"escalated to {', '.join(extra) or 'the service desk'}", now=now)
    if not extra:
        notify(db_session=db_session, dedup_key=f"approval_unrouted:{approval.id}:escalation",
               event="approval_unrouted", audience="group", recipient=desk.default_group, ticket_id=ticket.id,
               language=ticket.language, payload={"number": ticket.number, "step": approval.approver_kind})
        return f"{ticket.number}: approval step {approval.step} escalated to the service desk (nobody known)"
    for address in extra:
        ask(db_session=db_session, ticket=ticket, approval=approval, address=address, event="approval_escalated")
    return f"{ticket.number}: approval step {approval.step} escalated to {', '.join(extra)}"
