"""The outbox: every decision, committed before it is sent.

Revision ID: 0001_outbox
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_outbox"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the outbox table."""
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("idempotency_key", sa.String(100), nullable=False, unique=True),
        sa.Column("service_url", sa.Text, nullable=False),
        sa.Column("moderator", sa.Text, nullable=False),
        sa.Column("case_id", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.Float, nullable=True),
        sa.Column("last_error", sa.Text, nullable=False, server_default=""),
        sa.Column("result", sa.Text, nullable=True),
    )
    op.create_index("ix_outbox_owner_state", "outbox", ["service_url", "moderator", "state"])


def downgrade() -> None:
    """Drop the outbox table."""
    op.drop_index("ix_outbox_owner_state", table_name="outbox")
    op.drop_table("outbox")
