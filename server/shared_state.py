"""Values every worker must agree on, kept in the database (table `serverstate`).

Nothing a request depends on lives in one process's memory: with N workers, or N
machines, behind a load balancer, they behave as one server.
"""

from __future__ import annotations

import base64

from sqlalchemy.engine import Engine

from server.db import insert_for
from server.models import ServerState

SCHEDULE_KEY = "schedule.key"


def put_if_absent(engine: Engine, key: str, value: str) -> str:
    """Store `value` under `key` unless a value is there; the stored one either way.
    Of several workers starting at once, exactly one value wins for all of them."""
    table = ServerState.__table__
    insert = insert_for(engine.dialect.name)
    with engine.begin() as conn:
        conn.execute(insert(table).values(key=key, value=value)
                     .on_conflict_do_nothing(index_elements=[table.c.key]))
        return conn.execute(table.select().where(table.c.key == key)).one().value


def schedule_key(engine: Engine, local: bytes) -> bytes:
    """The key of the backup-time hash, shared by all workers.

    The first server on a database stores its data directory's key (so a single server
    that moves to PostgreSQL keeps its panels' backup times); every other one uses it.
    """
    stored = put_if_absent(engine, SCHEDULE_KEY, base64.b64encode(local).decode("ascii"))
    return base64.b64decode(stored)
