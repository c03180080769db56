"""Outdoor temperatures kept per hour: the load forecast learns how the house follows them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05

The weather forecast is replaced at every fetch; the temperature of each hour that has
begun is kept from the newest forecast that had it (its observed or nowcast value), so
the load forecast can fit the house's past days against their temperatures. Pruned with
the raw data (the retention setting).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "outdoor_temperature",
        sa.Column("hour", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("temp_c", sa.Float(), nullable=False),
        sa.Column("fetched_at", sa.Float(), nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("outdoor_temperature")
