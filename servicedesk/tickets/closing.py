"""Closing a resolved ticket the requester never confirmed (DESIGN.md step 6): M reminders, a notice
before the end, then an automatic close after N business days of silence — as the client's settings say.

Business days are counted on the client's calendar (weekends and holidays excluded), in its time zone.
Dedup keys carry the reopen count, so a ticket refused and resolved again starts a fresh cycle.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.calendar import BusinessCalendar
from servicedesk.notifications.service import notify
from servicedesk.sla.policy import Agreements
from servicedesk.tickets import workflow
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Ticket


@dataclass(frozen=True)
class AutoClose:
    reminders: int = 3  # M
    business_days: int = 5  # N
    notice_business_days: int = 1


def business_days(calendar: BusinessCalendar, start: datetime, end: datetime) -> int:
    """Open days strictly after start's local date, up to and including end's."""
    zone = calendar._zone
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    count, day = 0, first + timedelta(days=1)
    while day <= last:
        if calendar.weekly.get(day.weekday()) and day not in calendar.holidays:
            count += 1
        day += timedelta(days=1)
    return count


def run_auto_close(*, db_session: Session, agreements: Agreements, calendar: BusinessCalendar, rules: AutoClose,
                   now: datetime) -> list[str]:
    done: list[str] = []
    resolved = select(Ticket).where(Ticket.status == Status.RESOLVED, Ticket.resolved_at.is_not(None))
    for ticket in list(db_session.scalars(resolved.order_by(Ticket.id))):
        assert ticket.resolved_at is not None  # the query reads only tickets with one
        days = business_days(calendar, ticket.resolved_at, now)
        cycle = ticket.reopen_count
        if ticket.closure_reminders < rules.reminders and days >= ticket.closure_reminders + 1:
            ticket.closure_reminders += 1
            _tell(db_session, ticket, "closure_reminder", f"{cycle}:{ticket.closure_reminders}",
                  {"reminder": ticket.closure_reminders, "of": rules.reminders})
            done.append(f"{ticket.number}: closure reminder {ticket.closure_reminders}/{rules.reminders}")
        in_notice = rules.business_days - rules.notice_business_days <= days < rules.business_days
        if in_notice and _tell(db_session, ticket, "closure_notice", str(cycle),
                               {"in_business_days": rules.business_days - days}):
            done.append(f"{ticket.number}: closure notice")
        if days >= rules.business_days and ticket.closure_reminders >= rules.reminders:
            workflow.close(db_session=db_session, ticket=ticket, actor="supervisor", by="auto", agreements=agreements,
                           now=now)
            done.append(f"{ticket.number}: closed automatically after {days} business days")
    return done


def _tell(db_session: Session, ticket: Ticket, event: str, key: str, payload: dict) -> bool:
    return notify(db_session=db_session, dedup_key=f"{event}:{ticket.id}:{key}", event=event, audience="requester",
                  recipient=ticket.requester, ticket_id=ticket.id, channel=ticket.channel, language=ticket.language,
                  payload={"number": ticket.number, **payload}) is not None
