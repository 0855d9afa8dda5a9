"""Alembic environment: runs on the connection ``pipeline.store.migrate`` passes in.

There is no alembic.ini: ``migrate(engine)`` configures Alembic in code. To
run by hand: ``python -c "from pipeline.store import connect, migrate; migrate(connect())"``.
"""
from alembic import context

from pipeline.store import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through pipeline.store.migrate(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
