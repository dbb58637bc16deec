"""The outbox's backlog, as the people who run the desk watch it: how many notifications wait, and since when;
a failed one still waits, a delivered one no longer does."""

from datetime import timedelta

from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.notifications.service import backlog, get_due, mark_delivered, mark_failed
from tests.servicedesk.notifications.test_outbox import fill


def test_pending_rows_and_the_age_of_the_oldest(session_factory) -> None:
    now = utcnow()
    with session_factory() as session:
        assert backlog(db_session=session, now=now) == (0, timedelta(0))
    fill(session_factory)
    with unit_of_work(session_factory) as session:
        first, second, *_ = get_due(db_session=session, now=now + timedelta(seconds=1))
        first.created_at = now - timedelta(minutes=10)  # queued ten minutes ago, tried in vain since
        mark_failed(db_session=session, notification=first, error="503", now=now)
        mark_delivered(db_session=session, notification=second, now=now)
        total = session.query(Notification).count()
    with session_factory() as session:
        waiting = backlog(db_session=session, now=now)
    assert waiting.pending == total - 1
    assert waiting.oldest_age == timedelta(minutes=10)
