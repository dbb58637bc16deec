"""An announcement written in French and English: each recipient's payload carries its own language's words and
every language's, its updates too; what the desk refuses (a service outside the catalogue, a window ending before
it starts, a language without its words, an update after the end) is refused before anything is posted."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from servicedesk.announcements import service as announcements
from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidAnnouncement
from servicedesk.notifications.models import Notification
from tests.servicedesk.test_announcements import report

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
WORDS = {"fr": {"title": "Panne SAP", "body": "SAP est en panne"}, "en": {"title": "SAP outage", "body": "SAP is down"}}


def announce(session, **changes):
    values = {"kind": "major_incident", "title": "Panne SAP", "body": "SAP est en panne", "services": ["SAP"],
              "starts_at": NOW, "client_language": "fr", "translations": WORDS, "catalogue": ["SAP", "VPN"],
              "targeted": True} | changes
    return announcements.create(db_session=session, **values)


def test_each_recipient_reads_their_languages_words(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        report(session, "alice", "SAP", "slack")
        report(session, "dave", "SAP", "slack", language="en")
        outage = announce(session)
        announcements.update(db_session=session, announcement=outage, body="Rétabli", client_language="fr",
                             final=True, translations={"fr": "Rétabli", "en": "Back up"})
        assert (outage.title_in("en"), outage.body_in("en"), outage.updates[0].body_in("en")) == (
            "SAP outage", "SAP is down", "Back up")
    with session_factory() as session:
        sent = {(n.event, n.recipient): n.payload for n in session.scalars(select(Notification))}
    assert (sent["announcement", "dave"]["title"], sent["announcement", "dave"]["body"]) == ("SAP outage",
                                                                                             "SAP is down")
    assert sent["announcement", "announcements"]["title"] == "Panne SAP"
    assert sent["announcement", "alice"]["translations"] == WORDS
    assert sent["announcement_end", "dave"]["body"] == "Back up"
    assert sent["announcement_end", "alice"]["translations"]["en"] == {"title": "SAP outage", "body": "Back up"}


def test_an_announcement_in_one_language_reads_as_before(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        outage = announce(session, translations=None, targeted=False)
        assert (outage.title_in("en"), outage.body_in("en")) == ("Panne SAP", "SAP est en panne")
    with session_factory() as session:
        [notice] = session.scalars(select(Notification))
    assert (notice.payload["title"], notice.payload["translations"]) == ("Panne SAP", {})


@pytest.mark.parametrize(("changes", "reason"), [
    ({"kind": "rumour"}, "kind"),
    ({"services": ["SAP", "Fax"]}, "services"),
    ({"ends_at": NOW - timedelta(hours=1)}, "window"),
    ({"ends_at": NOW}, "window"),
    ({"translations": {**WORDS, "en": {"title": "SAP outage", "body": "  "}}}, "text"),
    ({"title": ""}, "text"),
    ({"translations": {**WORDS, "en": {"title": "SAP" * 70, "body": "SAP is down"}}}, "title_length"),
])
def test_what_the_desk_refuses_posts_nothing(session_factory, changes, reason) -> None:
    with pytest.raises(InvalidAnnouncement) as refused, unit_of_work(session_factory) as session:
        announce(session, **changes)
    assert refused.value.reason == reason
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 0


def test_an_announcement_over_takes_no_more_updates(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        outage = announce(session)
        announcements.update(db_session=session, announcement=outage, body="Rétabli", final=True,
                             client_language="fr")
        with pytest.raises(InvalidAnnouncement) as refused:
            announcements.update(db_session=session, announcement=outage, body="Encore", client_language="fr")
        assert refused.value.reason == "ended"
        with pytest.raises(InvalidAnnouncement):
            announcements.update(db_session=session, announcement=outage, body="Encore", client_language="fr",
                                 final=True)


def test_all_announcements_come_latest_first(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        first = announce(session)
        second = announce(session, kind="planned_change", ends_at=NOW + timedelta(hours=2))
        assert [a.id for a in announcements.get_all(db_session=session)] == [second.id, first.id]
        assert announcements.get(db_session=session, announcement_id=first.id) is first
        assert announcements.get(db_session=session, announcement_id=999) is None


def test_a_window_given_in_the_clients_time_is_kept_and_sent_in_utc(session_factory) -> None:
    paris = ZoneInfo("Europe/Paris")
    with unit_of_work(session_factory) as session:
        change = announce(session, kind="planned_change", targeted=False,
                          starts_at=datetime(2026, 12, 12, 8, 0, tzinfo=paris),
                          ends_at=datetime(2026, 12, 12, 12, 0, tzinfo=paris))
        assert change.starts_at == datetime(2026, 12, 12, 7, 0, tzinfo=UTC) and change.starts_at.tzinfo is UTC
    with session_factory() as session:
        [notice] = session.scalars(select(Notification))
    assert (notice.payload["starts_at"], notice.payload["ends_at"]) == ("2026-12-12T07:00:00+00:00",
                                                                        "2026-12-12T11:00:00+00:00")
