"""Migration 0012 gives announcements and their updates their translations and takes them away again; an
announcement written before it reads with none. (That the schema matches the models is checked for every table
at once, in tests/servicedesk/tickets/test_external_ref_migration.py.)"""

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from servicedesk.database import make_engine, migrate
from tests.servicedesk.nlu_inbox.test_migration import downgrade

OLDER = ("INSERT INTO announcements (kind, title, body, services, targeted, starts_at, created_at) VALUES "
         "('major_incident', 'SAP', 'En panne', '[]', 0, '2026-11-30 09:00:00', '2026-11-30 09:00:00')")


def has_translations(connection: Connection, table: str) -> bool:
    return "translations" in {column["name"] for column in inspect(connection).get_columns(table)}


def test_the_migration_goes_down_and_up_again_keeping_older_announcements(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    migrate(url)
    downgrade(url, "0011")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            assert not has_translations(connection, "announcements")
            assert not has_translations(connection, "announcement_updates")
            connection.execute(text(OLDER))
        migrate(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT translations FROM announcements")).scalar_one() == "{}"
            assert has_translations(connection, "announcement_updates")
    finally:
        engine.dispose()
