"""Commissioning: each circuit's board channel, role and sign.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

Circuits of an existing data directory were measured by position (channel n was
the n-th measured special or branch circuit); that mapping is written down here,
so the home keeps recording exactly what it recorded before.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("circuit") as batch:
        batch.add_column(sa.Column("channel", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("role", _S(), nullable=True))
        batch.add_column(sa.Column("reversed", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id FROM circuit WHERE measured AND kind != 'main' "
        "ORDER BY CASE kind WHEN 'special' THEN 0 ELSE 1 END, number")).fetchall()
    for channel, (row_id,) in enumerate(rows, start=1):
        conn.execute(sa.text("UPDATE circuit SET channel = :c WHERE id = :i"),
                     {"c": channel, "i": row_id})


def downgrade() -> None:
    with op.batch_alter_table("circuit") as batch:
        batch.drop_column("reversed")
        batch.drop_column("role")
        batch.drop_column("channel")
