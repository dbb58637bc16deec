"""A migrated catalogue and a place for client databases, on SQLite and on PostgreSQL.

In the PostgreSQL variant both the catalogue and every client database live on the test server: the catalogue is
migrated once and put back as migrated before each test; client
databases are named from a template with a prefix unique to the test, and every database carrying that
prefix is dropped afterwards, whatever the test created.
"""

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.clients import service
from servicedesk.clients.database import SLUG_PLACEHOLDER, ensure_database_exists, migrate_catalogue
from servicedesk.clients.registry import ClientDatabases
from servicedesk.database import make_engine, make_session_factory, migrate
from tests.conftest import POSTGRES_ADMIN_URL, Snapshot, postgres_database, restore, take_snapshot

POSTGRES_NAME_BYTES = 63  # a longer name is the real ensure_database_exists's to refuse


def postgres_url(database: str) -> str:
    """A URL on the test server; built by substitution so that '{slug}' is not percent-encoded."""
    url = make_url(POSTGRES_ADMIN_URL).set(database="DATABASE_NAME").render_as_string(hide_password=False)
    return url.replace("DATABASE_NAME", database)


def postgres_databases(prefix: str) -> list[str]:
    admin = create_engine(POSTGRES_ADMIN_URL)
    try:
        with admin.connect() as connection:
            query = text("SELECT datname FROM pg_database WHERE starts_with(datname, :prefix) ORDER BY datname")
            return list(connection.scalars(query, {"prefix": prefix}))
    finally:
        admin.dispose()


@contextmanager
def admin_connection() -> Iterator[Connection]:
    """A connection to the test server outside any transaction, as CREATE, ALTER and DROP DATABASE need."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            yield connection
    finally:
        admin.dispose()


def drop_databases(names: list[str]) -> None:
    with admin_connection() as connection:
        for name in names:
            quoted = connection.dialect.identifier_preparer.quote_identifier(name)
            connection.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))


def drop_postgres_databases(prefix: str) -> None:
    drop_databases(postgres_databases(prefix))


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def alembic_version(url: str, table: str = "alembic_version") -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(text("version_num")).select_from(text(table)))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def unique_prefix() -> str:
    """Short enough that prefix + a 40-character slug fits PostgreSQL's 63-byte names."""
    return f"relais_t{uuid.uuid4().hex[:8]}_"


class MigratedClientDatabases:
    """Client databases for the tests' clients, already migrated: `create` makes each from a database at the ticket
    schema's head instead of running every migration again, as servicedesk.clients.service.create would.

    A SQLite database is a copy of a migrated file. A PostgreSQL database is a free one of the worker's renamed,
    or else a copy of a migrated template; when the test ends it is put back empty and renamed free again, since
    dropping a database makes the server write a checkpoint, the costliest step of these tests. What
    create()'s own migration does to an existing database, and the real creation of a PostgreSQL database, are
    tested without this (tests/servicedesk/clients/test_service.py, test_database.py).
    """

    def __init__(self, sqlite_file: Path, cleanup: ExitStack) -> None:
        self._sqlite_file = sqlite_file
        self._cleanup = cleanup
        self._template: str | None = None
        self._empty: Snapshot | None = None
        self._free: list[str] = []
        self._lent: set[str] = set()

    def _template_name(self) -> str:
        if self._template is None:
            url = self._cleanup.enter_context(postgres_database(prefix="relais_test_client_template"))
            migrate(url)
            self._empty = take_snapshot(url)  # no connection is left to it: a template must have none
            self._template = make_url(url).database or ""
            self._cleanup.callback(lambda: drop_databases(self._free))
        return self._template

    def create(self, url: str, template: str) -> bool:
        """ensure_database_exists for the URLs `template` makes; any other URL goes to the real one."""
        parsed = make_url(url)
        if not url.startswith(template.split(SLUG_PLACEHOLDER)[0]):
            return ensure_database_exists(url)
        if parsed.get_backend_name() == "sqlite":
            path = Path(parsed.database or "")
            if path.exists():
                return False
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self._sqlite_file, path)
            return True
        name = parsed.database or ""
        if len(name.encode()) > POSTGRES_NAME_BYTES or name in postgres_databases(name):
            return ensure_database_exists(url)
        template_name = self._template_name()
        with admin_connection() as connection:
            if self._free:
                connection.execute(text(f'ALTER DATABASE "{self._free.pop()}" RENAME TO "{name}"'))
            else:
                connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
        self._lent.add(name)
        return True

    def give_back(self, prefix: str) -> None:
        """The databases lent under `prefix` emptied and freed, unless the test changed their tables; every other
        database under it dropped."""
        for name in sorted(name for name in self._lent if name.startswith(prefix)):
            self._lent.discard(name)
            assert self._empty is not None
            url = postgres_url(name)
            try:
                if table_names(url) != {table.name for table in self._empty.tables}:
                    continue
                restore(url, self._empty)
                free = f"relais_test_client_free_{uuid.uuid4().hex[:10]}"
                with admin_connection() as connection:
                    connection.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{free}"'))
                self._free.append(free)
            except DatabaseError:
                continue  # dropped below, with the rest
        drop_postgres_databases(prefix)


@pytest.fixture(scope="session")
def client_databases(migrated_sqlite) -> Iterator[MigratedClientDatabases]:
    with ExitStack() as cleanup:
        yield MigratedClientDatabases(migrated_sqlite, cleanup)


@pytest.fixture
def client_url_template(backend, tmp_path, unique_prefix, monkeypatch, client_databases) -> Iterator[str]:
    """Where clients created without a URL go; set in the environment like in production. Their databases come
    migrated (MigratedClientDatabases)."""
    if backend == "sqlite":
        template = f"sqlite:///{tmp_path / 'clients'}/{{slug}}.db"
    else:
        template = postgres_url(f"{unique_prefix}{{slug}}")
    monkeypatch.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", template)
    monkeypatch.setattr(service, "ensure_database_exists", lambda url: client_databases.create(url, template))
    yield template
    if backend == "postgresql":
        client_databases.give_back(unique_prefix)
        assert postgres_databases(unique_prefix) == []


@dataclass(frozen=True)
class Migrated:
    """A backend's catalogue as migrated: the SQLite file's path or the PostgreSQL database's URL, and on PostgreSQL
    what it held before any test wrote to it."""

    place: str
    empty: Snapshot | None = None


@pytest.fixture(scope="session")
def migrated_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Migrated]]:
    """The catalogue of each backend migrated once, when a test first asks for it: each test gets a copy of the
    SQLite file, or the PostgreSQL database put back as migrated (dropped at the end)."""
    migrated: dict[str, Migrated] = {}
    with ExitStack() as cleanup:
        def of_backend(backend: str) -> Migrated:
            if backend not in migrated:
                if backend == "sqlite":
                    path = tmp_path_factory.mktemp("catalogue") / "catalogue.db"
                    migrate_catalogue(f"sqlite:///{path}")
                    migrated[backend] = Migrated(str(path))
                else:
                    url = cleanup.enter_context(postgres_database(prefix="relais_test_catalogue"))
                    migrate_catalogue(url)
                    migrated[backend] = Migrated(url, take_snapshot(url))
            return migrated[backend]

        yield of_backend


@pytest.fixture
def catalogue_url(backend, tmp_path, monkeypatch, migrated_catalogue) -> str:
    """A migrated, empty catalogue, also named in RELAIS_CATALOGUE_URL for the command line."""
    catalogue = migrated_catalogue(backend)
    if catalogue.empty is None:
        shutil.copyfile(catalogue.place, tmp_path / "catalogue.db")
        url = f"sqlite:///{tmp_path / 'catalogue.db'}"
    else:
        url = catalogue.place
        restore(url, catalogue.empty)
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", url)
    return url


@pytest.fixture
def catalogue(catalogue_url, client_url_template) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(catalogue_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def registry(catalogue) -> Iterator[ClientDatabases]:
    databases = ClientDatabases(catalogue)
    yield databases
    databases.dispose()  # before the client databases are dropped
