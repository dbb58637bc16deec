"""Migration 0013 makes the people directory's tables as the models describe them, and goes down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from servicedesk.database import make_engine, migrate
from servicedesk.tables import Base
from tests.servicedesk.nlu_inbox.test_migration import downgrade


def test_the_client_database_matches_the_models(database_url) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        assert {"people", "person_chat_ids"} <= set(inspect(connection).get_table_names())
    engine.dispose()


def test_the_migration_goes_down_and_up_again(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    migrate(url)
    downgrade(url, "0012")
    engine = make_engine(url)
    assert "people" not in inspect(engine).get_table_names()
    engine.dispose()
    migrate(url)
    engine = make_engine(url)
    assert "people" in inspect(engine).get_table_names()
    engine.dispose()


def test_migration_0020_adds_the_directory_runs_and_goes_down_and_up_again(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    migrate(url)
    downgrade(url, "0019")
    engine = make_engine(url)
    assert {"people", "directory_syncs"} & set(inspect(engine).get_table_names()) == {"people"}
    engine.dispose()
    migrate(url)
    engine = make_engine(url)
    assert "directory_syncs" in inspect(engine).get_table_names()
    engine.dispose()
