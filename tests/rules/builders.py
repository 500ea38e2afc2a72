"""Canned events, mails and timelines for the rule tests (short to write, so tables stay readable)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from parsers.events import Event
from store.domain.model import MailRef, SourcedEvent, SuspiciousMail
from store.domain.timeline import Timeline, build

JP = "250-1111111-1111111"
MP = "503-2222222-2222222"
US = "113-5555555-5555555"

_ids = itertools.count(1)


def at(text: str) -> datetime:
    """'2026-11-16 10:00' is JST; a full ISO string keeps its own offset."""
    if "+" in text[10:] or text.endswith("Z") or "-" in text[10:]:
        return datetime.fromisoformat(text)
    return datetime.fromisoformat(text + "+09:00")


def mail(*, mail_id: int | None = None, when: datetime | None = None, junk: bool = False, auth: str = "pass",
         folder: str | None = None, subject: str = "Amazon.co.jp", message_id: str | None = None,
         from_addr: str = "auto-confirm@amazon.co.jp", status: str = "parsed") -> MailRef:
    mid = mail_id if mail_id is not None else next(_ids)
    return MailRef(mail_id=mid, message_id=message_id if message_id is not None else f"m{mid}@amazon.co.jp",
                   account="me@example.jp", folder=folder or ("Junk" if junk else "INBOX"), in_junk=junk,
                   date=when, subject=subject, from_addr=from_addr, authenticity=auth,  # type: ignore[arg-type]
                   status=status)  # type: ignore[arg-type]


def ev(kind: str, when: str, order: str = JP, *, junk: bool = False, auth: str = "pass",
       mail_id: int | None = None, subject: str | None = None, folder: str | None = None,
       market: str = "amazon.co.jp", dated: bool = True, **fields: Any) -> SourcedEvent:
    moment = at(when)
    event = Event(kind=kind, order_id=order, at=moment.isoformat(), market=market,  # type: ignore[arg-type]
                  **fields)
    ref = mail(mail_id=mail_id, when=moment if dated else None, junk=junk, auth=auth, folder=folder,
               subject=subject or f"{kind} {order}")
    return SourcedEvent(event=event, at=moment, mail=ref)


def timeline(*events: SourcedEvent, order: str | None = None, as_of: str | None = None) -> Timeline:
    order_id = order or events[0].event.order_id
    return build(order_id, events, as_of=at(as_of) if as_of else None)


def phish(order_ids: tuple[str, ...], when: str | None, *, message_id: str | None = "phish@evil.example",
          mail_id: int | None = None, reason: str | None = "From domain is not Amazon's") -> SuspiciousMail:
    ref = mail(mail_id=mail_id, when=at(when) if when else None, junk=True, auth="fail", message_id=message_id,
               subject="【重要】Amazonアカウントの確認", from_addr="info@amazon-security.xyz", status="suspicious")
    if message_id is None:
        ref = replace(ref, message_id=None)
    return SuspiciousMail(mail=ref, order_ids=order_ids, reason=reason)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
