"""Alembic environment of the center server, run only in-process by `server.migrate`.

The caller hands over a connection already inside the transaction that holds the
migration lock, so concurrent workers upgrade one after the other and a whole upgrade
commits or rolls back as one. New revision: `python -m server.migrate revision "what"`.
"""

from __future__ import annotations

from alembic import context

from server.models import ServerModel

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the server's migrations through server.migrate")

context.configure(
    connection=connection,
    target_metadata=ServerModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
)
with context.begin_transaction():
    context.run_migrations()
