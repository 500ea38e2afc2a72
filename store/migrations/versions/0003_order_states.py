"""Stored order states (order_states), what their stored evaluations depend on (rules_state), an index on mails.suspicious.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

The tables are spelled out here (not imported from store.schema). The existing orders are folded
from their events by ``store.states.rebuild``, limited to the columns this revision creates, so a
later revision that adds columns to order_states keeps this one working; the rules run on the next
poll or rules tick (every row starts "not evaluated").
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
COLUMNS = ("order_id", "version", "state", "market", "seller", "seller_name", "payment_method", "amount", "currency",
           "items", "carrier", "tracking_number", "estimated_delivery", "first_event_at", "last_event_at",
           "last_event_kind", "last_event_local", "event_count", "alerts", "alert_count", "open", "evaluated_at",
           "next_change_at")


def Time() -> sa.DateTime:  # noqa: N802 - reads like a type in the tables below
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "order_states",
        sa.Column("order_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("market", sa.Text()),
        sa.Column("seller", sa.Text()),
        sa.Column("seller_name", sa.Text()),
        sa.Column("payment_method", sa.Text()),
        sa.Column("amount", sa.Double()),
        sa.Column("currency", sa.Text()),
        sa.Column("items", Json),
        sa.Column("carrier", sa.Text()),
        sa.Column("tracking_number", sa.Text()),
        sa.Column("estimated_delivery", sa.Text()),
        sa.Column("first_event_at", Time(), nullable=False),
        sa.Column("last_event_at", Time(), nullable=False),
        sa.Column("last_event_kind", sa.Text(), nullable=False),
        sa.Column("last_event_local", sa.Text(), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("alerts", Json),
        sa.Column("alert_count", sa.Integer(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("evaluated_at", Time()),
        sa.Column("next_change_at", Time()),
        sa.PrimaryKeyConstraint("order_id", name="pk_order_states"),
    )
    op.create_index("ix_order_states_evaluated_at", "order_states", ["evaluated_at"])
    op.create_index("ix_order_states_next_change_at", "order_states", ["next_change_at"])
    op.create_index("ix_order_states_open", "order_states", ["open"])
    op.create_table(
        "rules_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("settings_key", sa.Text()),
        sa.Column("phishing_generation", sa.Integer(), nullable=False),
        sa.Column("phishing_evaluated", sa.Integer(), nullable=False),
        sa.Column("phishing_next_change_at", Time()),
        sa.Column("evaluated_at", Time()),
        sa.PrimaryKeyConstraint("id", name="pk_rules_state"),
    )
    # The phishing rule reads suspicious mail on every `orders status`: an index, not a scan of all mail.
    op.create_index("ix_mails_suspicious", "mails", ["suspicious"])
    from store import states

    states.rebuild(op.get_bind(), columns=COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_mails_suspicious", "mails")
    op.drop_table("rules_state")
    op.drop_table("order_states")
