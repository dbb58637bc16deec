"""Auto-close: M reminders, a notice, then closed after N business days of silence."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.tickets import workflow
from servicedesk.tickets.closing import AutoClose, business_days, run_auto_close
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.servicedesk.desk import DESK_CALENDAR, Desk

DESK = Desk()
FRIDAY_17H = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
RULES = AutoClose(reminders=2, business_days=3, notice_business_days=1)


def test_business_days_skip_weekends_and_holidays() -> None:
    assert business_days(DESK_CALENDAR, FRIDAY_17H, FRIDAY_17H + timedelta(days=3)) == 1  # Monday only
    christmas_eve = datetime(2026, 12, 24, 9, 0, tzinfo=UTC)
    assert business_days(DESK_CALENDAR, christmas_eve, christmas_eve + timedelta(days=4)) == 1  # 25th off, weekend


def test_reminders_notice_then_auto_close(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="VPN coupe", impact=3, urgency=3, requester="u1", channel="rest",
            conversation_id="u1", language="fr"), agreements=DESK, now=FRIDAY_17H - timedelta(hours=2))
        workflow.resolve(db_session=session, ticket=ticket, actor="agent", agreements=DESK, category="network",
                         cause_code="config", resolution_code="fixed", solution="profil recréé", now=FRIDAY_17H)
        number = ticket.number

    def tick(days: float) -> list[str]:
        with unit_of_work(session_factory) as session:
            return run_auto_close(db_session=session, agreements=DESK, calendar=DESK_CALENDAR, rules=RULES,
                                  now=FRIDAY_17H + timedelta(days=days))

    assert tick(1) == []  # Saturday
    assert tick(3) == [f"{number}: closure reminder 1/2"]  # Monday
    assert tick(3.1) == []
    assert tick(4) == [f"{number}: closure reminder 2/2", f"{number}: closure notice"]  # Tuesday
    assert tick(5) == [f"{number}: closed automatically after 3 business days"]  # Wednesday
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert (ticket.status, ticket.closed_by) == ("closed", "auto")
        events = [n.event for n in session.scalars(select(Notification).order_by(Notification.id))]
    assert events[-5:] == ["closure_reminder", "closure_reminder", "closure_notice", "status_changed",
                           "satisfaction_request"]
