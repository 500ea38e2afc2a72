"""The store's tables (SQLAlchemy Core), identical on SQLite and PostgreSQL.

Migrations in ``store/migrations`` create exactly these tables; a test compares the migrated
database with this metadata, so a change here without a migration fails the suite.

Conventions:
- Every timestamp is a ``UTCDateTime``: timezone-aware in Python, stored in UTC.
- ``mails.dedupe_key`` is ``"mid:<Message-ID>"`` or, when a mail has no Message-ID,
  ``"sha256:<content hash>"`` (a very long key is replaced by its hash, so hostile input cannot
  overflow an index entry); its unique index is what makes ingest idempotent.
- Strings are ``Text``: a length limit would turn one odd value from a mail into a batch that
  fails on PostgreSQL forever.
- ``events`` keeps each Event field in a column (``at`` in UTC for ordering and ``as_of``,
  ``at_local`` as the mail wrote it); Event fields added later land in ``extra`` (JSON) until a
  migration gives them columns. JSON columns hold SQL NULL, not ``null``, for "nothing".
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
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)
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
# Python None is SQL NULL (not the JSON text "null"): nothing to decode for an empty value.
class _Json(TypeDecorator[Any]):
    """JSON, stored as JSONB on PostgreSQL. The PostgreSQL dialect is imported only when a
    PostgreSQL store is opened: importing it costs ~35 ms of every `orders` start on SQLite."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB(none_as_null=True))
        return dialect.type_descriptor(JSON(none_as_null=True))


JsonValue = _Json(none_as_null=True)


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
    Column("name", Text, nullable=False, unique=True),
    # The receiving server's authserv-id, learned on the first sync: NULL not yet, "" adds none.
    Column("authserv_id", Text),
)

folders = Table(
    "folders",
    metadata,
    Column("id", Id, primary_key=True),
    Column("account_id", Id, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
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
    Column("dedupe_key", Text, nullable=False, unique=True),
    Column("message_id", Text),
    Column("content_hash", Text, nullable=False),
    # Where the mail was first seen; every sighting is in mail_locations.
    Column("account", Text),
    Column("folder", Text),
    Column("uid", BigInteger),
    Column("uidvalidity", BigInteger),
    Column("path", Text),
    Column("date", UTCDateTime),
    Column("from_addr", Text, nullable=False, default=""),
    Column("from_name", Text, nullable=False, default=""),
    Column("subject", Text, nullable=False, default=""),
    Column("authenticity", Text, nullable=False),
    # Where the verdict came from (daemon.service.trust.SOURCES); decided at first sight, kept by reparse.
    Column("auth_source", Text),
    Column("suspicious", Boolean, nullable=False, default=False),
    Column("status", Text, nullable=False),
    Column("reason", Text),
    Column("error", Text),
    Column("parser", Text),
    Column("parser_version", Text),
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
    # (status, suspicious), not status alone: without statistics SQLite would answer "unread Amazon
    # mail" (status = 'unrecognized' AND NOT suspicious) through the suspicious index, i.e. every mail.
    Index(None, "status", "suspicious"),
    Index(None, "suspicious"),
)

mail_locations = Table(
    "mail_locations",
    metadata,
    Column("id", Id, primary_key=True),
    Column("mail_id", Id, ForeignKey("mails.id", ondelete="CASCADE"), nullable=False),
    # "imap:<account>/<folder>/<uidvalidity>/<uid>" or "file:<path>": one row per sighting.
    Column("location_key", Text, nullable=False),
    Column("account", Text),
    Column("folder", Text),
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
    # Event fields as columns (loading 40,000 events must not mean 40,000 JSON documents).
    Column("order_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),  # for ordering and as_of
    Column("at_local", Text, nullable=False),  # Event.at as the mail gave it, with its own offset
    Column("market", Text, nullable=False),
    Column("seller", Text),
    Column("seller_name", Text),
    Column("payment_method", Text),
    Column("amount", Double),
    Column("currency", Text),
    Column("carrier", Text),
    Column("tracking_number", Text),
    Column("items", JsonValue),  # list of item names; NULL when none
    Column("estimated_delivery", Text),
    Column("note", Text),
    # Event fields newer than these columns (NULL when none), until a migration gives them columns.
    Column("extra", JsonValue),
    Index(None, "order_id", "at"),
    Index(None, "mail_id"),
    Index(None, "at"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("order_id", Text, nullable=False, default=""),
    Column("subject_key", Text, nullable=False, default=""),
    Column("severity", Text, nullable=False),
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
    Column("channel", Text, primary_key=True),
    Column("last_sent_at", UTCDateTime, nullable=False),
    Column("severity", Text, nullable=False),
)

# Each order's current state: its timeline folded (no ``as_of``), written in the same transaction as
# the events that change it; and the rules' answer for it at ``evaluated_at`` (``alerts``, AlertSpecs
# as JSON), valid until ``next_change_at`` (NULL: nothing will change by itself). ``evaluated_at``
# NULL means the facts changed since the rules last ran. ``version`` grows with every change of the
# facts, so an evaluation computed from older facts is never saved over newer ones.
order_states = Table(
    "order_states",
    metadata,
    Column("order_id", Text, primary_key=True),
    Column("version", Integer, nullable=False, default=1),
    Column("state", Text, nullable=False),
    Column("market", Text),
    Column("seller", Text),
    Column("seller_name", Text),
    Column("payment_method", Text),
    Column("amount", Double),
    Column("currency", Text),
    Column("items", JsonValue),
    Column("carrier", Text),
    Column("tracking_number", Text),
    Column("estimated_delivery", Text),
    Column("first_event_at", UTCDateTime, nullable=False),
    Column("last_event_at", UTCDateTime, nullable=False),
    Column("last_event_kind", Text, nullable=False),
    Column("last_event_local", Text, nullable=False),  # the last event's time with its own offset
    Column("event_count", Integer, nullable=False),
    Column("alerts", JsonValue),
    Column("alert_count", Integer, nullable=False, default=0),
    # Not settled, or with stored alerts: what `orders status` lists (indexed: it must not scan history).
    Column("open", Boolean, nullable=False, default=True),
    Column("evaluated_at", UTCDateTime),
    Column("next_change_at", UTCDateTime),
    Index(None, "evaluated_at"),
    Index(None, "next_change_at"),
    Index(None, "open"),
)

# One row (id 1): what the stored evaluations depend on beyond the events. ``settings_key`` is the
# fingerprint of the rule settings they were computed with; ``phishing_generation`` grows when
# suspicious or unread mail arrives or changes, ``phishing_evaluated`` is the generation the stored
# alerts about mail (phishing, unread Amazon mail) were computed from; ``phishing_next_change_at`` is
# when they may next change by themselves.
rules_state = Table(
    "rules_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("settings_key", Text),
    Column("phishing_generation", Integer, nullable=False, default=1),
    Column("phishing_evaluated", Integer, nullable=False, default=0),
    Column("phishing_next_change_at", UTCDateTime),
    Column("evaluated_at", UTCDateTime),
)
