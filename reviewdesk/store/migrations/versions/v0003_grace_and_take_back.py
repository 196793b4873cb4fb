"""The outbox learns grace times and taking back: when an entry may first go, when it first went.

Revision ID: 0003_grace_and_take_back
Revises: 0002_cache_and_state
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_grace_and_take_back"
down_revision = "0002_cache_and_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``not_before`` and ``first_sent_at`` to the outbox, and index its batches."""
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("not_before", sa.Float, nullable=True))
        batch.add_column(sa.Column("first_sent_at", sa.Float, nullable=True))
    op.create_index("ix_outbox_batch", "outbox", ["batch_id"])


def downgrade() -> None:
    """Drop what the upgrade added."""
    op.drop_index("ix_outbox_batch", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("first_sent_at")
        batch.drop_column("not_before")
