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
HOUSEKEEPING_TURN = "housekeeping.next"  # Unix seconds: when the next periodic run is due


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


def claim_turn(engine: Engine, key: str, now: float, every_s: float) -> bool:
    """True for exactly one of the workers asking once the turn stored under `key` is
    due; the turn then moves to `now + every_s`. A compare-and-swap on the stored value,
    so two workers that read the same due turn cannot both win it; a worker that died
    holds nothing, the next one to ask after the turn is due takes it."""
    table = ServerState.__table__
    due = put_if_absent(engine, key, "0")
    try:
        if float(due) > now:
            return False
    except ValueError:  # garbage in the row: whoever swaps it first repairs it
        pass
    with engine.begin() as conn:
        swapped = conn.execute(table.update()
                               .where(table.c.key == key, table.c.value == due)
                               .values(value=repr(now + every_s)))
        return swapped.rowcount == 1
