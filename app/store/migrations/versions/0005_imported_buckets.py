"""History taken over from an AiSEG2: which rollup buckets were imported, and what they added.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

Imported totals live in the rollup tables like measured ones (the graphs read them the
same way); this table flags them, so that an import never writes over measured data,
importing the same card twice changes nothing, and the graphs can say a bucket is imported.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "imported_bucket",
        sa.Column("level", _S(), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), sa.ForeignKey("series.id"), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("slots", sa.Integer(), nullable=False),
        sa.Column("origin", _S(), nullable=False),
        sa.PrimaryKeyConstraint("level", "bucket", "series_id"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("imported_bucket")
