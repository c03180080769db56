"""Remote view: the newest live summary of each home, and until when a phone watches it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "home_summary",
        sa.Column("device_id", AutoString(), sa.ForeignKey("device.id"), primary_key=True),
        sa.Column("payload", AutoString(), nullable=False),
        sa.Column("received", UTCDateTime(), nullable=False),
        sa.Column("watched_until", UTCDateTime(), nullable=True))


def downgrade() -> None:
    op.drop_table("home_summary")
