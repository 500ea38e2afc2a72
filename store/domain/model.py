"""Plain values shared by the store, the timeline and the rules (no I/O, no SQLAlchemy).

The store returns these; the timeline and rules take them; the CLI renders them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from parsers.events import Event
from parsers.vocab import Authenticity, MailStatus

Severity = Literal["info", "warning", "critical"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "critical": 2}

AlertKind = Literal[
    "shipped_after_cancel",
    "seller_no_reply",
    "refund_overdue",
    "cancel_unconfirmed",
    "mail_in_spam",
    "phishing",
    "unread_amazon_mail",
]


@dataclass(frozen=True, slots=True)
class MailSource:
    """Where a raw mail came from."""

    account: str | None = None
    folder: str | None = None
    uid: int | None = None
    uidvalidity: int | None = None
    in_junk: bool = False
    path: str | None = None  # a local file for `orders import`


@dataclass(frozen=True, slots=True)
class MailRef:
    """A stored mail, as the timeline shows it (the source of an event)."""

    mail_id: int
    message_id: str | None
    account: str | None
    folder: str | None
    in_junk: bool
    date: datetime | None
    subject: str
    from_addr: str
    authenticity: Authenticity
    status: MailStatus


@dataclass(frozen=True, slots=True)
class SourcedEvent:
    """An event with the mail it came from; ``at`` parsed to an aware datetime."""

    event: Event
    at: datetime
    mail: MailRef


@dataclass(frozen=True, slots=True)
class SuspiciousMail:
    """A mail that imitates Amazon (never believed); input of the ``phishing`` rule."""

    mail: MailRef
    order_ids: tuple[str, ...]
    reason: str | None


@dataclass(frozen=True, slots=True)
class UnreadMail:
    """A genuine-looking Amazon mail naming orders that no parser could classify (status
    ``unrecognized``); input of the ``unread_amazon_mail`` rule and of ``mail_in_spam``."""

    mail: MailRef
    order_ids: tuple[str, ...]
    reason: str | None


@dataclass(frozen=True, slots=True)
class AlertSpec:
    """An alert as the rules compute it: the situation now, in both languages.

    ``raised_at`` is when the situation began (the rule's condition first held), so
    re-evaluating later gives the same value; ``deadline`` is when the user should act or
    when the expected thing was due (e.g. "refund expected by").
    """

    kind: AlertKind
    order_id: str | None
    severity: Severity
    raised_at: datetime
    deadline: datetime | None
    title: dict[str, str]  # {"ja": ..., "en": ...}
    message: dict[str, str]
    action: dict[str, str]
    facts: dict[str, Any] = field(default_factory=dict)
    # Identifies the subject of an alert without an order (e.g. the phishing mail's id).
    subject_key: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """The last successful send of an alert on one channel (desktop, command:NAME, apprise)."""

    channel: str
    last_sent_at: datetime
    severity: Severity


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """A stored alert with its delivery state."""

    id: int
    kind: AlertKind
    order_id: str | None
    subject_key: str | None
    severity: Severity
    raised_at: datetime
    deadline: datetime | None
    title: dict[str, str]
    message: dict[str, str]
    action: dict[str, str]
    facts: dict[str, Any]
    first_seen_at: datetime
    last_notified_at: datetime | None = None
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    deliveries: tuple[Delivery, ...] = ()

    @property
    def active(self) -> bool:
        return self.resolved_at is None
