"""Alembic environment of the catalogue: runs on the engine servicedesk.clients.database.migrate_catalogue
hands over, and records its revision in a version table of its own (see VERSION_TABLE)."""

from alembic import context

from servicedesk.accounts import models as accounts  # noqa: F401 - the agent accounts' tables are the catalogue's too
from servicedesk.clients.database import VERSION_TABLE
from servicedesk.clients.models import CatalogueBase

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=CatalogueBase.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        version_table=VERSION_TABLE,
    )
    context.run_migrations()
