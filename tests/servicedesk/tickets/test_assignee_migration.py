"""Migration 0011 gives the tickets table the assignee the models describe, indexed, and goes down and up again."""

from sqlalchemy import inspect

from servicedesk.database import make_engine, migrate
from tests.servicedesk.nlu_inbox.test_migration import downgrade


def test_the_assignee_is_indexed(database_url) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        inspector = inspect(connection)
        assert {"assignee", "assignee_name"} <= {column["name"] for column in inspector.get_columns("tickets")}
        assert any(index["column_names"] == ["assignee"] for index in inspector.get_indexes("tickets"))
    engine.dispose()


def columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {column["name"] for column in inspect(engine).get_columns("tickets")}
    finally:
        engine.dispose()


def test_the_migration_goes_down_and_up_again(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    migrate(url)
    downgrade(url, "0010")
    assert "assignee" not in columns(url)
    migrate(url)
    assert {"assignee", "assignee_name"} <= columns(url)
