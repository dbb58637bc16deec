"""Migration 0009 gives a client database exactly the privacy tables and columns the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from servicedesk.database import make_engine
from servicedesk.tables import Base


def test_the_client_database_matches_the_models(database_url) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        inspector = inspect(connection)
        assert "privacy_requests" in inspector.get_table_names()
        assert "anonymised_at" in {column["name"] for column in inspector.get_columns("tickets")}
    engine.dispose()
