"""Migration 0006 creates the inbox and takes it away again, leaving the ticket schema as 0005 made it."""

import pytest
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from servicedesk.database import MIGRATIONS, make_engine, migrate
from tests.conftest import postgres_database


def downgrade(url: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = make_engine(url)
    config.attributes["engine"] = engine
    try:
        command.downgrade(config, revision)
    finally:
        engine.dispose()


def state(url: str) -> tuple[str | None, set[str], set[str]]:
    """The revision, the tables, and the inbox's indexes and unique constraints."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
            inspector = inspect(connection)
            tables = set(inspector.get_table_names())
            names = set()
            if "nlu_inbox" in tables:
                names = {i["name"] for i in inspector.get_indexes("nlu_inbox")} | {
                    u["name"] for u in inspector.get_unique_constraints("nlu_inbox")}
            return revision, tables, names
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'client.db'}"
    else:
        with postgres_database("relais_migration") as url:
            yield url


def test_0006_upgrades_and_downgrades(empty_url) -> None:
    migrate(empty_url, "0006")
    revision, tables, names = state(empty_url)
    assert revision == "0006" and "nlu_inbox" in tables
    assert {"ix_nlu_inbox_status", "uq_nlu_inbox_conversation_id"} <= names

    downgrade(empty_url, "0005")
    revision, tables, _ = state(empty_url)
    assert revision == "0005" and "nlu_inbox" not in tables and "tickets" in tables

    migrate(empty_url)  # and up again, to whatever head is now
    assert "nlu_inbox" in state(empty_url)[1]
