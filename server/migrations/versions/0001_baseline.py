"""Baseline: the schema the server made with create_all before it had migrations.

Revision ID: 0001
Revises:
Create Date: 2026-12-05

The tables are written out here (not taken from server.models), so this revision
stays what it is when the models move on. It also adopts a database made by a server
of the previous release (create_all, no alembic_version): tables that are missing are
created, nullable columns added since are added, rows are kept.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

log = logging.getLogger("server.migrate")


def _text(name: str, *args, nullable: bool = False, **kw) -> sa.Column:
    return sa.Column(name, AutoString(), *args, nullable=nullable, **kw)


def _tables(meta: sa.MetaData) -> None:
    sa.Table("attemptcounter", meta,
             _text("scope", primary_key=True),
             sa.Column("window_start", sa.Float(), nullable=False),
             sa.Column("count", sa.Integer(), nullable=False))
    sa.Table("device", meta,
             _text("id", primary_key=True),
             _text("device_code", index=True, unique=True),
             _text("token_hash", index=True, unique=True),
             _text("registration_key_hash", nullable=True),
             _text("confirmation_salt"),
             _text("confirmation_hash"),
             _text("terms_version"),
             _text("privacy_version"),
             _text("prefecture"),
             _text("city"),
             _text("city_code", nullable=True),
             _text("postal_code", nullable=True),
             sa.Column("household_size", sa.Integer(), nullable=True),
             _text("building_type"),
             _text("energies"),
             sa.Column("registered", UTCDateTime(), nullable=False),
             sa.Column("accepted", UTCDateTime(), nullable=False),
             sa.Column("retired", UTCDateTime(), nullable=True))
    sa.Table("notice", meta,
             sa.Column("id", sa.Integer(), primary_key=True),
             _text("kind"),
             _text("importance"),
             sa.Column("published", UTCDateTime(), nullable=False),
             sa.Column("expires", UTCDateTime(), nullable=True),
             sa.Column("lamp_until", UTCDateTime(), nullable=True),
             _text("title_ja"), _text("title_en"), _text("body_ja"), _text("body_en"))
    sa.Table("restoregrant", meta,
             _text("id", primary_key=True),
             _text("requester_id", index=True),
             _text("source_device_id", index=True),
             _text("backup_ids"),
             sa.Column("expires", UTCDateTime(), nullable=False))
    sa.Table("serverstate", meta,
             _text("key", primary_key=True),
             _text("value"))
    sa.Table("weather_area", meta,
             _text("key", primary_key=True),
             _text("payload", nullable=True),
             sa.Column("issued", sa.Float(), nullable=True),
             sa.Column("fetched", sa.Float(), nullable=True),
             sa.Column("attempted", sa.Float(), nullable=False),
             sa.Column("failures", sa.Integer(), nullable=False),
             sa.Column("claimed_until", sa.Float(), nullable=False),
             _text("error", nullable=True))
    sa.Table("weather_warning", meta,
             _text("id", primary_key=True),
             _text("source"),
             _text("city_code", index=True),
             _text("code"), _text("kind"), _text("level"),
             sa.Column("issued", sa.Float(), nullable=False),
             sa.Column("lifted", sa.Float(), nullable=True, index=True))
    sa.Table("backup", meta,
             sa.Column("seq", sa.Integer(), primary_key=True),
             _text("id", index=True, unique=True),
             _text("device_id", sa.ForeignKey("device.id"), index=True),
             _text("kind"),
             _text("base", nullable=True),
             sa.Column("size", sa.Integer(), nullable=False),
             _text("sha256"),
             sa.Column("created", UTCDateTime(), nullable=False))


def upgrade() -> None:
    bind = op.get_bind()
    meta = sa.MetaData()
    _tables(meta)
    found = sa.inspect(bind)
    existing = set(found.get_table_names())
    if existing & set(meta.tables):
        log.warning("adopting a database made before migrations (tables: %s)",
                    ", ".join(sorted(existing & set(meta.tables))))
    meta.create_all(bind, checkfirst=True)
    # What the previous release's start-up did: nullable columns added to older tables.
    for table in meta.sorted_tables:
        if table.name not in existing:
            continue
        have = {c["name"] for c in found.get_columns(table.name)}
        for column in table.columns:
            if column.name not in have and column.nullable:
                op.add_column(table.name, sa.Column(column.name, column.type, nullable=True))


def downgrade() -> None:
    meta = sa.MetaData()
    _tables(meta)
    meta.drop_all(op.get_bind())
