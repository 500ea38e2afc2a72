"""Values that leave the parsers: events and the result of parsing one mail."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from parsers.vocab import Authenticity, EventKind, MailStatus, PaymentMethod, Seller


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened to one order, as a mail says it.

    ``at`` is the mail's Date as ISO-8601 with offset. Field names are a contract.
    """

    kind: EventKind
    order_id: str
    at: str
    market: str
    seller: Seller | None = None
    seller_name: str | None = None
    payment_method: PaymentMethod | None = None
    amount: float | None = None
    currency: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    items: tuple[str, ...] = ()
    estimated_delivery: str | None = None
    # Free text worth showing on the timeline: a seller's message, a cancel reason.
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["items"] = list(self.items)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        known["items"] = tuple(known.get("items") or ())
        return cls(**known)


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What parsing one mail gave. Built by ``parsers.parse_mail``, which never raises."""

    message_id: str | None
    subject: str
    date: str | None
    from_addr: str
    from_name: str
    authenticity: Authenticity
    suspicious: bool
    status: MailStatus
    error: str | None = None
    parser: str | None = None
    parser_version: str | None = None
    events: tuple[Event, ...] = ()
    # Order numbers the mail names, even when it is not believed (phishing alerts name them).
    order_ids: tuple[str, ...] = ()
    # Why the mail is suspicious / ignored / unrecognized, one line for humans.
    reason: str | None = None
    forwarded_by: str | None = None
    markets: tuple[str, ...] = field(default=())

    def to_json_dict(self, source: str) -> dict[str, Any]:
        """The `orders parse --json` line (a contract: extend, don't rename)."""
        return {
            "source": source,
            "message_id": self.message_id,
            "subject": self.subject,
            "date": self.date,
            "authenticity": self.authenticity,
            "suspicious": self.suspicious,
            "status": self.status,
            "error": self.error,
            "reason": self.reason,
            "parser": self.parser,
            "order_ids": list(self.order_ids),
            "forwarded_by": self.forwarded_by,
            "events": [e.to_dict() for e in self.events],
        }
