"""Values for store tests, built directly (no parser involved)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from parsers.events import Event, ParseResult
from store.domain.model import AlertSpec, MailSource

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
JST = "+09:00"

Item = tuple[bytes, MailSource, ParseResult]


def event(kind: str, order_id: str, at: str, **fields: Any) -> Event:
    return Event(kind=kind, order_id=order_id, at=at, market=fields.pop("market", "amazon.co.jp"), **fields)  # type: ignore[arg-type]


def raw_mail(message_id: str | None, subject: str, body: str = "") -> bytes:
    headers = [f"Message-ID: <{message_id}>"] if message_id else []
    headers += ["From: Amazon.co.jp <shipment-tracking@amazon.co.jp>", f"Subject: {subject}",
                "Content-Type: text/plain; charset=utf-8"]
    return ("\r\n".join(headers) + "\r\n\r\n" + (body or subject) + "\r\n").encode()


def result(
    message_id: str | None,
    *events: Event,
    status: str = "parsed",
    suspicious: bool = False,
    authenticity: str = "pass",
    date: str | None = None,
    subject: str = "Amazon.co.jp ご注文の確認",
    order_ids: tuple[str, ...] = (),
    reason: str | None = None,
    parser: str | None = "jp_order",
) -> ParseResult:
    return ParseResult(
        message_id=message_id,
        subject=subject,
        date=date or (events[0].at if events else "2026-11-01T10:00:00+09:00"),
        from_addr="auto-confirm@amazon.co.jp",
        from_name="Amazon.co.jp",
        authenticity=authenticity,  # type: ignore[arg-type]
        suspicious=suspicious,
        status=status,  # type: ignore[arg-type]
        parser=parser if status == "parsed" else None,
        parser_version="1" if status == "parsed" else None,
        events=events,
        order_ids=order_ids or tuple(dict.fromkeys(e.order_id for e in events)),
        reason=reason,
    )


def item(
    message_id: str | None,
    *events: Event,
    folder: str = "INBOX",
    uid: int = 1,
    uidvalidity: int = 7,
    in_junk: bool = False,
    account: str = "main",
    body: str = "",
    **kwargs: Any,
) -> Item:
    res = result(message_id, *events, **kwargs)
    return (raw_mail(message_id, res.subject, body), MailSource(account, folder, uid, uidvalidity, in_junk), res)


def spec(kind: str = "refund_overdue", order_id: str | None = "249-3333333-3333333", *, severity: str = "warning",
         raised_at: datetime = NOW - timedelta(days=2), deadline: datetime | None = None,
         subject_key: str | None = None, title: str = "Refund overdue", **facts: Any) -> AlertSpec:
    return AlertSpec(
        kind=kind,  # type: ignore[arg-type]
        order_id=order_id,
        severity=severity,  # type: ignore[arg-type]
        raised_at=raised_at,
        deadline=deadline,
        title={"ja": "返金が遅れています", "en": title},
        message={"ja": "返金がまだです。", "en": "No refund yet."},
        action={"ja": "カスタマーサービスへ連絡してください。", "en": "Contact customer service."},
        facts=facts,
        subject_key=subject_key,
    )
