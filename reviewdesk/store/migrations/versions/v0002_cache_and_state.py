"""Case cache and desk state; the outbox learns batches, resolutions and corrections.

Revision ID: 0002_cache_and_state
Revises: 0001_outbox
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_cache_and_state"
down_revision = "0001_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the outbox columns and the case cache and desk state tables."""
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("batch_id", sa.String(100), nullable=True))
        batch.add_column(sa.Column("status_code", sa.Integer, nullable=True))
        batch.add_column(sa.Column("resolved_at", sa.Float, nullable=True))
        batch.add_column(sa.Column("resolution", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("replaces_id", sa.Integer, nullable=True))
    op.create_index("ix_outbox_case", "outbox", ["service_url", "case_id"])
    op.create_table(
        "case_cache",
        sa.Column("service_url", sa.Text, primary_key=True),
        sa.Column("case_id", sa.Text, primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("fetched_at", sa.Float, nullable=False),
    )
    op.create_index("ix_case_cache_fetched", "case_cache", ["fetched_at"])
    op.create_table(
        "desk_state",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Drop what the upgrade added."""
    op.drop_table("desk_state")
    op.drop_index("ix_case_cache_fetched", table_name="case_cache")
    op.drop_table("case_cache")
    op.drop_index("ix_outbox_case", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        for column in ("replaces_id", "resolution", "resolved_at", "status_code", "batch_id"):
            batch.drop_column(column)
