"""64-bit notice ids, backup sequence numbers and backup sizes on PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05

A notice id is the paging cursor the API promises as a 64-bit integer; SQLite's
INTEGER PRIMARY KEY is 64 bits, PostgreSQL's SERIAL only 32 (and its sequence too).
A backup's size may pass 2 GiB with a larger --max-backup-mib. Nothing to do on SQLite,
whose INTEGER is 64 bits.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SERIALS = (("notice", "id"), ("backup", "seq"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in _SERIALS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_nullable=False)
        op.execute(f"ALTER SEQUENCE {table}_{column}_seq AS bigint")
    op.alter_column("backup", "size", type_=sa.BigInteger(), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.alter_column("backup", "size", type_=sa.Integer(), existing_nullable=False)
    for table, column in _SERIALS:
        op.execute(f"ALTER SEQUENCE {table}_{column}_seq AS integer")
        op.alter_column(table, column, type_=sa.Integer(), existing_nullable=False)
