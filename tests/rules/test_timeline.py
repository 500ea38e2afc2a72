"""The timeline fold: states, merged facts, sources, as_of, JSON."""

from __future__ import annotations

import json

import pytest

from store.domain.timeline import build, build_all, items_overlap, merge_items
from tests.rules.builders import JP, MP, at, ev, timeline

# (name, [(kind, time)], expected state) — times are JST.
STATE_CASES = [
    ("ordered only", [("ordered", "2026-11-01 09:00")], "ordered"),
    ("cancel requested", [("ordered", "2026-11-01 09:00"), ("cancel_requested", "2026-11-01 10:00")],
     "cancel_requested"),
    ("cancelled", [("cancel_requested", "2026-11-01 10:00"), ("cancelled", "2026-11-01 11:00")], "cancelled"),
    ("cancel rejected", [("cancel_requested", "2026-11-01 10:00"), ("cancel_rejected", "2026-11-01 11:00")],
     "cancel_rejected"),
    ("request re-sent after rejection", [("cancel_requested", "2026-11-01 10:00"),
                                         ("cancel_rejected", "2026-11-01 11:00"),
                                         ("cancel_requested", "2026-11-01 12:00")], "cancel_requested"),
    ("shipped after cancel request", [("ordered", "2026-11-01 09:00"), ("cancel_requested", "2026-11-01 10:00"),
                                      ("shipped", "2026-11-02 08:00")], "shipped"),
    ("out for delivery", [("shipped", "2026-11-02 08:00"), ("out_for_delivery", "2026-11-03 07:00")],
     "out_for_delivery"),
    ("delivered", [("shipped", "2026-11-02 08:00"), ("delivered", "2026-11-03 12:00")], "delivered"),
    ("a later delay does not regress", [("shipped", "2026-11-02 08:00"), ("delivered", "2026-11-03 12:00"),
                                        ("delivery_delayed", "2026-11-03 13:00")], "delivered"),
    ("a delay keeps shipped", [("shipped", "2026-11-02 08:00"), ("delivery_delayed", "2026-11-03 13:00")],
     "shipped"),
    ("refused", [("shipped", "2026-11-02 08:00"), ("delivery_refused", "2026-11-03 12:00")], "delivery_refused"),
    ("return flow to refund", [("delivered", "2026-11-03 12:00"), ("return_requested", "2026-11-04 09:00"),
                               ("return_received", "2026-11-06 09:00"), ("refunded", "2026-11-07 09:00")],
     "refunded"),
    ("cancel then refund", [("ordered", "2026-11-01 09:00"), ("cancelled", "2026-11-01 11:00"),
                            ("refunded", "2026-11-01 12:00")], "refunded"),
    ("refunded yet shipped anyway", [("cancelled", "2026-11-01 11:00"), ("refunded", "2026-11-01 12:00"),
                                     ("shipped", "2026-11-02 08:00")], "shipped"),
    ("cancel request after shipment does not regress", [("shipped", "2026-11-02 08:00"),
                                                        ("cancel_requested", "2026-11-02 09:00")], "shipped"),
    ("late out-for-delivery notice", [("delivered", "2026-11-03 12:00"), ("out_for_delivery", "2026-11-03 13:00")],
     "delivered"),
    ("seller message only", [("seller_message", "2026-11-01 09:00")], "ordered"),
    ("seller message after request", [("cancel_requested", "2026-11-01 10:00"),
                                      ("seller_message", "2026-11-01 11:00")], "cancel_requested"),
]


@pytest.mark.parametrize(("events", "state"), [(e, s) for _, e, s in STATE_CASES],
                         ids=[name for name, _, _ in STATE_CASES])
def test_state_fold(events: list[tuple[str, str]], state: str) -> None:
    built = timeline(*(ev(kind, when) for kind, when in events))
    assert built.state == state
    # The input order does not matter: the fold sorts by time.
    assert timeline(*(ev(kind, when) for kind, when in reversed(events))).state == state


def test_ties_are_broken_by_kind_order() -> None:
    same = "2026-11-01 10:00"
    built = timeline(ev("shipped", same), ev("cancel_requested", same), ev("ordered", same))
    assert [se.event.kind for se in built.events] == ["ordered", "cancel_requested", "shipped"]
    assert built.state == "shipped"


def test_facts_are_merged() -> None:
    built = timeline(
        ev("ordered", "2026-11-15 20:00", MP, seller="amazon", payment_method="credit_card", amount=2980.0,
           currency="JPY", items=("陶器のマグカップ 2個セット…",)),
        ev("seller_message", "2026-11-16 09:00", MP, seller="marketplace", seller_name="さくら雑貨店",
           note="ご注文ありがとうございます"),
        ev("shipped", "2026-11-17 08:00", MP, carrier="japan_post", tracking_number="1111",
           estimated_delivery="2026-11-19", items=("陶器のマグカップ 2個セット ブルー", "コースター")),
        ev("delivery_delayed", "2026-11-18 08:00", MP, estimated_delivery="2026-11-21"),
        ev("shipped", "2026-11-18 09:00", MP, carrier="yamato", tracking_number="2222"),
        ev("refunded", "2026-11-25 09:00", MP, amount=500.0, currency="JPY"),
        ev("refunded", "2026-11-26 09:00", MP, amount=480.5, currency="JPY"),
        ev("ordered", "2026-11-15 20:00", "999-0000000-0000000"),  # another order's event is ignored
        order=MP,
    )
    assert built.order_id == MP
    assert built.seller == "marketplace" and built.seller_name == "さくら雑貨店"
    assert built.payment_method == "credit_card"
    assert (built.amount, built.currency) == (2980.0, "JPY")  # the order's amount, not a refund's
    assert built.refund_total == 980.5
    assert built.items == ("陶器のマグカップ 2個セット ブルー", "コースター")
    assert (built.carrier, built.tracking_number) == ("yamato", "2222")  # the latest shipment
    assert built.estimated_delivery == "2026-11-21"
    assert built.market == "amazon.co.jp"
    assert built.ordered_at == at("2026-11-15 20:00")
    assert built.shipped_at == at("2026-11-17 08:00")
    assert built.refunded_at == at("2026-11-26 09:00")
    assert built.first_event_at == at("2026-11-15 20:00") and built.last_event_at == at("2026-11-26 09:00")
    assert built.last_event.event.kind == "refunded"
    assert len(built.events) == 7
    assert built.cancel_requested_at is None and built.cancelled_at is None and built.delivered_at is None


def test_key_moments() -> None:
    built = timeline(ev("ordered", "2026-11-01 09:00"), ev("cancel_requested", "2026-11-01 10:00"),
                     ev("cancel_requested", "2026-11-01 11:00"), ev("cancelled", "2026-11-01 12:00"),
                     ev("delivered", "2026-11-03 12:00"))
    assert built.cancel_requested_at == at("2026-11-01 10:00")  # the first request
    assert built.cancelled_at == at("2026-11-01 12:00")
    assert built.shipped_at == at("2026-11-03 12:00")  # the delivery stands in for a missing shipment mail
    assert built.delivered_at == at("2026-11-03 12:00")
    assert built.amount is None and built.refund_total is None


def test_junk_sources_listed_once() -> None:
    built = timeline(ev("ordered", "2026-11-01 09:00"), ev("shipped", "2026-11-02 08:00", junk=True, mail_id=901),
                     ev("delivered", "2026-11-03 08:00", junk=True, mail_id=901),
                     ev("delivery_delayed", "2026-11-02 09:00", junk=True, mail_id=902))
    assert [m.mail_id for m in built.in_junk_mails] == [901, 902]


def test_as_of_filters_events() -> None:
    events = [ev("ordered", "2026-11-01 09:00"), ev("cancel_requested", "2026-11-01 10:00"),
              ev("shipped", "2026-11-02 08:00", junk=True)]
    built = build(JP, events, as_of=at("2026-11-02 07:59"))
    assert built.state == "cancel_requested" and len(built.events) == 2 and built.in_junk_mails == ()
    assert build(JP, events, as_of=at("2026-11-02 08:00")).state == "shipped"  # at == as_of counts
    assert build(JP, events).until(at("2026-11-01 09:00")).state == "ordered"
    with pytest.raises(ValueError, match="no events up to"):
        build(JP, events, as_of=at("2026-10-31 00:00"))
    with pytest.raises(ValueError, match="timezone-aware"):
        build(JP, events, as_of=at("2026-11-02 08:00").replace(tzinfo=None))
    with pytest.raises(ValueError, match="no events"):
        build(JP, [])


def test_build_all_groups_orders() -> None:
    events = [ev("ordered", "2026-11-02 09:00", MP), ev("ordered", "2026-11-01 09:00", JP),
              ev("shipped", "2026-11-03 09:00", JP)]
    assert [(t.order_id, t.state) for t in build_all(events)] == [(JP, "shipped"), (MP, "ordered")]
    assert [(t.order_id, t.state) for t in build_all(events, as_of=at("2026-11-01 12:00"))] == [(JP, "ordered")]


def test_zone_and_json() -> None:
    jp = timeline(ev("ordered", "2026-11-01T00:30:00+00:00", items=("本",)))
    assert jp.local(jp.ordered_at).isoformat() == "2026-11-01T09:30:00+09:00"
    us = timeline(ev("ordered", "2026-10-31T14:00:00+00:00", "113-0000000-0000001", market="amazon.com"))
    # +0000 mail shows in New York time: summer time (EDT) until 1 November 2026, 2:00, then EST.
    assert str(us.zone) == "America/New_York" and us.local(us.ordered_at).isoformat() == "2026-10-31T10:00:00-04:00"
    assert us.local(at("2026-11-01T14:00:00+00:00")).isoformat() == "2026-11-01T09:00:00-05:00"
    other = timeline(ev("ordered", "2026-11-01T09:00:00-05:00", "113-0000000-0000002", market="amazon.example"))
    assert other.zone is None and other.local(other.ordered_at).isoformat() == "2026-11-01T09:00:00-05:00"
    data = json.loads(json.dumps(jp.to_dict()))
    assert data["state"] == "ordered" and data["ordered_at"] == "2026-11-01T00:30:00+00:00"
    assert data["events"][0]["kind"] == "ordered" and data["events"][0]["items"] == ["本"]
    assert data["events"][0]["source"]["folder"] == "INBOX"
    assert data["events"][0]["source"]["authenticity"] == "pass"
    assert data["last_event"] == {"kind": "ordered", "at": "2026-11-01T00:30:00+00:00"}
    assert data["as_of"] is None and data["in_junk_mails"] == []


@pytest.mark.parametrize(("names", "merged"), [
    (["A", "A"], ("A",)),
    (["Book", "Book stand"], ("Book", "Book stand")),
    (["ワイヤレスイヤホン Bluetooth…", "ワイヤレスイヤホン Bluetooth 5.3"], ("ワイヤレスイヤホン Bluetooth 5.3",)),
    (["Echo Dot (5th Gen) with clock", "Echo Dot (5th Gen)..."], ("Echo Dot (5th Gen) with clock",)),
    (["Echo…", "Echo Dot…", "Kindle"], ("Echo Dot…", "Kindle")),
    (["Cable…", "Cable"], ("Cable",)),
    (["", "  "], ()),
])
def test_merge_items(names: list[str], merged: tuple[str, ...]) -> None:
    assert merge_items(names) == merged


@pytest.mark.parametrize(("a", "b", "overlap"), [
    ((), ("x",), True), (("Kindle",), ("Kindle Paperwhite",), True), (("Kindle…",), ("Kindle Oasis",), True),
    (("Kindle",), ("Echo",), False),
])
def test_items_overlap(a: tuple[str, ...], b: tuple[str, ...], overlap: bool) -> None:
    assert items_overlap(a, b) is overlap
