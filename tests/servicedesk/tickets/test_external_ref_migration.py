"""Migration 0010 gives the tickets table the external reference the models describe: unique when given,
indexed, and as many tickets without one as there are."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from servicedesk.database import make_engine, migrate, unit_of_work
from servicedesk.tables import Base
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.servicedesk.nlu_inbox.test_migration import downgrade


def test_the_client_database_matches_the_models(database_url) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        inspector = inspect(connection)
        columns = {column["name"]: column for column in inspector.get_columns("tickets")}
        assert {"external_ref", "external_system"} <= set(columns)
        [index] = [i for i in inspector.get_indexes("tickets") if i["column_names"] == ["external_ref"]]
        assert index["unique"]
    engine.dispose()


def test_references_are_unique_when_given(session_factory) -> None:
    def report(requester: str) -> IncidentReport:
        return IncidentReport(service="VPN", description="VPN coupe", impact=3, urgency=3, requester=requester,
                              channel="rest", conversation_id=requester, language="fr")

    with unit_of_work(session_factory) as session:  # several tickets without one
        open_incident(db_session=session, report=report("a"))
        open_incident(db_session=session, report=report("b"))
        open_incident(db_session=session, report=report("c")).external_ref = "INC0012345"
    with pytest.raises(IntegrityError), unit_of_work(session_factory) as session:
        open_incident(db_session=session, report=report("d")).external_ref = "INC0012345"


def test_the_migration_goes_down_and_up_again(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    migrate(url)
    downgrade(url, "0009")
    engine = make_engine(url)
    assert "external_ref" not in {c["name"] for c in inspect(engine).get_columns("tickets")}
    engine.dispose()
    migrate(url)
    engine = make_engine(url)
    assert "external_ref" in {c["name"] for c in inspect(engine).get_columns("tickets")}
    engine.dispose()

