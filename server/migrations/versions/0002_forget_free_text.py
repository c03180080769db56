"""Forget the free text of registrations made before city codes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05

Registrations before city codes kept a typed `city`, and people typed addresses,
names and telephone numbers there: blank it. The devices keep working, without a
city. `server.migrate` then empties SQLite's WAL (secure_delete zeroes the old bytes).
Irreversible on purpose.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE device SET city = '' WHERE city IS NOT NULL AND city != ''")


def downgrade() -> None:
    pass  # the text is gone; there is nothing to bring back
