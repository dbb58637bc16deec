"""Migration 0021 indexes the journal's outcome, what the replayer looks kept messages up by, and takes it away."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from servicedesk.database import make_engine
from servicedesk.tables import Base
from tests.servicedesk.nlu_inbox.test_migration import downgrade


def _indexes(engine) -> set[str]:
    return {index["name"] for index in inspect(engine).get_indexes("inbound_messages")}


def test_the_outcome_index_comes_and_goes(sqlite_url) -> None:
    engine = make_engine(sqlite_url)
    try:
        assert "ix_inbound_messages_outcome" in _indexes(engine)
        downgrade(sqlite_url, "0020")
        assert "ix_inbound_messages_outcome" not in _indexes(engine)
    finally:
        engine.dispose()


def test_the_journal_matches_the_model(database_url) -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            assert [d for d in differences if "inbound_messages" in str(d)] == []
    finally:
        engine.dispose()
