"""Alembic environment, run only in-process by `app.store.migrate` (no alembic.ini).

The caller hands over an open SQLAlchemy connection that is already inside a
write transaction, so a whole upgrade commits or rolls back as one.
New revision: `python -m app.store.migrate revision "what changed"`.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from app.store import models  # noqa: F401  (registers the tables in SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through app.store.migrate, which passes a connection")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
)
with context.begin_transaction():
    context.run_migrations()
