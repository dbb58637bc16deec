"""Rasa's tracker store seen from the domain: a SQL table of events by conversation, reached by a plain SQLAlchemy
URL, never through Rasa (which lives in another runtime).

Rasa's SQL tracker store (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent) keeps every event of a
conversation in one table, `events`, with the conversation in `sender_id` (Rasa's sender id, the key of our
conversations table), a float `timestamp` and the event as JSON in `data`. When a conversation is purged or its
person erased, its events go too; otherwise the transcript would outlive the retention there.

Where it is, from the environment (the same store endpoints.yml / endpoints.production.yml give Rasa):
- RELAIS_TRACKER_STORE_URL, a SQLAlchemy URL (e.g. sqlite:////srv/relais/var/rasa_tracker.db); empty: none.
- else, as endpoints.production.yml builds it, RELAIS_TRACKER_DB_HOST, _PORT, _NAME, _USER and _PASSWORD
  (PostgreSQL).
- else none: the embedded default (var/rasa_tracker.db) is purged only when the URL names it, so that tests and
  tools never touch a developer's tracker by accident.
"""

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, column, create_engine, delete, inspect, select, table
from sqlalchemy.engine import URL, make_url

URL_VARIABLE = "RELAIS_TRACKER_STORE_URL"
_EVENTS = table("events", column("id"), column("sender_id"), column("type_name"), column("timestamp"),
                column("data"))
_CHUNK = 500


@dataclass(frozen=True)
class TrackerStore:
    url: str

    def forget(self, conversations: Iterable[str]) -> int:
        """Delete every event of these conversations; the number of events deleted."""
        keys, deleted = sorted(set(conversations)), 0
        with _events_engine(self.url if keys else None) as engine:
            if engine is None:
                return 0
            with engine.begin() as connection:
                for chunk in _chunks(keys):
                    deleted += connection.execute(delete(_EVENTS).where(_EVENTS.c.sender_id.in_(chunk))).rowcount
        return deleted

    def events(self, conversations: Iterable[str]) -> list[dict[str, Any]]:
        """What was said in these conversations as Rasa kept it: user and bot events, oldest first."""
        keys, found = sorted(set(conversations)), []
        with _events_engine(self.url if keys else None) as engine:
            if engine is None:
                return []
            with engine.connect() as connection:
                for chunk in _chunks(keys):
                    query = (select(_EVENTS.c.sender_id, _EVENTS.c.type_name, _EVENTS.c.timestamp, _EVENTS.c.data)
                             .where(_EVENTS.c.sender_id.in_(chunk), _EVENTS.c.type_name.in_(("user", "bot")))
                             .order_by(_EVENTS.c.timestamp, _EVENTS.c.id))
                    found += [{"conversation": sender, "type": kind, "timestamp": at, "text": _text(data)}
                              for sender, kind, at, data in connection.execute(query)]
        return found


@contextmanager
def _events_engine(url: str | None) -> Iterator[Engine | None]:
    """An engine on the store, or None when there is nothing to read: no URL, or no events table yet (Rasa
    creates it on its first turn; a SQLite file that does not exist is not created here). A plain engine: the
    store's own settings (journal mode and the like) are Rasa's, not ours to change."""
    parsed = make_url(url) if url else None
    if parsed is None or (parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file()):
        yield None
        return
    engine = create_engine(parsed, pool_pre_ping=True)
    try:
        yield engine if inspect(engine).has_table("events") else None
    finally:
        engine.dispose()


def from_environment(environ: Mapping[str, str] = os.environ) -> TrackerStore | None:
    """The tracker store the environment names, or None (see the module's docstring)."""
    if URL_VARIABLE in environ:
        return TrackerStore(environ[URL_VARIABLE]) if environ[URL_VARIABLE].strip() else None
    host = environ.get("RELAIS_TRACKER_DB_HOST")
    if not host:
        return None
    url = URL.create("postgresql+psycopg", username=environ.get("RELAIS_TRACKER_DB_USER") or None,
                     password=environ.get("RELAIS_TRACKER_DB_PASSWORD") or None, host=host,
                     port=int(environ["RELAIS_TRACKER_DB_PORT"]) if environ.get("RELAIS_TRACKER_DB_PORT") else None,
                     database=environ.get("RELAIS_TRACKER_DB_NAME") or None)
    return TrackerStore(url.render_as_string(hide_password=False))


def _chunks(keys: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), _CHUNK):
        yield keys[start:start + _CHUNK]


def _text(data: str | None) -> str | None:
    try:
        return json.loads(data or "{}").get("text")
    except ValueError:
        return None
