"""Reading the outbox for a deliverer: only the audiences it can reach, after a cursor, and claimed so that
two deliverers on PostgreSQL never hold the same row (SKIP LOCKED); a row done without a send says why."""

from datetime import timedelta

from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.notifications.service import get_due, mark_delivered, mark_failed, notify


def fill(session_factory) -> list[int]:
    with unit_of_work(session_factory) as session:
        audiences = ("requester", "manager", "group", "client_contact", "everyone")
        rows = [notify(db_session=session, dedup_key=f"n{i}", event="status_changed", audience=audience,
                       recipient=f"user{i}", language="fr") for i, audience in enumerate(audiences)]
        session.flush()
        return [row.id for row in rows]


def test_only_the_audiences_asked_for_and_after_the_cursor(session_factory) -> None:
    ids = fill(session_factory)
    with session_factory() as session:
        assert [n.id for n in get_due(db_session=session)] == ids
        doors = ("requester", "agents", "group", "everyone")
        assert [n.audience for n in get_due(db_session=session, audiences=doors)] == ["requester", "group", "everyone"]
        assert [n.audience for n in get_due(db_session=session, audiences=doors, after=ids[0], limit=1)] == ["group"]


def test_failed_rows_wait_their_retry_and_delivered_rows_are_gone(session_factory) -> None:
    ids = fill(session_factory)
    now = utcnow()
    with unit_of_work(session_factory) as session:
        first, second = get_due(db_session=session, now=now, limit=2)
        mark_failed(db_session=session, notification=first, error="429", retry_after=7, now=now)
        mark_delivered(db_session=session, notification=second, now=now, note="no door")
    with session_factory() as session:
        assert ids[0] not in [n.id for n in get_due(db_session=session, now=now + timedelta(seconds=6))]
        assert [n.id for n in get_due(db_session=session, now=now + timedelta(seconds=7))][:1] == [ids[0]]
        assert ids[1] not in [n.id for n in get_due(db_session=session, now=now + timedelta(days=1))]
        assert session.get(Notification, ids[1]).last_error == "no door"


def test_a_claimed_row_is_skipped_by_another_claim_on_postgresql(postgres_url) -> None:
    """Only PostgreSQL has row locks (SQLite's single deliverer claims nothing: the next test)."""
    engine = make_engine(postgres_url)
    session_factory = make_session_factory(engine)
    ids = fill(session_factory)
    with session_factory() as first, session_factory() as second:
        [held] = get_due(db_session=first, limit=1, claim=True)
        [other] = get_due(db_session=second, limit=1, claim=True)
        assert (held.id, other.id) == (ids[0], ids[1])
        first.rollback()
        second.rollback()
        assert [n.id for n in get_due(db_session=second, limit=1, claim=True)] == [ids[0]]
    engine.dispose()


def test_a_claim_works_on_sqlite_too(session_factory) -> None:
    ids = fill(session_factory)
    with session_factory() as session:
        assert [n.id for n in get_due(db_session=session, limit=1, claim=True)] == ids[:1]
