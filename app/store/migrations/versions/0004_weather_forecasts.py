"""Weather and energy forecasts: the last forecast, day-ahead forecasts, their accuracy.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

The panel keeps the last good weather forecast exactly as the server sent it
(so it works offline and can say how old it is), each local day's day-ahead
solar and load forecast (so they can be judged against what then happened),
that judgement per day and kind, and the weather warnings it has already
posted notices for (so a restart or a refetch does not post them again).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "weather_forecast",
        sa.Column("slot", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("body", _S(), nullable=False),
        sa.Column("fetched_at", sa.Float(), nullable=False),
    )
    op.create_table(
        "day_ahead_forecast",
        sa.Column("kind", _S(), primary_key=True),
        sa.Column("day", _S(), primary_key=True),
        sa.Column("start", sa.Float(), nullable=False),
        sa.Column("wh", _S(), nullable=False),
        sa.Column("factor", sa.Float(), nullable=True),
        sa.Column("made_at", sa.Float(), nullable=False),
    )
    op.create_table(
        "forecast_accuracy",
        sa.Column("kind", _S(), primary_key=True),
        sa.Column("day", _S(), primary_key=True),
        sa.Column("mae_wh", sa.Float(), nullable=False),
        sa.Column("bias_wh", sa.Float(), nullable=False),
        sa.Column("forecast_kwh", sa.Float(), nullable=False),
        sa.Column("actual_kwh", sa.Float(), nullable=False),
    )
    op.create_table(
        "weather_warning_seen",
        sa.Column("id", _S(), primary_key=True),
        sa.Column("kind", _S(), nullable=False),
        sa.Column("level", _S(), nullable=False),
        sa.Column("posted_at", sa.Float(), nullable=False),
        sa.Column("lifted_at", sa.Float(), nullable=True),
    )


def downgrade() -> None:
    for name in ("weather_warning_seen", "forecast_accuracy", "day_ahead_forecast",
                 "weather_forecast"):
        op.drop_table(name)
