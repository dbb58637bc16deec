"""Shared fixtures: a migrated ticket database on SQLite and on PostgreSQL.

PostgreSQL runs on this machine and in CI (.ci/run starts it); its tests fail rather than skip
when it is down, so a green run always means both backends were exercised.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.database import make_engine, make_session_factory, migrate

POSTGRES_ADMIN_URL = os.environ.get("RELAIS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    migrate(url)
    return url


@contextmanager
def postgres_database(prefix: str = "relais_test") -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards; yields its URL."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A migrated PostgreSQL ticket database for this test session."""
    with postgres_database() as url:
        migrate(url)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str:
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    url = request.getfixturevalue("postgres_server_url")
    engine = make_engine(url)
    with engine.begin() as connection:  # each test starts from empty tables
        connection.execute(text("TRUNCATE ticket_log, tickets RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def session_factory(database_url) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()
