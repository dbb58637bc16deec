"""Where a client's tickets live: the URL from the environment, engines, sessions and migrations.

RELAIS_DATABASE_URL picks the database (PostgreSQL in production); the embedded default is a SQLite
file under var/ so that `make run` works on a bare machine.
"""

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, create_engine, event, text
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.sql.dml import UpdateBase

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'relais.db'}"


def database_url() -> str:
    return os.environ.get("RELAIS_DATABASE_URL", DEFAULT_URL)


def make_engine(url: str) -> Engine:
    """An engine tuned for the backend: WAL and a busy timeout on SQLite so that several
    action-server workers can write without 'database is locked'."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def changed_rows(db_session: Session, statement: UpdateBase) -> int:
    """Run an UPDATE or DELETE in the session; how many rows it matched. Session.execute returns a CursorResult
    for such a statement, but its signature promises only a Result, which has no rowcount."""
    return cast(CursorResult[Any], db_session.execute(statement)).rowcount


@contextmanager
def unit_of_work(factory: sessionmaker[Session], *, dry_run: bool = False) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error. `dry_run`: roll back on success too, for the
    commands whose --dry-run checks everything and stores nothing."""
    with factory() as session, session.begin() as transaction:
        yield session
        if dry_run:
            transaction.rollback()


def answers(factory: sessionmaker[Session]) -> bool:
    """Whether the database behind `factory` runs a query now: the health probes of the API and the console,
    which say only yes or no, never why (the reason is for the server's log)."""
    try:
        with factory() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        logger.warning("database does not answer: %s", error)
        return False
    return True


def migrate(url: str, revision: str = "head") -> None:
    """Bring a client database to the given Alembic revision (creating a SQLite file if needed)."""
    upgrade(url, MIGRATIONS, revision)


def upgrade(url: str, scripts: Path, revision: str = "head") -> None:
    """Run the Alembic scripts of `scripts` (a client database's, or the catalogue's) up to `revision`.
    Alembic is imported here, not with the module: every process and CLI test that never migrates starts faster."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(scripts))
    engine = make_engine(url)
    config.attributes["engine"] = engine
    try:
        command.upgrade(config, revision)
    finally:
        engine.dispose()
