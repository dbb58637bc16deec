"""Migration 0017 creates the articles' tables as the models say, and takes them away again."""

from alembic.migration import MigrationContext
from sqlalchemy import inspect

from servicedesk.database import make_engine
from tests.servicedesk.nlu_inbox.test_migration import downgrade


def test_the_articles_tables_come_and_go(sqlite_url) -> None:
    engine = make_engine(sqlite_url)
    try:
        assert {"kb_articles", "kb_article_versions"} <= set(inspect(engine).get_table_names())
        downgrade(sqlite_url, "0016")
        assert not {"kb_articles", "kb_article_versions"} & set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == "0016"
    finally:
        engine.dispose()
