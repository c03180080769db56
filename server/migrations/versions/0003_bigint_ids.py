"""64-bit notice ids and backup sequence numbers on PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05

A notice id is the paging cursor the API promises as a 64-bit integer; SQLite's
INTEGER PRIMARY KEY is 64 bits, PostgreSQL's SERIAL only 32 (and its sequence too).
Nothing to do on SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = (("notice", "id"), ("backup", "seq"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in _COLUMNS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_nullable=False)
        op.execute(f"ALTER SEQUENCE {table}_{column}_seq AS bigint")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in _COLUMNS:
        op.execute(f"ALTER SEQUENCE {table}_{column}_seq AS integer")
        op.alter_column(table, column, type_=sa.Integer(), existing_nullable=False)
