"""Initial schema: settings, circuits, devices, series, raw blocks, rollups, live values.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_S = sqlmodel.sql.sqltypes.AutoString


def _series_fk() -> sa.Column:
    return sa.Column("series_id", sa.Integer(), sa.ForeignKey("series.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("key", _S(), primary_key=True),
        sa.Column("value", _S(), nullable=False),
    )
    op.create_table(
        "circuit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", _S(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", _S(), nullable=False),
        sa.Column("measured", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("kind", "number"),
    )
    op.create_table(
        "device",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("class_code", sa.Integer(), nullable=False),
        sa.Column("instance", sa.Integer(), nullable=False),
        sa.Column("name", _S(), nullable=False),
        sa.Column("location", _S(), nullable=False),
        sa.UniqueConstraint("class_code", "instance"),
    )
    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", _S(), nullable=False, unique=True),
        sa.Column("kind", _S(), nullable=False),
        sa.Column("unit", _S(), nullable=False),
    )
    op.create_table(
        "raw_block",
        sa.Column("hour", sa.Integer(), nullable=False),
        _series_fk(),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "series_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "rollup_30min",
        sa.Column("day", sa.Integer(), nullable=False),
        _series_fk(),
        sa.Column("counts", sa.LargeBinary(), nullable=False),
        sa.Column("sums", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("day", "series_id"),
        sqlite_with_rowid=False,
    )
    for table, bucket in (("rollup_day", "day"), ("rollup_month", "month")):
        op.create_table(
            table,
            sa.Column(bucket, sa.Integer(), nullable=False),
            _series_fk(),
            sa.Column("total", sa.Integer(), nullable=False),
            sa.Column("count", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint(bucket, "series_id"),
            sqlite_with_rowid=False,
        )
    op.create_table(
        "live_value",
        sa.Column("series_id", sa.Integer(), sa.ForeignKey("series.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", _S(), primary_key=True),
        sa.Column("value", _S(), nullable=False),
    )


def downgrade() -> None:
    for table in ("store_meta", "live_value", "rollup_month", "rollup_day", "rollup_30min",
                  "raw_block", "series", "device", "circuit", "setting"):
        op.drop_table(table)
