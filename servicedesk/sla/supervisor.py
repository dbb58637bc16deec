"""One pass of the SLA supervisor over a client's database: warnings at 75%, breaches at 100%,
the escalation rules they trigger, the keep-in-loop update to requesters left in silence, and a word
to a requester still waiting for an agent when the group's OLA time to own runs out.

Each event fires once: it is inserted under a unique (clock, kind, cycle) constraint inside a
savepoint, so a restart or a second supervisor racing on the same clock finds it taken and does
nothing. The caller commits after each pass.
"""

from datetime import datetime

from sqlalchemy import Exists, Select, and_, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from servicedesk import escalation
from servicedesk.conversations import service as conversations
from servicedesk.desk_rules import DeskRules
from servicedesk.notifications.service import notify
from servicedesk.sla import clocks
from servicedesk.sla.models import Clock, ClockEvent
from servicedesk.sla.policy import sla_deadline
from servicedesk.tickets.models import Ticket


def run_once(*, db_session: Session, rules: DeskRules, now: datetime) -> list[str]:
    """Fire what is due; returns a line per event fired (for logs and the CLI)."""
    fired: list[str] = []
    for clock in list(db_session.scalars(_due(now))):
        ticket = db_session.get_one(Ticket, clock.ticket_id)
        if clock.metric == "keep_in_loop":
            if clock.deadline is not None and clock.deadline <= now and _fire(db_session, clock, "breach", now):
                _keep_in_loop(db_session, ticket, clock, rules, now)
                fired.append(f"{ticket.number}: keep-in-loop update sent")
            continue
        for kind, moment in (("warning", clock.warn_at), ("breach", clock.deadline)):
            if moment is not None and moment <= now and _fire(db_session, clock, kind, now):
                fired.append(f"{ticket.number}: {clock.kind} {clock.metric} {kind} ({clock.agreement})")
                _announce(db_session, ticket, clock, kind, rules, now)
                if clock.kind == "OLA" and clock.metric == "tto" and kind == "breach" \
                        and _takeover_delayed(db_session, ticket, clock):
                    fired.append(f"{ticket.number}: requester told the takeover is delayed")
                fired.extend(escalation.apply_rules(db_session=db_session, ticket=ticket,
                                                    trigger=f"{clock.metric}_{kind}", rules=rules, now=now))
    return fired


def _due(now: datetime) -> Select[Clock]:
    """Running clocks with an event still to fire: a warning or breach not yet recorded, or a keep-in-loop
    deadline reached. Clocks whose events are all recorded are not read again on every pass."""
    def recorded(kind: str) -> Exists:
        return exists().where(ClockEvent.clock_id == Clock.id, ClockEvent.kind == kind)

    tracked = Clock.metric != "keep_in_loop"
    return select(Clock).where(
        Clock.stopped_at.is_(None), Clock.running_since.is_not(None),
        or_(and_(~tracked, Clock.deadline <= now),
            and_(tracked, Clock.warn_at <= now, ~recorded("warning")),
            and_(tracked, Clock.deadline <= now, ~recorded("breach"))),
    ).order_by(Clock.id)


def _fire(db_session: Session, clock: Clock, kind: str, now: datetime) -> bool:
    """Record the event once; False when it was already recorded (by us or a twin supervisor)."""
    # A keep-in-loop clock restarts after each update: each deadline it reaches is its own event, and
    # two supervisors that saw the same deadline collide on it.
    cycle = int(clock.deadline.timestamp()) if clock.metric == "keep_in_loop" and clock.deadline else 0
    try:
        with db_session.begin_nested():
            db_session.add(ClockEvent(clock_id=clock.id, kind=kind, cycle=cycle, at=now))
    except IntegrityError:
        return False
    return True


def _announce(db_session: Session, ticket: Ticket, clock: Clock, kind: str, rules: DeskRules,
              now: datetime) -> None:
    group = ticket.group_name or rules.default_group
    notify(db_session=db_session, dedup_key=f"sla_{kind}:{clock.id}", event=f"sla_{kind}", audience="group",
           recipient=group, ticket_id=ticket.id, language=ticket.language,
           payload={"number": ticket.number, "agreement": clock.agreement, "kind": clock.kind,
                    "metric": clock.metric, "deadline": clock.deadline.isoformat() if clock.deadline else None})


def _takeover_delayed(db_session: Session, ticket: Ticket, clock: Clock) -> bool:
    """No agent took the live conversation within the group's OLA: the escalation rules raise it, and the
    requester, left waiting in their channel, is told by when the SLA still promises a resolution. Once
    per clock; False when there is no one waiting (the ticket is not in a live takeover)."""
    takeover = conversations.waiting_takeover(db_session=db_session, ticket=ticket)
    if takeover is None:
        return False
    deadline = sla_deadline(db_session=db_session, ticket=ticket)
    queued = notify(db_session=db_session, dedup_key=f"takeover_delayed:{clock.id}", event="takeover_delayed",
                    audience="requester", recipient=ticket.requester, ticket_id=ticket.id, channel=ticket.channel,
                    language=ticket.language,
                    payload={"number": ticket.number, "takeover_id": takeover.id,
                             "conversation": takeover.conversation_key,
                             "deadline": deadline.isoformat() if deadline else None})
    return queued is not None


def _keep_in_loop(db_session: Session, ticket: Ticket, clock: Clock, rules: DeskRules, now: datetime) -> None:
    notify(db_session=db_session, dedup_key=f"keep_in_loop:{clock.id}:{now.isoformat()}", event="keep_in_loop",
           audience="requester", recipient=ticket.requester, ticket_id=ticket.id, channel=ticket.channel,
           language=ticket.language, payload={"number": ticket.number, "status": ticket.status,
                                              "group": ticket.group_name})
    clocks.restart(clock, rules.calendar(clock.calendar), now)
