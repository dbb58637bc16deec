"""Use cases that move a ticket through its workflow. Each records who, when, from, to and why in
the ticket's history, keeps the SLA clocks in step (servicedesk.sla.policy) and queues the notice
to the requester in the same transaction. None of them commits."""

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from servicedesk.errors import InvalidRating, MissingClosureCodes, ReopenWindowPassed
from servicedesk.models import utcnow
from servicedesk.notifications.service import notify
from servicedesk.priority import compute_priority
from servicedesk.sla import policy
from servicedesk.sla.policy import Agreements
from servicedesk.tickets.lifecycle import Status, check_transition, counts_as_reopen
from servicedesk.tickets.models import HistoryEntry, Ticket


def record(*, db_session: Session, ticket: Ticket, actor: str, field: str, old: object, new: object,
           reason: str = "", now: datetime | None = None) -> HistoryEntry:
    """Append one change to the ticket's history."""
    entry = HistoryEntry(actor=actor, field=field, old=None if old is None else str(old),
                         new=None if new is None else str(new), reason=reason, at=now or utcnow())
    ticket.history.append(entry)
    return entry


def change_status(*, db_session: Session, ticket: Ticket, to: str, actor: str, agreements: Agreements,
                  reason: str = "", reason_code: str | None = None, pending_reason: str | None = None,
                  supplier: str | None = None, now: datetime | None = None) -> None:
    """Move the ticket to `to` if the workflow allows it (IllegalTransition otherwise). `reason` is a person's
    words, or the history's; `reason_code` names a reason the desk itself gives, which the requester's notice
    words in their language rather than repeating the history's English."""
    now = now or utcnow()
    current = ticket.status
    check_transition(current, to, pending_reason)
    if counts_as_reopen(current, to):
        ticket.reopen_count += 1
        ticket.resolved_at = ticket.closed_at = None
    ticket.status = to
    ticket.pending_reason = pending_reason
    ticket.supplier = supplier if to == Status.PENDING else None
    if to in (Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED) and ticket.owned_at is None:
        ticket.owned_at = now  # resolving at first contact is owning it too: time to own is met
    if to == Status.RESOLVED:
        ticket.resolved_at = now
    if to in (Status.CLOSED, Status.CANCELLED):
        ticket.closed_at = now
    why = reason if not pending_reason else f"{reason} (pending on {pending_reason})".strip()
    record(db_session=db_session, ticket=ticket, actor=actor, field="status", old=current, new=to, reason=why, now=now)
    policy.on_status_change(db_session=db_session, ticket=ticket, agreements=agreements, now=now)
    told = {"from": current, "to": to, "reason": reason, **({"reason_code": reason_code} if reason_code else {})}
    _tell_requester(db_session, ticket, agreements, "status_changed", told, now)


def assign(*, db_session: Session, ticket: Ticket, group: str, level: int, actor: str, agreements: Agreements,
           reason: str = "", reason_code: str | None = None, now: datetime | None = None) -> None:
    """Give the ticket to a group; a higher level is a functional escalation. `reason_code` names a reason the
    desk itself gives, which the group's notice words in its reader's language (`reason` stays for the history)."""
    now = now or utcnow()
    old_group, old_level = ticket.group_name, ticket.level
    ticket.group_name, ticket.level = group, level
    record(db_session=db_session, ticket=ticket, actor=actor, field="group", old=old_group, new=group, reason=reason,
           now=now)
    if level != old_level:
        record(db_session=db_session, ticket=ticket, actor=actor, field="level", old=old_level, new=level,
               reason=reason, now=now)
    if ticket.status == Status.NEW:
        change_status(db_session=db_session, ticket=ticket, to=Status.ASSIGNED, actor=actor, agreements=agreements,
                      reason=reason, now=now)
    policy.on_group_change(db_session=db_session, ticket=ticket, agreements=agreements, now=now)
    notify(db_session=db_session, dedup_key=f"assigned:{ticket.id}:{group}:{now.isoformat()}", event="assigned",
           audience="group", recipient=group, ticket_id=ticket.id, language=ticket.language,
           payload={"number": ticket.number, "level": level, "escalation": level > old_level, "reason": reason,
                    **({"reason_code": reason_code} if reason_code else {})})


def set_priority(*, db_session: Session, ticket: Ticket, impact: int, urgency: int, actor: str,
                 agreements: Agreements, major: bool | None = None, reason: str = "",
                 now: datetime | None = None) -> None:
    """Re-rate the ticket; its clocks get the new targets and keep the time already spent."""
    now = now or utcnow()
    old = ticket.priority
    ticket.impact, ticket.urgency = impact, urgency
    ticket.priority = compute_priority(impact, urgency).value
    if major is not None and major != ticket.major:
        record(db_session=db_session, ticket=ticket, actor=actor, field="major", old=ticket.major, new=major,
               reason=reason, now=now)
        ticket.major = major
    if ticket.priority != old:
        record(db_session=db_session, ticket=ticket, actor=actor, field="priority", old=old, new=ticket.priority,
               reason=reason, now=now)
        policy.on_priority_change(db_session=db_session, ticket=ticket, agreements=agreements, now=now)


def resolve(*, db_session: Session, ticket: Ticket, actor: str, agreements: Agreements, category: str | None,
            cause_code: str | None, resolution_code: str | None, solution: str | None,
            now: datetime | None = None) -> None:
    """Resolve with the coded fields (MissingClosureCodes otherwise) and ask the requester to confirm."""
    check_closure(agreements=agreements, category=category, cause_code=cause_code, resolution_code=resolution_code,
                  solution=solution)
    ticket.category, ticket.cause_code, ticket.resolution_code, ticket.solution = (
        category, cause_code, resolution_code, solution)
    ticket.closure_reminders = 0
    change_status(db_session=db_session, ticket=ticket, to=Status.RESOLVED, actor=actor, agreements=agreements,
                  reason=f"{resolution_code}: {solution}", now=now)
    _tell_requester(db_session, ticket, agreements, "closure_request", {"solution": solution}, now or utcnow())


def check_closure(*, agreements: Agreements, category: str | None, cause_code: str | None,
                  resolution_code: str | None, solution: str | None) -> None:
    """What resolving needs: the four fields filled (MissingClosureCodes names every empty one) and the codes
    the client's (InvalidClosureCode). Forms call it first, to show each error on its field."""
    fields = {"category": category, "cause_code": cause_code, "resolution_code": resolution_code,
              "solution": solution}
    missing = [name for name, value in fields.items() if not (value or "").strip()]
    if missing:
        raise MissingClosureCodes(missing)
    agreements.check_closure_codes(category=category, cause_code=cause_code, resolution_code=resolution_code)


def close(*, db_session: Session, ticket: Ticket, actor: str, by: str, agreements: Agreements,
          now: datetime | None = None) -> None:
    """Close a resolved ticket: the requester agreed, or auto-close after silence; then ask for a rating."""
    now = now or utcnow()
    change_status(db_session=db_session, ticket=ticket, to=Status.CLOSED, actor=actor, agreements=agreements,
                  reason=f"closed by {by}", now=now)
    ticket.closed_by = by
    _tell_requester(db_session, ticket, agreements, "satisfaction_request", {}, now)


def refuse_solution(*, db_session: Session, ticket: Ticket, actor: str, agreements: Agreements, reason: str = "",
                    now: datetime | None = None) -> None:
    """The requester says it is not fixed: back to work, one more reopen."""
    change_status(db_session=db_session, ticket=ticket, to=Status.IN_PROGRESS, actor=actor, agreements=agreements,
                  reason=reason or "solution refused by the requester", now=now)


def reopen(*, db_session: Session, ticket: Ticket, actor: str, agreements: Agreements, reason: str = "",
           now: datetime | None = None) -> None:
    """Reopen a closed ticket within the client's window; after it, ReopenWindowPassed (open a linked one)."""
    now = now or utcnow()
    window = timedelta(days=agreements.reopen_window_days)
    if ticket.closed_at is None or now - ticket.closed_at > window:
        raise ReopenWindowPassed(ticket.number or str(ticket.id))
    change_status(db_session=db_session, ticket=ticket, to=Status.IN_PROGRESS, actor=actor, agreements=agreements,
                  reason=reason or "reopened by the requester", now=now)


def rate(*, db_session: Session, ticket: Ticket, rating: int, comment: str = "", actor: str) -> None:
    """Store the requester's satisfaction (1 to 5) on a closed ticket."""
    if ticket.status != Status.CLOSED or not 1 <= rating <= 5:
        raise InvalidRating(rating, ticket.status)
    ticket.satisfaction_rating, ticket.satisfaction_comment = rating, comment
    record(db_session=db_session, ticket=ticket, actor=actor, field="satisfaction", old=None, new=rating,
           reason=comment)


def _tell_requester(db_session: Session, ticket: Ticket, agreements: Agreements, event: str, payload: dict,
                    now: datetime) -> None:
    notify(db_session=db_session, dedup_key=f"{event}:{ticket.id}:{len(ticket.history)}", event=event,
           audience="requester", recipient=ticket.requester, ticket_id=ticket.id, channel=ticket.channel,
           language=ticket.language, payload={"number": ticket.number, **payload})
    policy.on_requester_informed(db_session=db_session, ticket=ticket, agreements=agreements, now=now)
