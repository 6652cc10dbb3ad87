"""Alembic's environment: the connection comes from `dashboard.workspace.store.migrate`."""

from alembic import context

from dashboard.workspace.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
