"""Shared fixtures: a migrated ticket database on SQLite and on PostgreSQL, one with the demo client's settings;
cheap password hashes.

PostgreSQL runs on this machine and in CI (.ci/run starts it); its tests fail rather than skip
when it is down, so a green run always means both backends were exercised. Each backend's database is
migrated once per session; every test starts from empty tables (a copy of the SQLite file, the PostgreSQL
database emptied), so that no test sees another's rows.
"""

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import MetaData, Table, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import Pool

from servicedesk.accounts import passwords
from servicedesk.database import make_engine, make_session_factory, migrate, unit_of_work
from servicedesk.settings.current import load_into
from servicedesk.settings.loader import CLIENTS_ROOT
from servicedesk.tables import Base
from standins.meshcentral import MeshServer, meshcentral_server

POSTGRES_ADMIN_URL = os.environ.get("RELAIS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# The tests' PostgreSQL sessions, and the commands they start, do not wait for the disk at each commit (a tenth
# off the PostgreSQL tests' time): a crash of the server could lose a test database's last transactions, which
# no test would miss. A PGOPTIONS of one's own is left as it is.
os.environ.setdefault("PGOPTIONS", "-c synchronous_commit=off")


@event.listens_for(Pool, "connect")
def _sqlite_without_fsync(dbapi_connection: Any, _record: Any) -> None:
    """The same for the tests' SQLite files, opened in this process: no fsync at each commit and checkpoint (the
    wait for the disk was most of a doors' test's time on a busy machine). What another connection sees is unchanged;
    only a crash of the machine could lose a test database's last writes."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=OFF")


# Argon2 at pwdlib's recommended cost takes a tenth of a second and 64 MiB per hash or check: every account made
# and every sign-in of the tests paid it. tests/servicedesk/accounts/test_passwords.py checks the real parameters.
CHEAP_HASHES = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


@contextmanager
def cheap_hashing() -> Iterator[None]:
    """Cheap hashes for a block: session fixtures that make accounts, which the autouse fixture does not reach."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", CHEAP_HASHES)
        yield


@pytest.fixture(autouse=True)
def cheap_hashes() -> Iterator[None]:
    with cheap_hashing():
        yield


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite ticket database migrated once for the session: each test gets a copy, a thousandth of the time
    the migrations take."""
    path = tmp_path_factory.mktemp("migrated") / "tickets.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(tmp_path, migrated_sqlite) -> str:
    path = tmp_path / "tickets.db"
    shutil.copyfile(migrated_sqlite, path)
    return f"sqlite:///{path}"


DEMO_SETTINGS = CLIENTS_ROOT / "demo" / "settings.yml"


def load_demo_settings(factory: sessionmaker[Session]) -> None:
    with unit_of_work(factory) as session:
        load_into(db_session=session, text=DEMO_SETTINGS.read_text(encoding="utf-8"), origin=str(DEMO_SETTINGS))


@pytest.fixture(scope="session")
def demo_sqlite(migrated_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """migrated_sqlite with the demo client's settings loaded once for the session: validating the document costs
    a test 40 ms, copying the file a millisecond."""
    path = tmp_path_factory.mktemp("demo") / "tickets.db"
    shutil.copyfile(migrated_sqlite, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        load_demo_settings(make_session_factory(engine))
    finally:
        engine.dispose()
    return path


@pytest.fixture
def demo_desk(session_factory: sessionmaker[Session], request: pytest.FixtureRequest) -> sessionmaker[Session]:
    """session_factory's database with the demo client's settings in force: on SQLite the test's file, not opened
    yet, is replaced by a copy of demo_sqlite; on PostgreSQL they are loaded."""
    engine = session_factory.kw["bind"]
    if engine.url.get_backend_name() == "sqlite":
        engine.dispose()
        shutil.copyfile(request.getfixturevalue("demo_sqlite"), engine.url.database)
    else:
        load_demo_settings(session_factory)
    return session_factory


@contextmanager
def postgres_database(prefix: str = "relais_test", template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database, empty or a copy of the `template` database, dropped afterwards; yields its URL."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    copied = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copied}'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# Children before parents, so that each DELETE finds nothing pointing at its rows. DELETE rather than TRUNCATE:
# truncating makes new files for every table, more than ten times the cost of deleting the few rows a test wrote.
TABLES = [table.name for table in reversed(Base.metadata.sorted_tables)]
RESTART_SEQUENCES = text("SELECT setval(format('%I.%I', schemaname, sequencename), 1, false) FROM pg_sequences "
                         "WHERE schemaname = current_schema()")


def empty_every_table(url: str) -> None:
    """Every table of the models emptied and every id sequence restarted; alembic_version keeps the revision."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for table in TABLES:
                connection.execute(text(f'DELETE FROM "{table}"'))
            connection.execute(RESTART_SEQUENCES)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Snapshot:
    """The rows of every table of a PostgreSQL database and where its sequences stood, to be put back."""

    tables: tuple[Table, ...]  # parents first
    rows: dict[str, list[dict[str, Any]]]
    sequences: dict[str, int | None]  # None: never used


SEQUENCES = text("SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences "
                 "WHERE schemaname = current_schema()")
# A test's own database has no other users: a connection a test left open, perhaps inside a transaction, is closed
# rather than waited for, as DROP DATABASE ... WITH (FORCE) would.
OTHER_CONNECTIONS = text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = current_database() AND pid <> pg_backend_pid()")


def take_snapshot(url: str) -> Snapshot:
    """Every table's rows (alembic's version tables too) and every sequence's position."""
    engine = make_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            rows = {table.name: [dict(row) for row in connection.execute(select(table)).mappings()]
                    for table in metadata.sorted_tables}
            sequences = {name: last for name, last in connection.execute(SEQUENCES)}
        return Snapshot(tuple(metadata.sorted_tables), rows, sequences)
    finally:
        engine.dispose()


def restore(url: str, snapshot: Snapshot) -> None:
    """Put a database back as the snapshot found it: a few DELETEs and INSERTs instead of dropping the database
    and copying it again (each DROP DATABASE makes the server write a checkpoint, the costliest step of a test)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(OTHER_CONNECTIONS)
            for table in reversed(snapshot.tables):
                connection.execute(table.delete())
            for table in snapshot.tables:
                if snapshot.rows[table.name]:
                    connection.execute(table.insert(), snapshot.rows[table.name])
            for name, last in snapshot.sequences.items():
                connection.execute(text("SELECT setval(:name, :value, :called)"),
                                   {"name": name, "value": last or 1, "called": last is not None})
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A migrated PostgreSQL ticket database for this test session, holding the models' tables and no other."""
    with postgres_database() as url:
        migrate(url)
        engine = make_engine(url)
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        engine.dispose()
        assert tables == set(TABLES), f"the database's tables are not the models': {sorted(tables ^ set(TABLES))}"
        yield url


@pytest.fixture
def postgres_url(postgres_server_url) -> str:
    """The session's PostgreSQL database, every table empty."""
    empty_every_table(postgres_server_url)
    return postgres_server_url


POSTGRES_FIXTURES = {"postgres_url", "postgres_server_url"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `postgresql` every test that reaches the PostgreSQL server: its variant of a backend parameter, or a
    PostgreSQL fixture; and `browser` every test that drives Chromium. `make test-unit` leaves both out (the
    SQLite variant runs the same rules; a browser starts per module), `make test` runs them all."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        variant = callspec is not None and any(value == "postgresql" for value in callspec.params.values()
                                               if isinstance(value, str))
        fixtures = set(getattr(item, "fixturenames", ()))
        if variant or POSTGRES_FIXTURES & fixtures:
            item.add_marker(pytest.mark.postgresql)
        if "browser" in fixtures:  # a real Chromium through Playwright: no unit test, left to make test as well
            item.add_marker(pytest.mark.browser)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")


@pytest.fixture
def session_factory(database_url) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def meshcentral(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MeshServer]:
    """A real MeshCentral on loopback, started once for the session (its first start makes its certificates):
    the remote-assistance tests of servicedesk/ and bot/ share it, each in a device group of its own."""
    with meshcentral_server(tmp_path_factory.mktemp("meshcentral")) as server:
        yield server
