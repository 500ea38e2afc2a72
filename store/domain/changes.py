"""When can an order's alerts next change? The pure half of "rules only when something can change".

Every rule compares ``now`` with a moment derived from one event (or its mail) plus a threshold of
``RuleSettings``: a cancel request + ``seller_reply_hours`` / ``cancel_confirm_hours``, a
cancellation / refusal / return + the payment method's refund window in its market, a mail's date (or its event's
time) and that + ``mail_alert_days``; and an event dated after ``now`` joins the timeline at its own
time. Between two such moments every rule's answer is constant (each threshold is "from this moment
on"), so the alerts computed at ``now`` hold until the earliest of them after ``now``.
``next_change`` returns that moment, taken over *every* event (a superset of the moments that
matter: waking up too often costs a re-evaluation of one order, never a wrong answer). A property
test compares this with evaluating at every moment.

The settings are part of the answer: ``settings_key`` changes when any threshold does, and the
store re-evaluates everything then.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import datetime, timedelta
from typing import Any

from store.domain.model import AlertSpec, SuspiciousMail, UnreadMail
from store.domain.rules import RuleSettings
from store.domain.timeline import Timeline


def settings_key(settings: RuleSettings) -> str:
    """A short fingerprint of everything the rules' answers depend on besides the events and ``now``."""
    # Every field, so a threshold added to RuleSettings later is covered without a change here.
    data = {f.name: getattr(settings, f.name) for f in fields(settings)}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=_plain).encode()).hexdigest()[:16]


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(sorted(value.items()))
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"settings_key: cannot fingerprint {type(value).__name__}")


def _after(moments: Iterable[datetime], now: datetime) -> datetime | None:
    return min((m for m in moments if m > now), default=None)


def change_moments(tl: Timeline, settings: RuleSettings) -> list[datetime]:
    """Every moment at which one of the order rules may start or stop holding for ``tl``."""
    hours = (timedelta(hours=settings.seller_reply_hours), timedelta(hours=settings.cancel_confirm_hours))
    # The method (and market) is the latest one named; cutting the timeline back may name an earlier one.
    methods = {se.event.payment_method for se in tl.events} | {tl.payment_method, None}
    markets = {se.event.market for se in tl.events} | {tl.market, None}
    windows = {settings.refund_window(method, market) for method in methods for market in markets}
    recent = timedelta(days=settings.mail_alert_days)
    out: list[datetime] = []
    for se in tl.events:
        at = se.at
        out.append(at)
        out.extend(at + h for h in hours)
        out.extend(at + w for w in windows)
        for seen in {at, se.mail.date or at}:
            out.extend((seen, seen + recent))
    return out


def next_change(tl: Timeline, now: datetime, settings: RuleSettings) -> datetime | None:
    """The earliest moment after ``now`` at which the order's alerts may differ from those at ``now``."""
    return _after(change_moments(tl, settings), now)


def mail_next_change(suspicious: Iterable[SuspiciousMail], unread: Iterable[UnreadMail], named: Iterable[Timeline],
                     now: datetime, settings: RuleSettings) -> datetime | None:
    """The same for the alerts about mail rather than one order's events — ``phishing``,
    ``unread_amazon_mail`` and the unread junk mail in ``mail_in_spam``: each mail's date and its end of
    recency, and the moments the orders it names come into being or change (their zone renders its time,
    their pending cancel or refund words the alert)."""
    recent = timedelta(days=settings.mail_alert_days)
    moments: list[datetime] = []
    for mail in [sm.mail for sm in suspicious] + [um.mail for um in unread]:
        if mail.date is not None:
            moments += [mail.date, mail.date + recent]
    for tl in named:
        moments += [se.at for se in tl.events]
    return _after(moments, now)


def spec_to_json(spec: AlertSpec) -> dict[str, Any]:
    """An AlertSpec as a JSON object (datetimes as ISO-8601 with their offsets)."""
    return {"kind": spec.kind, "order_id": spec.order_id, "severity": spec.severity,
            "raised_at": spec.raised_at.isoformat(),
            "deadline": spec.deadline.isoformat() if spec.deadline is not None else None,
            "title": spec.title, "message": spec.message, "action": spec.action, "facts": spec.facts,
            "subject_key": spec.subject_key}


def spec_from_json(data: dict[str, Any]) -> AlertSpec:
    deadline = data.get("deadline")
    return AlertSpec(kind=data["kind"], order_id=data["order_id"], severity=data["severity"],
                     raised_at=datetime.fromisoformat(data["raised_at"]),
                     deadline=datetime.fromisoformat(deadline) if deadline else None,
                     title=data["title"], message=data["message"], action=data["action"], facts=data["facts"],
                     subject_key=data.get("subject_key"))
