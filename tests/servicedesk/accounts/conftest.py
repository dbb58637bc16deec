"""The catalogue fixtures of tests/servicedesk/clients (SQLite, then PostgreSQL), and clients registered in it,
each with a migrated SQLite database of its own (a copy), alpha's with the demo settings in force."""

import shutil

import pytest

from servicedesk.clients.models import Client
from servicedesk.database import unit_of_work
from tests.servicedesk.clients.conftest import *  # noqa: F403 - the catalogue's fixtures, whatever they need


@pytest.fixture
def desk(catalogue, migrated_sqlite, demo_sqlite, tmp_path):
    """Clients alpha (the demo settings), bravo (no settings yet) and (inactive) charlie in the catalogue."""
    with unit_of_work(catalogue) as session:
        for slug, active in (("alpha", True), ("bravo", True), ("charlie", False)):
            shutil.copyfile(demo_sqlite if slug == "alpha" else migrated_sqlite, tmp_path / f"{slug}.db")
            session.add(Client(slug=slug, name=slug.title(), database_url=f"sqlite:///{tmp_path / slug}.db",
                               active=active))
    return catalogue
