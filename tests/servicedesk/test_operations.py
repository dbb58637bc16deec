"""Running the desk after an upgrade: bootstrap and `migrate` bring existing client databases up to date."""

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from servicedesk import operations
from servicedesk.database import MIGRATIONS, make_engine


def downgrade(url: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = make_engine(url)
    config.attributes["engine"] = engine
    try:
        command.downgrade(config, revision)
    finally:
        engine.dispose()


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def stores(tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", f"sqlite:///{tmp_path / 'catalogue.db'}")
    monkeypatch.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", f"sqlite:///{tmp_path}/{{slug}}.db")
    return f"sqlite:///{tmp_path / 'demo.db'}"


def test_bootstrap_upgrades_an_existing_clients_database(stores) -> None:
    assert "demo: client created" in operations.bootstrap()
    downgrade(stores, "0001")  # as left by an older version of Relais
    assert "client_settings" not in tables(stores)
    lines = operations.bootstrap()
    assert "demo: client created" not in lines
    assert {"client_settings", "sla_clocks", "notifications"} <= tables(stores)


def test_migrate_upgrades_every_client(stores) -> None:
    operations.bootstrap()
    downgrade(stores, "0002")
    assert "demo: database at the latest schema" in operations.migrate_all()
    assert "client_settings" in tables(stores)
