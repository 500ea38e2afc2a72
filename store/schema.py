"""The store's tables (SQLAlchemy Core), identical on SQLite and PostgreSQL.

Migrations in ``store/migrations`` create exactly these tables; a test compares the migrated
database with this metadata, so a change here without a migration fails the suite.

Conventions:
- Every timestamp is a ``UTCDateTime``: timezone-aware in Python, stored in UTC.
- ``mails.dedupe_key`` is ``"mid:<Message-ID>"`` or, when a mail has no Message-ID,
  ``"sha256:<content hash>"``; its unique index is what makes ingest idempotent.
- ``alerts.order_id`` and ``alerts.subject_key`` are ``''`` (never NULL) when an alert has no
  order / no subject, so the unique (kind, order_id, subject_key) key also holds for them
  (NULLs are all distinct in a unique index). The repository maps ``''`` back to ``None``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

# Stable constraint names so future migrations can refer to them on both backends.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

# SQLite only auto-increments an ``INTEGER PRIMARY KEY``; PostgreSQL gets 64-bit ids.
Id = BigInteger().with_variant(Integer(), "sqlite")
JsonValue = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC (SQLite keeps no offset; PostgreSQL uses timestamptz).

    A naive value is taken as UTC; the public API rejects naive datetimes before they get here.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


accounts = Table(
    "accounts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
)

folders = Table(
    "folders",
    metadata,
    Column("id", Id, primary_key=True),
    Column("account_id", Id, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(500), nullable=False),
    Column("is_junk", Boolean, nullable=False, default=False),
    # The sync checkpoint; NULL uidvalidity means "never synced".
    Column("uidvalidity", BigInteger),
    Column("last_uid", BigInteger),
    Column("highestmodseq", BigInteger),
    Column("last_sync_at", UTCDateTime),
    UniqueConstraint("account_id", "name"),
)

mails = Table(
    "mails",
    metadata,
    Column("id", Id, primary_key=True),
    Column("dedupe_key", String(1000), nullable=False, unique=True),
    Column("message_id", Text),
    Column("content_hash", String(64), nullable=False),
    # Where the mail was first seen; every sighting is in mail_locations.
    Column("account", String(200)),
    Column("folder", String(500)),
    Column("uid", BigInteger),
    Column("uidvalidity", BigInteger),
    Column("path", Text),
    Column("date", UTCDateTime),
    Column("from_addr", Text, nullable=False, default=""),
    Column("from_name", Text, nullable=False, default=""),
    Column("subject", Text, nullable=False, default=""),
    Column("authenticity", String(16), nullable=False),
    Column("suspicious", Boolean, nullable=False, default=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text),
    Column("error", Text),
    Column("parser", String(100)),
    Column("parser_version", String(50)),
    Column("order_ids", JsonValue, nullable=False),
    Column("markets", JsonValue, nullable=False),
    Column("forwarded_by", Text),
    # True once the mail has been seen in a junk folder (sticky, see repository docstring).
    Column("in_junk", Boolean, nullable=False, default=False),
    Column("raw", LargeBinary, nullable=False),  # zlib-compressed
    Column("raw_size", Integer, nullable=False),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("parsed_at", UTCDateTime, nullable=False),
    Index(None, "message_id"),
    Index(None, "content_hash"),
    Index(None, "status"),
)

mail_locations = Table(
    "mail_locations",
    metadata,
    Column("id", Id, primary_key=True),
    Column("mail_id", Id, ForeignKey("mails.id", ondelete="CASCADE"), nullable=False),
    # "imap:<account>/<folder>/<uidvalidity>/<uid>" or "file:<path>": one row per sighting.
    Column("location_key", Text, nullable=False),
    Column("account", String(200)),
    Column("folder", String(500)),
    Column("uid", BigInteger),
    Column("uidvalidity", BigInteger),
    Column("path", Text),
    Column("in_junk", Boolean, nullable=False, default=False),
    Column("seen_at", UTCDateTime, nullable=False),
    UniqueConstraint("mail_id", "location_key"),
)

events = Table(
    "events",
    metadata,
    Column("id", Id, primary_key=True),
    Column("mail_id", Id, ForeignKey("mails.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),  # position in the mail's ParseResult.events
    Column("order_id", String(100), nullable=False),
    Column("kind", String(50), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("fields", JsonValue, nullable=False),  # Event.to_dict(), with the original offset in "at"
    Index(None, "order_id", "at"),
    Index(None, "mail_id"),
    Index(None, "at"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("kind", String(50), nullable=False),
    Column("order_id", String(100), nullable=False, default=""),
    Column("subject_key", String(200), nullable=False, default=""),
    Column("severity", String(16), nullable=False),
    Column("raised_at", UTCDateTime, nullable=False),
    Column("deadline", UTCDateTime),
    Column("title", JsonValue, nullable=False),
    Column("message", JsonValue, nullable=False),
    Column("action", JsonValue, nullable=False),
    Column("facts", JsonValue, nullable=False),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("last_notified_at", UTCDateTime),
    Column("acknowledged_at", UTCDateTime),
    Column("resolved_at", UTCDateTime),
    UniqueConstraint("kind", "order_id", "subject_key"),
    Index(None, "resolved_at"),
    Index(None, "order_id"),
)

alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("alert_id", Id, ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True),
    Column("channel", String(200), primary_key=True),
    Column("last_sent_at", UTCDateTime, nullable=False),
    Column("severity", String(16), nullable=False),
)
