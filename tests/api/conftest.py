"""Two clients, alpha and bravo, each with its own database (SQLite, then PostgreSQL, through the fixtures of
tests/servicedesk/clients), the demo settings loaded in both, a few tickets, and API keys of every role; requests
go through FastAPI's TestClient to the real application.

Both clients have an INC-000001 and an INC-000002, with different contents; only bravo has an INC-000003.
"""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from servicedesk.clients import keys
from servicedesk.clients.registry import ClientDatabases
from servicedesk.clients.service import create
from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of, load_into
from servicedesk.settings.loader import CLIENTS_ROOT
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.servicedesk.clients import conftest as clients

# The catalogue and client-database fixtures, parametrised on SQLite and PostgreSQL, that drop what they create;
# named here so that pytest offers them to tests/api.
backend, unique_prefix, client_url_template = clients.backend, clients.unique_prefix, clients.client_url_template
catalogue_url, catalogue, registry = clients.catalogue_url, clients.catalogue, clients.registry

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


@pytest.fixture
def desk(catalogue, registry, tmp_path) -> Iterator[Desk]:
    with unit_of_work(catalogue) as session:
        clients = {slug: create(db_session=session, slug=slug, name=slug.title()) for slug in TICKETS}
        secrets = {name: keys.issue(db_session=session, client=clients[slug], name=name, role=role)
                   for name, (slug, role) in KEYS.items()}
    for slug, rows in TICKETS.items():
        open_tickets(registry.session_factory(slug), rows)
    settings_root = tmp_path / "settings"
    (settings_root / "alpha").mkdir(parents=True)
    shutil.copy(DEMO_SETTINGS, settings_root / "alpha" / "settings.yml")
    with TestClient(create_app(catalogue, registry, settings_root=settings_root)) as http:
        yield Desk(http, catalogue, registry, secrets, settings_root)
