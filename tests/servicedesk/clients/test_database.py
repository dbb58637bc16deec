"""Where the catalogue and client databases live, creating them, and the catalogue's migrations."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import make_url

from servicedesk.accounts import models as accounts  # noqa: F401 - the accounts' tables are the catalogue's too
from servicedesk.clients import database
from servicedesk.clients.database import (
    VERSION_TABLE,
    catalogue_url,
    default_client_url,
    ensure_database_exists,
    migrate_catalogue,
)
from servicedesk.clients.models import CatalogueBase
from servicedesk.database import PROJECT_ROOT, make_engine
from servicedesk.models import Base
from tests.servicedesk.clients.conftest import (
    alembic_version,
    drop_postgres_databases,
    postgres_databases,
    postgres_url,
    table_names,
)


def test_urls_default_to_sqlite_files_under_var(monkeypatch) -> None:
    monkeypatch.delenv("RELAIS_CATALOGUE_URL", raising=False)
    monkeypatch.delenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", raising=False)
    assert catalogue_url() == f"sqlite:///{PROJECT_ROOT / 'var' / 'catalogue.db'}"
    assert default_client_url("acme") == f"sqlite:///{PROJECT_ROOT / 'var' / 'clients' / 'acme.db'}"


def test_urls_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", "postgresql+psycopg://relais@db/catalogue")
    monkeypatch.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", "postgresql+psycopg://relais@db/relais_{slug}")
    assert catalogue_url() == "postgresql+psycopg://relais@db/catalogue"
    assert default_client_url("acme-corp") == "postgresql+psycopg://relais@db/relais_acme-corp"


def test_a_template_without_the_slug_is_refused(monkeypatch) -> None:
    """It would put every client in the same database."""
    monkeypatch.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", "postgresql+psycopg://relais@db/relais")
    with pytest.raises(ValueError, match="slug"):
        default_client_url("acme")


def test_sqlite_databases_get_their_folder_and_file(tmp_path) -> None:
    path = tmp_path / "deep" / "er" / "acme.db"
    assert ensure_database_exists(f"sqlite:///{path}") is True
    assert path.exists()
    assert ensure_database_exists(f"sqlite:///{path}") is False


def test_other_backends_are_refused() -> None:
    with pytest.raises(ValueError, match="mysql"):
        ensure_database_exists("mysql://db/acme")


@pytest.mark.postgresql  # the server itself, without a PostgreSQL fixture to mark it
def test_postgres_databases_are_created_once_with_their_exact_name() -> None:
    prefix = f"relais_t{uuid.uuid4().hex[:8]}_"
    # Upper case, a hyphen, a quote and a semicolon: unquoted, this would fold, fail or inject.
    name = f'{prefix}Acme-"x"; DROP'
    url = make_url(postgres_url("placeholder")).set(database=name).render_as_string(hide_password=False)
    try:
        assert ensure_database_exists(url) is True
        assert ensure_database_exists(url) is False
        assert postgres_databases(prefix) == [name]
    finally:
        drop_postgres_databases(prefix)


@pytest.mark.postgresql  # the server itself, without a PostgreSQL fixture to mark it
def test_postgres_names_longer_than_the_server_keeps_are_refused() -> None:
    with pytest.raises(ValueError, match="63"):
        ensure_database_exists(postgres_url("relais_" + "x" * 57))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_catalogue_migration_matches_the_models(catalogue_url) -> None:
    assert {"clients", "channel_bindings", VERSION_TABLE} <= table_names(catalogue_url)
    assert "alembic_version" not in table_names(catalogue_url)  # the ticket schema's table stays free
    assert alembic_version(catalogue_url, VERSION_TABLE) == "0006"
    migrate_catalogue(catalogue_url)  # idempotent
    engine = make_engine(catalogue_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}),
                                CatalogueBase.metadata) == []
    engine.dispose()


def test_catalogue_and_ticket_tables_never_share_a_metadata() -> None:
    assert set(CatalogueBase.metadata.tables).isdisjoint(Base.metadata.tables)
    assert database.MIGRATIONS != PROJECT_ROOT / "servicedesk" / "migrations"
