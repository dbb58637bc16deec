"""Where the catalogue lives, where a new client's database goes, and creating that database.

RELAIS_CATALOGUE_URL picks the catalogue; RELAIS_CLIENT_DATABASE_URL_TEMPLATE says where a client's
database goes when its creator names none (PostgreSQL in production: one database per client on the same
server). Both default to SQLite files under var/ so that a bare machine works.
"""

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from servicedesk.database import PROJECT_ROOT, upgrade

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_CATALOGUE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'catalogue.db'}"
DEFAULT_CLIENT_URL_TEMPLATE = f"sqlite:///{PROJECT_ROOT / 'var' / 'clients'}/{{slug}}.db"
SLUG_PLACEHOLDER = "{slug}"
# Not alembic_version: a catalogue pointed by mistake at a client's database must neither overwrite the
# ticket schema's revision nor be overwritten by it.
VERSION_TABLE = "catalogue_alembic_version"

_POSTGRES_NAME_BYTES = 63  # longer identifiers are silently truncated by the server
_DUPLICATE_DATABASE = "42P04"


def catalogue_url() -> str:
    return os.environ.get("RELAIS_CATALOGUE_URL", DEFAULT_CATALOGUE_URL)


def migrate_catalogue(url: str, revision: str = "head") -> None:
    """Bring the catalogue to the given Alembic revision (creating a SQLite file if needed)."""
    upgrade(url, MIGRATIONS, revision)


def default_client_url(slug: str) -> str:
    """The database URL a client gets when its creator names none.

    A template without the placeholder would put every client in the same database, so it is refused.
    """
    template = os.environ.get("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", DEFAULT_CLIENT_URL_TEMPLATE)
    if SLUG_PLACEHOLDER not in template:
        raise ValueError(f"RELAIS_CLIENT_DATABASE_URL_TEMPLATE must contain {SLUG_PLACEHOLDER}: {template!r}")
    return template.replace(SLUG_PLACEHOLDER, slug)


def ensure_database_exists(url: str) -> bool:
    """Create the database the URL names if it is missing; True when it was created.

    PostgreSQL cannot create a database from inside a transaction nor from inside that (missing) database,
    so this connects to the server's `postgres` maintenance database in autocommit mode. SQLite creates its
    file on first connection and only needs the folder.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = parsed.database
        if not path or path == ":memory:":
            return False
        if Path(path).exists():
            return False
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).touch()  # an empty file is an empty SQLite database
        return True
    if backend != "postgresql":
        raise ValueError(f"cannot create a {backend} database")

    name = parsed.database
    if not name:
        raise ValueError("the database URL names no database")
    if len(name.encode()) > _POSTGRES_NAME_BYTES:
        raise ValueError(f"database name longer than {_POSTGRES_NAME_BYTES} bytes: {name!r}")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
                return False
            # quote_identifier always quotes and doubles embedded quotes: the name cannot break out.
            quoted = admin.dialect.identifier_preparer.quote_identifier(name)
            try:
                connection.execute(text(f"CREATE DATABASE {quoted}"))
            except ProgrammingError as error:  # created by someone else since the check
                if getattr(error.orig, "sqlstate", None) != _DUPLICATE_DATABASE:
                    raise
                return False
            return True
    finally:
        admin.dispose()
