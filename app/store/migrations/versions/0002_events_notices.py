"""Appliance history (event) and the notices inbox (notice).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", _S(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("device", _S(), nullable=False),
        sa.Column("epc", sa.Integer(), nullable=True),
        sa.Column("old", _S(), nullable=True),
        sa.Column("new", _S(), nullable=True),
        sa.Column("cause", _S(), nullable=True),
        sa.Column("action", _S(), nullable=True),
        sa.Column("saving_wh", sa.Float(), nullable=True),
        sa.Column("detail", _S(), nullable=False),
        sa.Column("code", sa.Integer(), nullable=True),
        sa.Column("fault_class", _S(), nullable=True),
        sa.Column("maker", sa.Integer(), nullable=True),
        sa.Column("recovered_at", sa.Float(), nullable=True),
    )
    op.create_index("ix_event_at", "event", ["at"])
    op.create_index("ix_event_kind_at", "event", ["kind", "at"])
    op.create_index("ix_event_device_at", "event", ["device", "at"])
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("fold_key", _S(), nullable=False, unique=True),
        sa.Column("source", _S(), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("first_at", sa.Float(), nullable=False),
        sa.Column("template", _S(), nullable=False),
        sa.Column("args", _S(), nullable=False),
        sa.Column("title", _S(), nullable=False),
        sa.Column("body", _S(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("read", sa.Boolean(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=True),
        sa.Column("lamp_until", sa.Float(), nullable=True),
    )
    op.create_index("ix_notice_at", "notice", ["at"])


def downgrade() -> None:
    op.drop_index("ix_notice_at", "notice")
    op.drop_table("notice")
    for name in ("ix_event_device_at", "ix_event_kind_at", "ix_event_at"):
        op.drop_index(name, "event")
    op.drop_table("event")
