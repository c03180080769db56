"""The commands relay: the devices each home lets remote callers command, and the
commands from queued to their outcome.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "home_devices",
        sa.Column("device_id", AutoString(), sa.ForeignKey("device.id"), primary_key=True),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("devices", AutoString(), nullable=False),
        sa.Column("updated", UTCDateTime(), nullable=False))
    op.create_table(
        "remote_command",
        sa.Column("id", AutoString(), primary_key=True),
        sa.Column("device_id", AutoString(), sa.ForeignKey("device.id"), nullable=False),
        sa.Column("request_id", AutoString(), nullable=False),
        sa.Column("token_id", AutoString(), nullable=False),
        sa.Column("target", AutoString(), nullable=False),
        sa.Column("action", AutoString(), nullable=False),
        sa.Column("value", AutoString(), nullable=False),
        sa.Column("state", AutoString(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("expires", UTCDateTime(), nullable=False),
        sa.Column("delivered", UTCDateTime(), nullable=True),
        sa.Column("finished", UTCDateTime(), nullable=True),
        sa.Column("before", AutoString(), nullable=True),
        sa.Column("after", AutoString(), nullable=True),
        sa.Column("detail", AutoString(), nullable=False))
    op.create_index("ix_remote_command_device_id", "remote_command", ["device_id"])
    op.create_index("ix_remote_command_state", "remote_command", ["state"])
    # One command per home and idempotency key: a replay finds the first one.
    op.create_index("ux_remote_command_request", "remote_command",
                    ["device_id", "request_id"], unique=True)


def downgrade() -> None:
    op.drop_table("remote_command")
    op.drop_table("home_devices")
