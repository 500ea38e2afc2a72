"""Initial schema: accounts, folders, mails, mail_locations, events, alerts, alert_deliveries.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Spelled out here (not imported from store.schema) so this revision keeps creating the same
tables when schema.py moves on; later changes come as new revisions.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def Time() -> sa.DateTime:  # noqa: N802 - reads like a type in the tables below
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", Id, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint("name", name="uq_accounts_name"),
    )
    op.create_table(
        "folders",
        sa.Column("id", Id, nullable=False),
        sa.Column("account_id", Id, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("is_junk", sa.Boolean(), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger()),
        sa.Column("last_uid", sa.BigInteger()),
        sa.Column("highestmodseq", sa.BigInteger()),
        sa.Column("last_sync_at", Time()),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_folders_account_id_accounts",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_folders"),
        sa.UniqueConstraint("account_id", "name", name="uq_folders_account_id_name"),
    )
    op.create_table(
        "mails",
        sa.Column("id", Id, nullable=False),
        sa.Column("dedupe_key", sa.Text(), nullable=False),
        sa.Column("message_id", sa.Text()),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.Column("account", sa.Text()),
        sa.Column("folder", sa.Text()),
        sa.Column("uid", sa.BigInteger()),
        sa.Column("uidvalidity", sa.BigInteger()),
        sa.Column("path", sa.Text()),
        sa.Column("date", Time()),
        sa.Column("from_addr", sa.Text(), nullable=False),
        sa.Column("from_name", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("authenticity", sa.Text(), nullable=False),
        sa.Column("suspicious", sa.Boolean(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("error", sa.Text()),
        sa.Column("parser", sa.Text()),
        sa.Column("parser_version", sa.Text()),
        sa.Column("order_ids", Json, nullable=False),
        sa.Column("markets", Json, nullable=False),
        sa.Column("forwarded_by", sa.Text()),
        sa.Column("in_junk", sa.Boolean(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("raw_size", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", Time(), nullable=False),
        sa.Column("parsed_at", Time(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mails"),
        sa.UniqueConstraint("dedupe_key", name="uq_mails_dedupe_key"),
    )
    op.create_index("ix_mails_message_id", "mails", ["message_id"])
    op.create_index("ix_mails_content_hash", "mails", ["content_hash"])
    op.create_index("ix_mails_status", "mails", ["status"])
    op.create_table(
        "mail_locations",
        sa.Column("id", Id, nullable=False),
        sa.Column("mail_id", Id, nullable=False),
        sa.Column("location_key", sa.Text(), nullable=False),
        sa.Column("account", sa.Text()),
        sa.Column("folder", sa.Text()),
        sa.Column("uid", sa.BigInteger()),
        sa.Column("uidvalidity", sa.BigInteger()),
        sa.Column("path", sa.Text()),
        sa.Column("in_junk", sa.Boolean(), nullable=False),
        sa.Column("seen_at", Time(), nullable=False),
        sa.ForeignKeyConstraint(["mail_id"], ["mails.id"], name="fk_mail_locations_mail_id_mails",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_mail_locations"),
        sa.UniqueConstraint("mail_id", "location_key", name="uq_mail_locations_mail_id_location_key"),
    )
    op.create_table(
        "events",
        sa.Column("id", Id, nullable=False),
        sa.Column("mail_id", Id, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("at", Time(), nullable=False),
        sa.Column("at_local", sa.Text(), nullable=False),
        sa.Column("market", sa.Text(), nullable=False),
        sa.Column("seller", sa.Text()),
        sa.Column("seller_name", sa.Text()),
        sa.Column("payment_method", sa.Text()),
        sa.Column("amount", sa.Double()),
        sa.Column("currency", sa.Text()),
        sa.Column("carrier", sa.Text()),
        sa.Column("tracking_number", sa.Text()),
        sa.Column("items", Json),
        sa.Column("estimated_delivery", sa.Text()),
        sa.Column("note", sa.Text()),
        sa.Column("extra", Json),
        sa.ForeignKeyConstraint(["mail_id"], ["mails.id"], name="fk_events_mail_id_mails", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_index("ix_events_order_id_at", "events", ["order_id", "at"])
    op.create_index("ix_events_mail_id", "events", ["mail_id"])
    op.create_index("ix_events_at", "events", ["at"])
    op.create_table(
        "alerts",
        sa.Column("id", Id, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("order_id", sa.Text(), nullable=False),
        sa.Column("subject_key", sa.Text(), nullable=False),
        sa.Column("severity", sa.Text(), nullable=False),
        sa.Column("raised_at", Time(), nullable=False),
        sa.Column("deadline", Time()),
        sa.Column("title", Json, nullable=False),
        sa.Column("message", Json, nullable=False),
        sa.Column("action", Json, nullable=False),
        sa.Column("facts", Json, nullable=False),
        sa.Column("first_seen_at", Time(), nullable=False),
        sa.Column("updated_at", Time(), nullable=False),
        sa.Column("last_notified_at", Time()),
        sa.Column("acknowledged_at", Time()),
        sa.Column("resolved_at", Time()),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.UniqueConstraint("kind", "order_id", "subject_key", name="uq_alerts_kind_order_id_subject_key"),
    )
    op.create_index("ix_alerts_resolved_at", "alerts", ["resolved_at"])
    op.create_index("ix_alerts_order_id", "alerts", ["order_id"])
    op.create_table(
        "alert_deliveries",
        sa.Column("alert_id", Id, nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("last_sent_at", Time(), nullable=False),
        sa.Column("severity", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name="fk_alert_deliveries_alert_id_alerts",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("alert_id", "channel", name="pk_alert_deliveries"),
    )


def downgrade() -> None:
    for table in ("alert_deliveries", "alerts", "events", "mail_locations", "mails", "folders", "accounts"):
        op.drop_table(table)
