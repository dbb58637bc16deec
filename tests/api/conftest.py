"""Two clients, alpha and bravo, each with its own database (SQLite, then PostgreSQL, through the fixtures of
tests/servicedesk/clients), the demo settings loaded in both, a few tickets, and API keys of every role; requests
go through FastAPI's TestClient to the real application.

Both clients have an INC-000001 and an INC-000002, with different contents; only bravo has an INC-000003.
That desk is built once per backend and session: each test gets a copy of its SQLite files, or its PostgreSQL
databases put back as built.
"""

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from servicedesk.clients import keys
from servicedesk.clients.database import migrate_catalogue
from servicedesk.clients.registry import ClientDatabases
from servicedesk.clients.service import create
from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.settings.current import desk_of, load_into
from servicedesk.settings.loader import CLIENTS_ROOT
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.conftest import Snapshot, restore, take_snapshot
from tests.servicedesk.clients import conftest as clients

# The catalogue and client-database fixtures, parametrised on SQLite and PostgreSQL, that drop what they create;
# named here so that pytest offers them to tests/api.
backend, unique_prefix, client_url_template = clients.backend, clients.unique_prefix, clients.client_url_template
catalogue_url, catalogue, registry = clients.catalogue_url, clients.catalogue, clients.registry
migrated_catalogue, client_databases = clients.migrated_catalogue, clients.client_databases

DEMO_SETTINGS = CLIENTS_ROOT / "demo" / "settings.yml"
TICKETS = {
    "alpha": [("Outlook", "alpha: Outlook crashes at start-up", 3, 3), ("Printing", "alpha: printer jammed", 2, 2)],
    "bravo": [("VPN", "bravo: the VPN drops every hour", 2, 2), ("Teams", "bravo: no sound in Teams", 3, 4),
              ("SAP", "bravo: SAP is down for the whole site", 1, 1)],
}
KEYS = {  # name -> (client, role); the name is also the key's name in the catalogue
    "alpha-agent": ("alpha", "agent"),
    "alpha-integration": ("alpha", "integration"),
    "alpha-admin": ("alpha", "admin"),
    "bravo-agent": ("bravo", "agent"),
}


@dataclass
class Desk:
    http: TestClient
    catalogue: sessionmaker[Session]
    registry: ClientDatabases
    secrets: dict[str, str]  # key name -> secret
    settings_root: Path

    def auth(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secrets[key]}"}

    def ticket(self, slug: str, number: str) -> Ticket:
        """The ticket as stored in that client's database, log and history loaded."""
        with self.registry.session_factory(slug)() as session:
            ticket = get_by_number(db_session=session, number=number)
            _ = ticket.log, ticket.history
            return ticket


def open_tickets(factory: sessionmaker[Session], rows: list[tuple[str, str, int, int]]) -> None:
    with unit_of_work(factory) as session:
        load_into(db_session=session, text=DEMO_SETTINGS.read_text(encoding="utf-8"), origin=str(DEMO_SETTINGS))
        desk = desk_of(db_session=session)
        for service, description, impact, urgency in rows:
            report = IncidentReport(service=service, description=description, impact=impact, urgency=urgency,
                                    requester="user@client.example", channel="rest", conversation_id="c-1",
                                    language="en")
            open_incident(db_session=session, report=report, agreements=desk)


@dataclass(frozen=True)
class Built:
    """A desk's stores as built once: the folder of the SQLite files, or the prefix of the PostgreSQL databases
    and what each held once built; and the keys' secrets."""

    place: str
    databases: dict[str, Snapshot]  # name after the prefix -> its rows
    secrets: dict[str, str]


def build(catalogue_url: str, client_url_template: str, place: str) -> tuple[str, dict[str, str]]:
    """The clients created in a migrated catalogue, their keys issued, their settings loaded, their tickets opened."""
    migrate_catalogue(catalogue_url)
    engine = make_engine(catalogue_url)
    catalogue = make_session_factory(engine)
    registry = ClientDatabases(catalogue)
    try:
        with pytest.MonkeyPatch.context() as environment:
            environment.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", client_url_template)
            with unit_of_work(catalogue) as session:
                created = {slug: create(db_session=session, slug=slug, name=slug.title()) for slug in TICKETS}
                secrets = {name: keys.issue(db_session=session, client=created[slug], name=name, role=role)
                           for name, (slug, role) in KEYS.items()}
        for slug, rows in TICKETS.items():
            open_tickets(registry.session_factory(slug), rows)
    finally:
        registry.dispose()
        engine.dispose()
    return place, secrets


@pytest.fixture(scope="session")
def built_desks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Built]]:
    """The desk of each backend, built when a test first asks for it: three databases migrated and two clients'
    settings loaded take over a second, a copy or putting the rows back a fraction of that."""
    built: dict[str, Built] = {}
    prefix = f"relais_a{uuid.uuid4().hex[:8]}_"  # the PostgreSQL databases copied from, dropped at the end
    with ExitStack() as cleanup:
        def desk_of_backend(backend: str) -> Built:
            if backend not in built:
                if backend == "sqlite":
                    folder = tmp_path_factory.mktemp("api-desk")
                    place, secrets = build(f"sqlite:///{folder / 'catalogue.db'}",
                                           f"sqlite:///{folder / 'clients'}/{{slug}}.db", f"{folder}/")
                    built[backend] = Built(place, {}, secrets)
                else:
                    cleanup.callback(clients.drop_postgres_databases, prefix)
                    with clients.admin_connection() as connection:
                        connection.execute(text(f'CREATE DATABASE "{prefix}catalogue"'))
                    place, secrets = build(clients.postgres_url(f"{prefix}catalogue"),
                                           clients.postgres_url(f"{prefix}{{slug}}"), prefix)
                    built[backend] = Built(place, {name: take_snapshot(clients.postgres_url(f"{prefix}{name}"))
                                                   for name in ("catalogue", *TICKETS)}, secrets)
            return built[backend]

        yield desk_of_backend


@pytest.fixture
def desk(backend, tmp_path, unique_prefix, client_url_template, monkeypatch, built_desks) -> Iterator[Desk]:
    """The backend's desk as built: the SQLite files copied into tmp_path (the copied catalogue names the copied
    databases), or the PostgreSQL databases themselves, every row put back as built. Clients a test creates go
    under the test's prefix, dropped with it."""
    built = built_desks(backend)
    if backend == "sqlite":
        shutil.copytree(built.place, tmp_path, dirs_exist_ok=True)
        catalogue_url = f"sqlite:///{tmp_path / 'catalogue.db'}"
        engine = make_engine(catalogue_url)
        with engine.begin() as connection:
            connection.execute(text("UPDATE clients SET database_url = replace(database_url, :built, :copy)"),
                               {"built": built.place, "copy": f"{tmp_path}/"})
    else:
        for name, rows in built.databases.items():
            restore(clients.postgres_url(f"{built.place}{name}"), rows)
        catalogue_url = clients.postgres_url(f"{built.place}catalogue")
        engine = make_engine(catalogue_url)
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", catalogue_url)
    catalogue = make_session_factory(engine)
    registry = ClientDatabases(catalogue)
    settings_root = tmp_path / "settings"
    (settings_root / "alpha").mkdir(parents=True)
    shutil.copy(DEMO_SETTINGS, settings_root / "alpha" / "settings.yml")
    try:
        with TestClient(create_app(catalogue, registry, settings_root=settings_root)) as http:
            yield Desk(http, catalogue, registry, dict(built.secrets), settings_root)
    finally:
        registry.dispose()  # before the client databases are dropped
        engine.dispose()
