"""Rasa's tracker store, reached by URL: a purged or erased conversation's events go, on SQLite and PostgreSQL,
with the table as Rasa 3.6's SQLTrackerStore makes it."""

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, insert, select

from servicedesk.database import make_engine, unit_of_work
from servicedesk.privacy.retention import Retention, purge_expired
from servicedesk.privacy.tracker import TrackerStore, from_environment
from tests.conftest import postgres_database
from tests.servicedesk.privacy.conftest import MARIE, NOW, PAUL, days_ago, talk

_METADATA = MetaData()
EVENTS = Table("events", _METADATA,  # rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent
               Column("id", Integer, primary_key=True), Column("sender_id", String(255), nullable=False, index=True),
               Column("type_name", String(255), nullable=False), Column("timestamp", Float),
               Column("intent_name", String(255)), Column("action_name", String(255)), Column("data", Text))


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker(request, tmp_path) -> Iterator[TrackerStore]:
    if request.param == "sqlite":
        yield _filled(f"sqlite:///{tmp_path / 'rasa_tracker.db'}")
    else:
        with postgres_database("relais_tracker") as url:
            yield _filled(url)


def _filled(url: str) -> TrackerStore:
    engine = make_engine(url)
    _METADATA.create_all(engine)
    with engine.begin() as connection:
        for sender in (MARIE.conversation, PAUL.conversation):
            for at, kind, text in ((1.0, "user", f"bonjour de {sender}"), (2.0, "bot", "Bonjour !"),
                                   (3.0, "action", None)):
                connection.execute(insert(EVENTS).values(sender_id=sender, type_name=kind, timestamp=at,
                                                         data=json.dumps({"event": kind, "text": text})))
    engine.dispose()
    return TrackerStore(url)


def _senders(store: TrackerStore) -> list[str]:
    engine = make_engine(store.url)
    with engine.connect() as connection:
        senders = sorted(set(connection.scalars(select(EVENTS.c.sender_id))))
    engine.dispose()
    return senders


def test_forgetting_a_conversation_deletes_its_events_only(tracker) -> None:
    assert tracker.forget([MARIE.conversation, "never-seen"]) == 3
    assert _senders(tracker) == [PAUL.conversation]
    assert tracker.forget([]) == 0


def test_the_events_of_a_conversation_read_as_what_was_said(tracker) -> None:
    said = f"bonjour de {PAUL.conversation}"
    assert tracker.events([PAUL.conversation]) == [
        {"conversation": PAUL.conversation, "type": "user", "timestamp": 1.0, "text": said},
        {"conversation": PAUL.conversation, "type": "bot", "timestamp": 2.0, "text": "Bonjour !"}]


def test_the_purge_deletes_the_events_of_the_conversations_it_purges(session_factory, tracker) -> None:
    with unit_of_work(session_factory) as session:
        talk(session, MARIE, days_ago(40), "mon Outlook plante")
        talk(session, PAUL, days_ago(1), "Teams ne démarre plus")
    with unit_of_work(session_factory) as session:
        counts = purge_expired(db_session=session, now=NOW, retention=Retention.days(30), tracker=tracker)
    assert counts["tracker_events"] == 3 and _senders(tracker) == [PAUL.conversation]


def test_a_store_rasa_has_not_written_yet_is_left_alone(tmp_path) -> None:
    missing = tmp_path / "rasa_tracker.db"
    assert TrackerStore(f"sqlite:///{missing}").forget([MARIE.conversation]) == 0
    assert not missing.exists()
    engine = make_engine(f"sqlite:///{missing}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE other (id INTEGER)")
    engine.dispose()
    assert TrackerStore(f"sqlite:///{missing}").events([MARIE.conversation]) == []


def test_the_store_comes_from_the_environment() -> None:
    assert from_environment({}) is None
    assert from_environment({"RELAIS_TRACKER_STORE_URL": "sqlite:////srv/var/rasa_tracker.db"}) == \
        TrackerStore("sqlite:////srv/var/rasa_tracker.db")
    assert from_environment({"RELAIS_TRACKER_STORE_URL": " ", "RELAIS_TRACKER_DB_HOST": "db"}) is None
    production = {"RELAIS_TRACKER_DB_HOST": "db.internal", "RELAIS_TRACKER_DB_PORT": "5433",
                  "RELAIS_TRACKER_DB_NAME": "rasa", "RELAIS_TRACKER_DB_USER": "rasa",
                  "RELAIS_TRACKER_DB_PASSWORD": "p@ss"}
    assert from_environment(production) == TrackerStore("postgresql+psycopg://rasa:p%40ss@db.internal:5433/rasa")
