"""Follow-ups and reminders on a ticket already open (DESIGN.md step 2).

A follow-up (news asked, or more information given) lands in the ticket's log and is answered with
where the ticket stands. A reminder ("relance") is a follow-up that also counts: the requester is
chasing a late ticket, so it goes through the client's reminder rules, and a reminder on a ticket
past its deadline, or the third one, raises the ticket (flags it for escalation) so that a person
looks at it first. Either way the requester is told what happens next. A follow-up that says the problem
is worse than the ticket's rating (more people, more blocking) re-rates an open incident up (`rate_up`).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from servicedesk import escalation
from servicedesk.desk_rules import DeskRules
from servicedesk.models import utcnow
from servicedesk.sla.policy import Agreements, sla_deadline
from servicedesk.tickets import workflow
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import LogLine, add_log, last_update

REMINDERS_TO_RAISE = 3


@dataclass(frozen=True)
class TicketNews:
    """What the requester is told about their ticket."""

    number: str
    title: str
    status: str
    priority: str
    group: str | None
    updated: datetime
    deadline: datetime | None  # the resolution (or, before it, response) deadline the requester is owed


@dataclass(frozen=True)
class ReminderOutcome:
    news: TicketNews
    count: int  # reminders on this ticket, this one included
    raised: bool  # flagged for escalation by this reminder
    late: bool  # the ticket was past its deadline


def news(*, db_session: Session, ticket: Ticket) -> TicketNews:
    db_session.flush()
    return TicketNews(number=ticket.number or "", title=ticket.title, status=ticket.status, priority=ticket.priority,
                      group=ticket.group_name, updated=last_update(ticket),
                      deadline=sla_deadline(db_session=db_session, ticket=ticket))


@dataclass(frozen=True)
class Severity:
    impact: int | None
    urgency: int | None


def follow_up(*, db_session: Session, ticket: Ticket, line: LogLine) -> TicketNews:
    """Log what the requester said on the ticket and say where it stands."""
    add_log(db_session=db_session, ticket=ticket, line=line, kind="followup")
    return news(db_session=db_session, ticket=ticket)


def rate_up(*, db_session: Session, ticket: Ticket, worse: Severity, agreements: Agreements, line: LogLine) -> None:
    """Re-rate an open incident when what the requester says of how many are affected and how blocking it is
    ("I can't log into anything now, totally stuck") is more severe than its rating, with their words as the
    reason: never less severe, since the user's later calm ("no rush") does not undo what the desk was told
    first, and a person re-rates down."""
    if ticket.type != "incident" or ticket.status not in OPEN:
        return
    impact = min(ticket.impact, worse.impact or ticket.impact)
    urgency = min(ticket.urgency, worse.urgency or ticket.urgency)
    if (impact, urgency) == (ticket.impact, ticket.urgency):
        return
    workflow.set_priority(db_session=db_session, ticket=ticket, impact=impact, urgency=urgency, actor=line.author,
                          agreements=agreements, reason=f"the requester said: {line.body[:200]}", now=line.at)


def remind(*, db_session: Session, ticket: Ticket, line: LogLine, rules: DeskRules,
           now: datetime | None = None) -> ReminderOutcome:
    """Log and count the reminder, run the client's reminder rules, and raise the ticket when it is late
    or chased for the third time."""
    now = now or utcnow()
    already_raised = ticket.escalated
    add_log(db_session=db_session, ticket=ticket, line=line, kind="reminder")
    escalation.record_reminder(db_session=db_session, ticket=ticket, rules=rules, actor=line.author,
                               text=line.body, now=now)
    deadline = sla_deadline(db_session=db_session, ticket=ticket)
    late = deadline is not None and deadline <= now
    if (late or ticket.reminder_count >= REMINDERS_TO_RAISE) and not ticket.escalated:
        ticket.escalated = True
        why = "reminder on a ticket past its deadline" if late else f"reminder number {ticket.reminder_count}"
        workflow.record(db_session=db_session, ticket=ticket, actor="relais", field="escalation", old=None,
                        new="flagged", reason=why, now=now)
    return ReminderOutcome(news=news(db_session=db_session, ticket=ticket), count=ticket.reminder_count,
                           raised=ticket.escalated and not already_raised, late=late)
