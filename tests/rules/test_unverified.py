"""Unverified mail can raise, never silence (issue 11): every alert the authenticated mail implies holds
whatever unverified mail says; an alert only unverified mail implies is marked and at most a warning."""

from __future__ import annotations

from dataclasses import replace

import pytest

from store.domain.model import SourcedEvent
from store.domain.rules import evaluate
from store.domain.timeline import build_all
from tests.rules.builders import JP, MP, at, ev

CC = "credit_card"
AMZ = {"seller": "amazon"}
MKT = {"seller": "marketplace", "seller_name": "さくら雑貨店"}


def _kinds(events: list, now: str) -> dict[str, tuple[str, bool]]:
    return {a.kind: (a.severity, bool(a.facts.get("unverified"))) for a in evaluate(build_all(events), [], at(now))}


REFUND_OWED = [ev("ordered", "2026-11-01 09:00", JP, payment_method="gift_card", **AMZ),
               ev("cancelled", "2026-11-01 12:00", JP)]
CANCEL_PENDING = [ev("ordered", "2026-11-01 09:00", JP, payment_method=CC, **AMZ),
                  ev("cancel_requested", "2026-11-01 10:00", JP)]
SELLER_PENDING = [ev("ordered", "2026-11-15 20:00", MP, payment_method=CC, **MKT),
                  ev("cancel_requested", "2026-11-16 10:00", MP)]
SHIPPED_AFTER_CANCEL = [*CANCEL_PENDING, ev("shipped", "2026-11-02 08:00", JP, carrier="yamato")]


@pytest.mark.parametrize("auth", ["unknown", "fail"])
@pytest.mark.parametrize(("story", "forged", "now", "kind"), [
    (REFUND_OWED, ev("refunded", "2026-11-03 09:00", JP, amount=1000.0, currency="JPY"), "2026-11-05 12:00",
     "refund_overdue"),
    (CANCEL_PENDING, ev("cancelled", "2026-11-01 18:00", JP), "2026-11-03 10:00", "cancel_unconfirmed"),
    (CANCEL_PENDING, ev("refunded", "2026-11-01 18:00", JP), "2026-11-03 10:00", "cancel_unconfirmed"),
    (SELLER_PENDING, ev("seller_message", "2026-11-17 09:00", MP, **MKT), "2026-11-20 12:00", "seller_no_reply"),
    (SELLER_PENDING, ev("cancel_rejected", "2026-11-17 09:00", MP), "2026-11-20 12:00", "seller_no_reply"),
    (SHIPPED_AFTER_CANCEL, ev("delivery_refused", "2026-11-03 09:00", JP), "2026-11-04 12:00",
     "shipped_after_cancel"),
    (SHIPPED_AFTER_CANCEL, ev("refunded", "2026-11-03 09:00", JP), "2026-11-04 12:00", "shipped_after_cancel"),
])
def test_unverified_mail_never_silences(story: list, forged: SourcedEvent, now: str, kind: str, auth: str) -> None:
    before = _kinds(story, now)
    assert kind in before and not before[kind][1]
    forged = replace(forged, mail=replace(forged.mail, authenticity=auth))
    after = _kinds([*story, forged], now)
    assert after[kind] == before[kind]  # same severity, not marked unverified: the verified story holds


def test_the_same_mail_verified_does_resolve() -> None:
    assert "refund_overdue" not in _kinds([*REFUND_OWED, ev("refunded", "2026-11-03 09:00", JP)], "2026-11-05 12:00")


def test_forged_shipment_raises_only_a_marked_warning() -> None:
    forged = ev("shipped", "2026-11-02 08:00", JP, auth="unknown", carrier="yamato")
    specs = evaluate(build_all([*CANCEL_PENDING, forged]), [], at("2026-11-02 09:00"))
    (spec,) = [s for s in specs if s.kind == "shipped_after_cancel"]
    assert spec.severity == "warning"
    assert spec.facts["unverified"] is True and spec.facts["unverified_mail_ids"] == [forged.mail.mail_id]
    assert "未確認" in spec.message["ja"] and "Unverified" in spec.message["en"]


def test_all_verified_is_unchanged() -> None:
    (spec,) = [s for s in evaluate(build_all(SHIPPED_AFTER_CANCEL), [], at("2026-11-02 09:00"))
               if s.kind == "shipped_after_cancel"]
    assert spec.severity == "critical" and "unverified" not in spec.facts
