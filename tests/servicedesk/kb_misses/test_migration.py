"""Migration 0019 creates the misses' table as the model says, and takes it away again."""

from alembic.migration import MigrationContext
from sqlalchemy import inspect

from servicedesk.database import make_engine
from tests.servicedesk.nlu_inbox.test_migration import downgrade


def test_the_misses_table_comes_and_goes(sqlite_url) -> None:
    engine = make_engine(sqlite_url)
    try:
        assert "kb_misses" in set(inspect(engine).get_table_names())
        downgrade(sqlite_url, "0018")
        assert "kb_misses" not in set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == "0018"
    finally:
        engine.dispose()


def test_the_client_database_matches_the_model(database_url) -> None:
    from alembic.autogenerate import compare_metadata

    from servicedesk.tables import Base

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            assert [d for d in differences if "kb_misses" in str(d)] == []
    finally:
        engine.dispose()
