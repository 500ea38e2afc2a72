"""Alembic environment, used programmatically only (see ``store.migrations.upgrade``).

The caller hands in an open connection inside a transaction it commits itself, so migrating and
recording the new revision are one atomic step (PostgreSQL and SQLite both have transactional DDL).
"""

from alembic import context

from store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("store migrations run through store.migrations.upgrade(connection) only")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things: let future migrations use batch mode there.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
