"""AlertRecords for the notify tests, built directly (ja/en texts per kind), and an in-memory delivery log."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from store.domain.model import AlertRecord, Delivery

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=JST)
DEADLINE = datetime(2026, 11, 22, 10, 0, tzinfo=JST)
DEADLINE_LINE = {"ja": "期限：2026/11/22(日) 10:00 JST", "en": "Deadline: 2026-11-22 10:00 JST"}

# kind -> (order, severity, has deadline, title, message, action), each {"ja", "en"}
KINDS: dict[str, tuple] = {
    "shipped_after_cancel": (
        "250-1111111-1111111", "warning", False,
        {"ja": "250-1111111-1111111: 発送されました（キャンセル依頼後）",
         "en": "250-1111111-1111111: shipped after you asked to cancel"},
        {"ja": "11月1日にキャンセルを依頼しましたが、11月2日に発送されました。",
         "en": "You asked to cancel on Nov 1, but it shipped on Nov 2."},
        {"ja": "受け取りを拒否するか、届いたら返品してください。",
         "en": "Refuse the delivery, or return it when it arrives."},
    ),
    "seller_no_reply": (
        "503-2222222-2222222", "warning", True,
        {"ja": "503-2222222-2222222: 出品者から返信がありません", "en": "503-2222222-2222222: the seller has not replied"},
        {"ja": "さくら雑貨店にキャンセルを依頼してから48時間が経ちました。",
         "en": "48 hours since you asked さくら雑貨店 to cancel."},
        {"ja": "Amazonカスタマーサービスに連絡してください。", "en": "Contact Amazon customer service."},
    ),
    "refund_overdue": (
        "249-3333333-3333333", "warning", True,
        {"ja": "249-3333333-3333333: 返金が遅れています", "en": "249-3333333-3333333: refund overdue"},
        {"ja": "11月5日にキャンセルされましたが、返金が確認できません。", "en": "Cancelled on Nov 5; no refund yet."},
        {"ja": "返金状況を確認してください。", "en": "Check the refund status in Your Orders."},
    ),
    "cancel_unconfirmed": (
        "503-6666666-6666666", "info", False,
        {"ja": "503-6666666-6666666: キャンセルが確認できません", "en": "503-6666666-6666666: cancellation not confirmed"},
        {"ja": "キャンセル依頼から24時間、確認メールが届いていません。", "en": "No confirmation 24 hours after your request."},
        {"ja": "注文履歴で状態を確認してください。", "en": "Check the order's status in Your Orders."},
    ),
    "mail_in_spam": (
        "250-7777777-7777777", "info", False,
        {"ja": "250-7777777-7777777: 注文メールが迷惑メールにあります", "en": "250-7777777-7777777: order mail in your spam folder"},
        {"ja": "本物のAmazonの発送メールが迷惑メールフォルダにありました。",
         "en": "A genuine Amazon shipment mail was in your spam folder."},
        {"ja": "「迷惑メールではない」に設定してください。", "en": "Mark it as not spam."},
    ),
    "phishing": (
        "250-1111111-1111111", "warning", False,
        {"ja": "250-1111111-1111111: 偽のAmazonメール", "en": "250-1111111-1111111: fake Amazon mail"},
        {"ja": "Amazonを装うメール <no-reply@amaz0n.example> がカード情報を求めています。",
         "en": "A mail posing as Amazon <no-reply@amaz0n.example> & asking for your card."},
        {"ja": "リンクを開かず、削除してください。", "en": "Do not open its links; delete it."},
    ),
}
# Expected urgency byte: critical for these two whatever the severity, else from severity.
EXPECTED_URGENCY = {"shipped_after_cancel": 2, "phishing": 2, "seller_no_reply": 1, "refund_overdue": 1,
                    "cancel_unconfirmed": 0, "mail_in_spam": 0}


def make_record(kind: str = "refund_overdue", alert_id: int = 1, **changes) -> AlertRecord:
    order, severity, has_deadline, title, message, action = KINDS[kind]
    record = AlertRecord(
        id=alert_id, kind=kind, order_id=order, subject_key=None, severity=severity,
        raised_at=NOW - timedelta(days=2), deadline=DEADLINE if has_deadline else None,
        title=dict(title), message=dict(message), action=dict(action),
        facts={"order_id": order, "at": NOW - timedelta(days=2)}, first_seen_at=NOW - timedelta(days=1),
    )
    return dataclasses.replace(record, **changes)


def all_kinds() -> list[AlertRecord]:
    return [make_record(kind, alert_id=i + 1) for i, kind in enumerate(KINDS)]


def expected_body(record: AlertRecord, lang: str) -> str:
    lines = [record.message[lang], record.action[lang]]
    if record.deadline is not None:
        lines.append(DEADLINE_LINE[lang])
    return "\n".join(lines)


class MemoryDeliveries:
    """Stands in for the store: ``record_delivery`` plus the records as the store would return them."""

    def __init__(self, records: list[AlertRecord]) -> None:
        self._records = {r.id: r for r in records}
        self.calls: list[tuple[int, str, datetime, str]] = []

    def record_delivery(self, alert_id: int, channel: str, now: datetime, severity: str) -> None:
        self.calls.append((alert_id, channel, now, severity))
        r = self._records[alert_id]
        others = tuple(d for d in r.deliveries if d.channel != channel)
        self._records[alert_id] = dataclasses.replace(
            r, deliveries=(*others, Delivery(channel, now, severity)), last_notified_at=now)

    def update(self, alert_id: int, **changes) -> None:
        """What the store's reconcile/ack would change (severity, acknowledged_at, resolved_at)."""
        self._records[alert_id] = dataclasses.replace(self._records[alert_id], **changes)

    def records(self) -> list[AlertRecord]:
        return list(self._records.values())

    def channels_for(self, alert_id: int) -> list[str]:
        return [c for a, c, _, _ in self.calls if a == alert_id]


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    complete = text[: text.rfind("\n") + 1]  # a line still being written is not read
    return [json.loads(line) for line in complete.splitlines() if line]
