"""Migration 0014 gives a client database the upload links and the stored files' type and size the models
describe, and goes down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from servicedesk.database import make_engine, migrate
from servicedesk.tables import Base
from tests.servicedesk.nlu_inbox.test_migration import downgrade


def test_the_client_database_matches_the_models(database_url) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert [d for d in differences if "upload_links" in str(d) or "ticket_attachments" in str(d)] == []
        assert {"content_type", "size"} <= {c["name"] for c in inspect(connection).get_columns("ticket_attachments")}
    engine.dispose()


def test_the_migration_goes_down_and_up_again(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    migrate(url, "0014")
    downgrade(url, "0013")
    engine = make_engine(url)
    assert "upload_links" not in inspect(engine).get_table_names()
    engine.dispose()
    migrate(url, "0014")
    engine = make_engine(url)
    assert "upload_links" in inspect(engine).get_table_names()
    engine.dispose()
