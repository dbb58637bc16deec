"""Alembic environment: runs on the engine servicedesk.database.migrate hands over."""

from alembic import context

from servicedesk.tables import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
