"""The doors' tests run on a real catalogue and real client databases (SQLite in tmp_path), bootstrapped
from data/clients as `make run` does."""

from collections.abc import Iterator

import pytest

from bot.directory import Directory
from servicedesk import operations
from servicedesk.clients.registry import open_catalogue


@pytest.fixture
def directory(tmp_path, monkeypatch) -> Iterator[Directory]:
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", f"sqlite:///{tmp_path / 'catalogue.db'}")
    monkeypatch.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", f"sqlite:///{tmp_path}/{{slug}}.db")
    operations.bootstrap()
    with open_catalogue() as (catalogue, registry):
        yield Directory(catalogue, registry)
