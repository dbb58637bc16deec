"""Where an announcement was posted, for its thread: the first post is kept, and a follow-up knows when an
earlier message of its announcement is still on its way to the same recipient."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from servicedesk.announcements import service as announcements
from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.notifications.service import mark_delivered

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_the_first_post_is_kept(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        outage = announcements.create(db_session=session, client_language="fr",
                                      kind="major_incident", title="Messagerie", body="Panne",
                                      services=["Messagerie"], starts_at=NOW)
        assert announcements.get_post(db_session=session, announcement_id=outage.id, recipient="announcements") is None
        announcements.record_post(db_session=session, announcement_id=outage.id, recipient=announcements.CHANNEL,
                                  reference={"channel": "C1", "ts": "1.1"})
        again = announcements.record_post(db_session=session, announcement_id=outage.id,
                                          recipient=announcements.CHANNEL, reference={"channel": "C1", "ts": "9.9"})
        assert again.reference == {"channel": "C1", "ts": "1.1"}
        assert announcements.get_post(db_session=session, announcement_id=outage.id,
                                      recipient=announcements.CHANNEL).reference["ts"] == "1.1"


def test_an_update_waits_for_what_came_before_it_to_the_same_recipient(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        outage = announcements.create(db_session=session, client_language="fr",
                                      kind="major_incident", title="Messagerie", body="Panne",
                                      services=["Messagerie"], starts_at=NOW)
        other = announcements.create(db_session=session, client_language="fr",
                                     kind="major_incident", title="VPN", body="Panne",
                                     services=["VPN"], starts_at=NOW)
        announcements.update(db_session=session, client_language="fr",
                             announcement=outage, body="Rétablie", final=True,
                             now=NOW + timedelta(hours=1))
        session.flush()
        first, second, end = session.scalars(select(Notification).order_by(Notification.id)).all()
        assert (first.event, second.payload["announcement_id"], end.event) == (
            "announcement", other.id, "announcement_end")
        assert not announcements.waits_for_earlier(db_session=session, notification=first)
        assert not announcements.waits_for_earlier(db_session=session, notification=second)  # another one
        assert announcements.waits_for_earlier(db_session=session, notification=end)
        mark_delivered(db_session=session, notification=first)
        session.flush()
        assert not announcements.waits_for_earlier(db_session=session, notification=end)
