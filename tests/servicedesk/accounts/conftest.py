"""The catalogue fixtures of tests/servicedesk/clients (SQLite, then PostgreSQL), and clients registered in it
without databases of their own: accounts only name them."""

import pytest

from servicedesk.clients.models import Client
from servicedesk.database import unit_of_work
from tests.servicedesk.clients import conftest as clients

backend, unique_prefix, client_url_template = clients.backend, clients.unique_prefix, clients.client_url_template
catalogue_url, catalogue, registry = clients.catalogue_url, clients.catalogue, clients.registry
migrated_catalogue = clients.migrated_catalogue


@pytest.fixture
def desk(catalogue):
    """Clients alpha, bravo and (inactive) charlie in the catalogue."""
    with unit_of_work(catalogue) as session:
        for slug, active in (("alpha", True), ("bravo", True), ("charlie", False)):
            session.add(Client(slug=slug, name=slug.title(), database_url=f"sqlite:///{slug}.db", active=active))
    return catalogue
