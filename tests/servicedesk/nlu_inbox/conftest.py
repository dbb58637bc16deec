"""The inbox tests run on the shared migrated databases (SQLite, then PostgreSQL); each starts from an
empty inbox, since the PostgreSQL database lives for the whole session."""

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.database import unit_of_work
from servicedesk.nlu_inbox.models import UnsureMessage


@pytest.fixture
def inbox_sessions(session_factory) -> Iterator[sessionmaker[Session]]:
    with unit_of_work(session_factory) as session:
        session.execute(delete(UnsureMessage))
    yield session_factory


def prediction(**overrides: Any) -> dict[str, Any]:
    """The keyword arguments of keep() for a hesitant prediction; override what a test is about."""
    return {
        "conversation_id": "alice", "message_key": "m-1", "text": "my thingy is weird",
        "intent": "report_incident", "confidence": 0.42,
        "ranking": [{"id": 1, "name": "report_incident", "confidence": 0.42},
                    {"id": 2, "name": "out_of_scope", "confidence": 0.31}],
        "language": "en", "excerpt": [{"speaker": "bot", "text": "What can I do for you?"}],
        "threshold": 0.7,
    } | overrides
