"""Remote access: one-time login codes and the tokens phones and apps get for one home.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "remote_code",
        sa.Column("code_hash", AutoString(), primary_key=True),
        sa.Column("device_id", AutoString(), sa.ForeignKey("device.id"), nullable=False),
        sa.Column("expires", UTCDateTime(), nullable=False))
    op.create_index("ix_remote_code_device_id", "remote_code", ["device_id"])
    op.create_table(
        "remote_token",
        sa.Column("id", AutoString(), primary_key=True),
        sa.Column("device_id", AutoString(), sa.ForeignKey("device.id"), nullable=False),
        sa.Column("token_hash", AutoString(), nullable=False),
        sa.Column("label", AutoString(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("last_used", UTCDateTime(), nullable=True),
        sa.Column("revoked", UTCDateTime(), nullable=True))
    op.create_index("ix_remote_token_device_id", "remote_token", ["device_id"])
    op.create_index("ix_remote_token_token_hash", "remote_token", ["token_hash"], unique=True)


def downgrade() -> None:
    op.drop_table("remote_token")
    op.drop_table("remote_code")
