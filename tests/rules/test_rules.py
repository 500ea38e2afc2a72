"""Rules, table-driven: timelines beside the alerts expected at given times (every threshold edge)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from datetime import timedelta

import pytest

from parsers.vocab import PAYMENT_METHODS
from store.domain import texts
from store.domain.model import SourcedEvent, SuspiciousMail
from store.domain.rules import DEFAULT_REFUND_DAYS, RuleSettings, evaluate
from store.domain.timeline import build_all
from tests.rules.builders import JP, MP, US, at, ev, phish

CC = "credit_card"
AMZ = {"seller": "amazon"}
MKT = {"seller": "marketplace", "seller_name": "さくら雑貨店"}


@dataclass
class Case:
    name: str
    events: list[SourcedEvent]
    now: str
    expected: set[tuple[str, str | None, str, str | None]]  # (kind, order, severity, deadline)
    suspicious: list[SuspiciousMail] = field(default_factory=list)
    settings: RuleSettings | None = None


def _alerts(case: Case) -> set[tuple[str, str | None, str, str | None]]:
    specs = evaluate(build_all(case.events), case.suspicious, at(case.now), case.settings)
    return {(a.kind, a.order_id, a.severity, a.deadline.isoformat() if a.deadline else None) for a in specs}


def mp_request(*more: SourcedEvent) -> list[SourcedEvent]:
    return [ev("ordered", "2026-11-15 20:00", MP, payment_method=CC, items=("マグカップ",), **MKT),
            ev("cancel_requested", "2026-11-16 10:00", MP), *more]


def amz_request(*more: SourcedEvent, seller: str | None = "amazon") -> list[SourcedEvent]:
    return [ev("ordered", "2026-11-01 09:00", JP, payment_method=CC, seller=seller, items=("イヤホン",)),
            ev("cancel_requested", "2026-11-01 10:00", JP), *more]


NO_REPLY_DUE = "2026-11-18T10:00:00+09:00"
UNCONFIRMED_DUE = "2026-11-02T10:00:00+09:00"

SELLER_NO_REPLY = [
    Case("47:59 after the request: not yet", mp_request(), "2026-11-18 09:59", set()),
    Case("48:00 after the request: due", mp_request(), "2026-11-18 10:00",
         {("seller_no_reply", MP, "warning", NO_REPLY_DUE)}),
    Case("still unanswered days later", mp_request(), "2026-11-20 12:00",
         {("seller_no_reply", MP, "warning", NO_REPLY_DUE)}),
    Case("seller answered in time", mp_request(ev("seller_message", "2026-11-17 09:00", MP, **MKT)),
         "2026-11-20 12:00", set()),
    Case("late answer, before it arrives", mp_request(ev("seller_message", "2026-11-18 12:00", MP)),
         "2026-11-18 11:00", {("seller_no_reply", MP, "warning", NO_REPLY_DUE)}),
    Case("late answer resolves it", mp_request(ev("seller_message", "2026-11-18 12:00", MP)),
         "2026-11-18 12:00", set()),
    Case("cancelled within 48 h", mp_request(ev("cancelled", "2026-11-17 10:00", MP)), "2026-11-20 12:00", set()),
    Case("rejected within 48 h", mp_request(ev("cancel_rejected", "2026-11-17 10:00", MP)),
         "2026-11-20 12:00", set()),
    Case("a message before the request is no answer",
         [ev("seller_message", "2026-11-16 09:00", MP, **MKT), *mp_request()], "2026-11-18 10:00",
         {("seller_no_reply", MP, "warning", NO_REPLY_DUE)}),
    Case("re-sent request after an answer restarts the clock",
         mp_request(ev("seller_message", "2026-11-16 15:00", MP), ev("cancel_requested", "2026-11-17 09:00", MP)),
         "2026-11-19 08:59", set()),
    Case("re-sent request after an answer, 48 h later",
         mp_request(ev("seller_message", "2026-11-16 15:00", MP), ev("cancel_requested", "2026-11-17 09:00", MP)),
         "2026-11-19 09:00", {("seller_no_reply", MP, "warning", "2026-11-19T09:00:00+09:00")}),
    Case("a second request without answer keeps the first clock",
         mp_request(ev("cancel_requested", "2026-11-17 09:00", MP)), "2026-11-18 10:00",
         {("seller_no_reply", MP, "warning", NO_REPLY_DUE)}),
    Case("a custom threshold", mp_request(), "2026-11-17 10:00",
         {("seller_no_reply", MP, "warning", "2026-11-17T10:00:00+09:00")},
         settings=RuleSettings(seller_reply_hours=24)),
]

CANCEL_UNCONFIRMED = [
    Case("23:59 after the request", amz_request(), "2026-11-02 09:59", set()),
    Case("24:00 after the request", amz_request(), "2026-11-02 10:00",
         {("cancel_unconfirmed", JP, "warning", UNCONFIRMED_DUE)}),
    Case("confirmed in time", amz_request(ev("cancelled", "2026-11-01 18:00", JP)), "2026-11-03 10:00", set()),
    Case("confirmed late resolves it", amz_request(ev("cancelled", "2026-11-02 18:00", JP)), "2026-11-02 18:00",
         set()),
    Case("declined", amz_request(ev("cancel_rejected", "2026-11-01 18:00", JP)), "2026-11-03 10:00", set()),
    Case("a refund answers it (the cancellation mail went missing)",
         amz_request(ev("refunded", "2026-11-01 18:00", JP)), "2026-11-03 10:00", set()),
    Case("unknown seller counts as Amazon", amz_request(seller=None), "2026-11-02 10:00",
         {("cancel_unconfirmed", JP, "warning", UNCONFIRMED_DUE)}),
    Case("a marketplace order gets the 48 h rule instead", mp_request(), "2026-11-17 10:00", set()),
]

SHIPPED_AFTER_CANCEL = [
    Case("shipped after a request", amz_request(ev("shipped", "2026-11-02 08:00", JP, carrier="yamato")),
         "2026-11-02 08:00", {("shipped_after_cancel", JP, "critical", None)}),
    Case("before the shipment", amz_request(ev("shipped", "2026-11-02 08:00", JP)), "2026-11-02 07:59", set()),
    Case("shipped after a confirmed cancellation",
         amz_request(ev("cancelled", "2026-11-01 11:00", JP), ev("shipped", "2026-11-02 08:00", JP)),
         "2026-11-03 00:00", {("shipped_after_cancel", JP, "critical", None)}),
    Case("shipped after a declined request: warning",
         amz_request(ev("cancel_rejected", "2026-11-01 11:00", JP), ev("shipped", "2026-11-02 08:00", JP)),
         "2026-11-03 00:00", {("shipped_after_cancel", JP, "warning", None)}),
    Case("delivered without a shipment mail",
         amz_request(ev("delivered", "2026-11-03 12:00", JP)), "2026-11-03 12:00",
         {("shipped_after_cancel", JP, "critical", None)}),
    Case("request made after the shipment is another story",
         [ev("ordered", "2026-11-01 09:00", JP, **AMZ), ev("shipped", "2026-11-01 10:00", JP),
          ev("cancel_requested", "2026-11-01 11:00", JP)], "2026-11-01 12:00", set()),
    Case("refused at the door resolves it",
         amz_request(ev("shipped", "2026-11-02 08:00", JP), ev("delivery_refused", "2026-11-03 12:00", JP)),
         "2026-11-03 12:00", set()),
    Case("refused, then the refund is tracked (credit card, 7 d)",
         amz_request(ev("shipped", "2026-11-02 08:00", JP), ev("delivery_refused", "2026-11-03 12:00", JP)),
         "2026-11-10 12:00", {("refund_overdue", JP, "warning", "2026-11-10T12:00:00+09:00")}),
    Case("returned resolves it",
         amz_request(ev("delivered", "2026-11-02 08:00", JP), ev("return_received", "2026-11-05 12:00", JP)),
         "2026-11-05 12:00", set()),
    Case("refunded resolves it",
         amz_request(ev("shipped", "2026-11-02 08:00", JP), ev("refunded", "2026-11-04 12:00", JP)),
         "2026-11-20 12:00", set()),
    Case("a return filed does not resolve it yet",
         amz_request(ev("delivered", "2026-11-02 08:00", JP), ev("return_requested", "2026-11-03 12:00", JP)),
         "2026-11-04 00:00", {("shipped_after_cancel", JP, "critical", None)}),
    Case("partial cancellation, the other item shipped",
         [ev("ordered", "2026-11-01 09:00", JP, items=("本", "ペン"), **AMZ),
          ev("cancelled", "2026-11-01 10:00", JP, items=("ペン",)),
          ev("shipped", "2026-11-02 08:00", JP, items=("本",))], "2026-11-02 09:00", set()),
    Case("partial cancellation, the cancelled item shipped",
         [ev("ordered", "2026-11-01 09:00", JP, items=("本", "ペン"), **AMZ),
          ev("cancelled", "2026-11-01 10:00", JP, items=("ペン",)),
          ev("shipped", "2026-11-02 08:00", JP, items=("ペン", "本"))], "2026-11-02 09:00",
         {("shipped_after_cancel", JP, "critical", None)}),
    Case("duplicate shipment mails give one alert",
         amz_request(ev("shipped", "2026-11-02 08:00", JP), ev("shipped", "2026-11-02 08:00", JP),
                     ev("out_for_delivery", "2026-11-03 08:00", JP)),
         "2026-11-03 09:00", {("shipped_after_cancel", JP, "critical", None)}),
]


def _refund_story(method: str | None, order: str = JP) -> list[SourcedEvent]:
    return [ev("ordered", "2026-11-04 09:00", order, payment_method=method, **AMZ),
            ev("cancelled", "2026-11-05 10:00", order)]


def _refund_cases() -> list[Case]:
    cases: list[Case] = []
    expects_refund = ["gift_card", "points", "convenience_store", "atm", "net_banking", "e_money"]
    for method in expects_refund:
        days = DEFAULT_REFUND_DAYS[method]
        due = at("2026-11-05 10:00") + timedelta(days=days)
        cases += [
            Case(f"{method}: a minute before the {days:g}-day edge", _refund_story(method),
                 (due - timedelta(minutes=1)).isoformat(), set()),
            Case(f"{method}: exactly at the edge", _refund_story(method), due.isoformat(),
                 {("refund_overdue", JP, "warning", due.isoformat())}),
            Case(f"{method}: just past the edge", _refund_story(method), (due + timedelta(seconds=1)).isoformat(),
                 {("refund_overdue", JP, "warning", due.isoformat())}),
            Case(f"{method}: refunded exactly at the edge",
                 [*_refund_story(method), ev("refunded", due.isoformat(), JP)], due.isoformat(), set()),
            Case(f"{method}: a late refund resolves it",
                 [*_refund_story(method), ev("refunded", (due + timedelta(days=2)).isoformat(), JP)],
                 (due + timedelta(days=2)).isoformat(), set()),
        ]
    for method in [CC, "carrier_billing", "cash_on_delivery", "other", None]:
        cases.append(Case(f"{method}: cancelled before shipping was never charged", _refund_story(method),
                          "2026-12-20 00:00", set()))
    returned = [ev("ordered", "2026-11-01 09:00", JP, **AMZ), ev("delivered", "2026-11-03 09:00", JP),
                ev("return_requested", "2026-11-04 09:00", JP)]
    for method in [*PAYMENT_METHODS, None]:
        days = DEFAULT_REFUND_DAYS[method or "unknown"]
        due = at("2026-11-06 09:00") + timedelta(days=days)
        story = [*returned, ev("return_received", "2026-11-06 09:00", JP, payment_method=method)]
        cases += [
            Case(f"return received, {method}: before the {days:g}-day edge", story,
                 (due - timedelta(minutes=1)).isoformat(), set()),
            Case(f"return received, {method}: at the edge", story, due.isoformat(),
                 {("refund_overdue", JP, "warning", due.isoformat())}),
        ]
    return cases


REFUND_OVERDUE = [
    *_refund_cases(),
    Case("credit card charged at shipment, cancelled in transit",
         [ev("ordered", "2026-11-01T09:00:00-05:00", US, market="amazon.com", payment_method=CC, **AMZ),
          ev("shipped", "2026-11-02T09:00:00-05:00", US, market="amazon.com"),
          ev("cancelled", "2026-11-03T09:00:00-05:00", US, market="amazon.com")],
         "2026-11-10T09:00:00-05:00", {("refund_overdue", US, "warning", "2026-11-10T09:00:00-05:00")}),
    Case("digital order paid by card at purchase",
         [ev("ordered", "2026-11-01 09:00", "D01-1234567-1234567", payment_method=CC, **AMZ),
          ev("cancelled", "2026-11-01 10:00", "D01-1234567-1234567")],
         "2026-11-08 10:00", {("refund_overdue", "D01-1234567-1234567", "warning", "2026-11-08T10:00:00+09:00")}),
    Case("cash on delivery refused at the door: nothing paid",
         [ev("ordered", "2026-11-01 09:00", JP, payment_method="cash_on_delivery", **AMZ),
          ev("shipped", "2026-11-02 09:00", JP), ev("delivery_refused", "2026-11-03 09:00", JP)],
         "2026-12-20 00:00", set()),
    Case("cash on delivery cancelled and refunded is quiet",
         [*_refund_story("cash_on_delivery"), ev("refunded", "2026-11-06 10:00", JP)], "2026-12-20 00:00", set()),
    Case("a refund before the parcel left does not pay for the return",
         [ev("ordered", "2026-11-01 09:00", JP, payment_method="gift_card", items=("本", "ペン"), **AMZ),
          ev("cancelled", "2026-11-01 10:00", JP, items=("ペン",)), ev("refunded", "2026-11-01 11:00", JP),
          ev("shipped", "2026-11-02 09:00", JP, items=("本",)), ev("return_received", "2026-11-05 09:00", JP)],
         "2026-11-06 09:00", {("refund_overdue", JP, "warning", "2026-11-06T09:00:00+09:00")}),
    Case("custom window for gift cards",
         _refund_story("gift_card"), "2026-11-07 10:00",
         {("refund_overdue", JP, "warning", "2026-11-07T10:00:00+09:00")},
         settings=RuleSettings(refund_days={"gift_card": 2})),
]

MAIL_IN_SPAM = [
    Case("a verified shipment mail in junk: warning",
         [ev("ordered", "2026-11-01 09:00", JP), ev("shipped", "2026-11-02 09:00", JP, junk=True)],
         "2026-11-02 09:00", {("mail_in_spam", JP, "warning", None)}),
    Case("a routine delivery notice in junk: info",
         [ev("ordered", "2026-11-01 09:00", JP), ev("delivered", "2026-11-03 09:00", JP, junk=True)],
         "2026-11-04 09:00", {("mail_in_spam", JP, "info", None)}),
    Case("an unverified mail in junk is not vouched for",
         [ev("ordered", "2026-11-01 09:00", JP), ev("shipped", "2026-11-02 09:00", JP, junk=True, auth="unknown")],
         "2026-11-04 09:00", set()),
    Case("several junk mails, one alert",
         [ev("ordered", "2026-11-01 09:00", JP, junk=True), ev("delivered", "2026-11-03 09:00", JP, junk=True),
          ev("seller_message", "2026-11-02 09:00", JP, junk=True)],
         "2026-11-04 09:00", {("mail_in_spam", JP, "warning", None)}),
    Case("just inside 90 days",
         [ev("delivered", "2026-08-20 09:00", JP, junk=True)], "2026-11-18 08:59",
         {("mail_in_spam", JP, "info", None)}),
    Case("90 days old is history", [ev("delivered", "2026-08-20 09:00", JP, junk=True)], "2026-11-18 09:00", set()),
]

PHISHING_MAIL = phish((JP,), "2026-11-10 03:00", message_id="fake-1@evil.example")
PHISHING = [
    Case("naming a real order: critical", [ev("ordered", "2026-11-01 09:00", JP)], "2026-11-20 12:00",
         {("phishing", JP, "critical", None)}, suspicious=[PHISHING_MAIL]),
    Case("naming a real order never changes its alerts",
         amz_request(ev("shipped", "2026-11-02 08:00", JP)), "2026-11-20 12:00",
         {("phishing", JP, "critical", None), ("shipped_after_cancel", JP, "critical", None)},
         suspicious=[PHISHING_MAIL]),
    Case("naming an unknown order: warning", [ev("ordered", "2026-11-01 09:00", JP)], "2026-11-20 12:00",
         {("phishing", "999-9999999-9999999", "warning", None)},
         suspicious=[phish(("999-9999999-9999999",), "2026-11-10 03:00")]),
    Case("the real order is preferred to the first named", [ev("ordered", "2026-11-01 09:00", JP)],
         "2026-11-20 12:00", {("phishing", JP, "critical", None)},
         suspicious=[phish(("999-9999999-9999999", JP), "2026-11-10 03:00")]),
    Case("naming no order", [], "2026-11-20 12:00", {("phishing", None, "warning", None)},
         suspicious=[phish((), "2026-11-10 03:00")]),
    Case("an order placed after now is not yet real", [ev("ordered", "2026-11-21 09:00", JP)],
         "2026-11-20 12:00", {("phishing", JP, "warning", None)}, suspicious=[PHISHING_MAIL]),
    Case("a phishing mail dated after now has not arrived", [], "2026-11-10 02:59", set(),
         suspicious=[PHISHING_MAIL]),
    Case("an old phishing mail is history", [], "2027-02-08 03:00", set(), suspicious=[PHISHING_MAIL]),
    Case("two mails, two alerts; the same mail twice, one", [], "2026-11-20 12:00",
         {("phishing", None, "warning", None), ("phishing", JP, "warning", None)},
         suspicious=[phish((), "2026-11-10 03:00", message_id="a@x"), phish((JP,), "2026-11-11 03:00",
                                                                           message_id="b@x"),
                     phish((JP,), "2026-11-11 03:00", message_id="b@x")]),
]


def _table() -> list[Case]:
    return [*SELLER_NO_REPLY, *CANCEL_UNCONFIRMED, *SHIPPED_AFTER_CANCEL, *REFUND_OVERDUE, *MAIL_IN_SPAM, *PHISHING]


@pytest.mark.parametrize("case", _table(), ids=lambda c: c.name)
def test_rule_table(case: Case) -> None:
    assert _alerts(case) == case.expected


def demo_events() -> list[SourcedEvent]:
    """The plan's demo stories, evaluated at 2026-11-20T12:00+09:00."""
    return [
        *amz_request(ev("shipped", "2026-11-02 08:00", JP, carrier="yamato", tracking_number="123456789012")),
        *mp_request(),
        ev("ordered", "2026-11-04 09:00", "249-3333333-3333333", payment_method="convenience_store",
           items=("USBケーブル",), **AMZ),
        ev("cancelled", "2026-11-05 10:00", "249-3333333-3333333"),
        ev("ordered", "2026-11-18 09:00", "250-4444444-4444444", payment_method="gift_card", **AMZ),
        ev("cancelled", "2026-11-18 10:00", "250-4444444-4444444"),
        ev("refunded", "2026-11-18 10:05", "250-4444444-4444444", amount=1500.0, currency="JPY"),
        ev("shipped", "2026-11-12 09:00", "250-6666666-6666666", junk=True, items=("本",)),
    ]


def test_demo_stories() -> None:
    specs = evaluate(build_all(demo_events()), [PHISHING_MAIL], at("2026-11-20 12:00"))
    got = [(a.kind, a.order_id, a.severity) for a in specs]
    assert got == [  # sorted by raised_at
        ("shipped_after_cancel", JP, "critical"),
        ("phishing", JP, "critical"),
        ("mail_in_spam", "250-6666666-6666666", "warning"),
        ("refund_overdue", "249-3333333-3333333", "warning"),
        ("seller_no_reply", MP, "warning"),
    ]
    refund = next(a for a in specs if a.kind == "refund_overdue")
    assert "2026-11-13" in refund.message["en"] and "2026/11/13" in refund.message["ja"]
    assert refund.raised_at == refund.deadline == at("2026-11-13 10:00")
    assert refund.facts["reason"] == "cancelled" and refund.facts["window_days"] == 8
    json.dumps([a.facts for a in specs])  # facts are JSON-able


def test_every_alert_has_both_languages() -> None:
    cases = _table()
    seen: set[str] = set()
    for case in cases:
        for spec in evaluate(build_all(case.events), case.suspicious, at(case.now), case.settings):
            seen.add(spec.kind)
            for part in (spec.title, spec.message, spec.action):
                assert set(part) == set(texts.LANGS)
                assert all(text and "{" not in text and "}" not in text for text in part.values())
            if spec.order_id is not None:
                for lang in texts.LANGS:
                    assert spec.order_id in spec.title[lang] + spec.message[lang]
            json.dumps(spec.facts)
    assert seen == {"shipped_after_cancel", "seller_no_reply", "refund_overdue", "cancel_unconfirmed",
                    "mail_in_spam", "phishing"}


def test_phishing_never_touches_the_timeline() -> None:
    events = amz_request(ev("shipped", "2026-11-02 08:00", JP))
    before = build_all(events)
    snapshot = [t.to_dict() for t in before]
    now = at("2026-11-20 12:00")
    with_phish = evaluate(before, [PHISHING_MAIL], now)
    without = evaluate(before, [], now)
    assert [t.to_dict() for t in before] == snapshot
    assert [a for a in with_phish if a.kind != "phishing"] == without
    spec = next(a for a in with_phish if a.kind == "phishing")
    assert spec.subject_key == "fake-1@evil.example" and spec.facts["real_order_ids"] == [JP]
    assert "250-1111111-1111111" in spec.message["ja"] and "反映していません" in spec.message["ja"]


def test_phishing_subject_key_and_undated_mail() -> None:
    now = at("2026-11-20 12:00")
    undated = phish((), None, message_id=None, mail_id=4242)
    (spec,) = evaluate([], [undated], now)
    assert spec.subject_key == "mail:4242" and spec.raised_at == now and spec.order_id is None
    assert "日時不明" in spec.message["ja"] and "date unknown" in spec.message["en"]
    bare = SuspiciousMail(replace(undated.mail, from_addr="", subject=""), (), None)
    (spec,) = evaluate([], [bare], now)
    assert "「件名なし」（差出人 不明、日時不明）" in spec.message["ja"]
    assert spec.message["en"] == '"no subject" (from an unknown sender, date unknown) is not a genuine Amazon email.'


def test_full_timelines_are_cut_back_to_now() -> None:
    events = amz_request(ev("shipped", "2026-11-02 08:00", JP), ev("delivery_refused", "2026-11-03 12:00", JP))
    full = build_all(events)
    now = at("2026-11-02 12:00")
    assert evaluate(full, [], now) == evaluate(build_all(events, as_of=now), [], now)
    assert [a.kind for a in evaluate(full, [], now)] == ["shipped_after_cancel"]
    assert evaluate(full, [], at("2026-10-01 00:00")) == []  # the order did not exist yet
    assert evaluate({t.order_id: t for t in full}, [], now) == evaluate(full, [], now)


def test_deterministic_and_order_independent() -> None:
    events = demo_events()
    now = at("2026-11-20 12:00")
    first = evaluate(build_all(events), [PHISHING_MAIL], now)
    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    timelines = build_all(shuffled)
    timelines.reverse()
    assert evaluate(timelines, [PHISHING_MAIL], now) == first
    assert evaluate(build_all(events), [PHISHING_MAIL], now) == first


def test_disabled_rules_are_skipped() -> None:
    settings = RuleSettings.from_mapping({"disabled": ["phishing", "shipped_after_cancel"]})
    specs = evaluate(build_all(demo_events()), [PHISHING_MAIL], at("2026-11-20 12:00"), settings)
    assert {a.kind for a in specs} == {"mail_in_spam", "refund_overdue", "seller_no_reply"}
    only = RuleSettings.from_mapping({"enabled": ["refund_overdue"]})
    assert [a.kind for a in evaluate(build_all(demo_events()), [], at("2026-11-20 12:00"), only)] == [
        "refund_overdue"]


def test_alert_contents() -> None:
    specs = {a.kind: a for a in evaluate(build_all(demo_events()), [], at("2026-11-20 12:00"))}
    shipped = specs["shipped_after_cancel"]
    assert shipped.raised_at == at("2026-11-02 08:00") and shipped.deadline is None
    assert "2026/11/01(日) 10:00 JST" in shipped.message["ja"] and "2026-11-01 10:00 JST" in shipped.message["en"]
    assert "ヤマト運輸" in shipped.message["ja"] and "123456789012" in shipped.message["en"]
    assert "受取拒否" in shipped.action["ja"] and "Refuse the parcel" in shipped.action["en"]
    assert shipped.facts["variant"] == "requested" and shipped.facts["tracking_number"] == "123456789012"
    reply = specs["seller_no_reply"]
    assert reply.raised_at == reply.deadline == at("2026-11-18 10:00")
    assert "さくら雑貨店" in reply.message["ja"] and "「マグカップ」" in reply.message["ja"]
    assert "2026/11/16(月) 10:00 JST" in reply.action["ja"] and "customer service" in reply.action["en"]
    spam = specs["mail_in_spam"]
    assert spam.raised_at == at("2026-11-12 09:00") and "1通" in spam.message["ja"]
    assert spam.message["en"].startswith("A genuine Amazon email about order 250-6666666-6666666")


def test_delivered_variant_and_timezone_of_other_markets() -> None:
    events = [ev("ordered", "2026-11-01T09:00:00-08:00", US, market="amazon.com", **AMZ),
              ev("cancel_requested", "2026-11-01T10:00:00-08:00", US, market="amazon.com"),
              ev("delivered", "2026-11-03T12:00:00-08:00", US, market="amazon.com")]
    (spec,) = evaluate(build_all(events), [], at("2026-11-04T00:00:00-08:00"))
    assert "request a return" in spec.action["en"] and "返品を申請" in spec.action["ja"]
    # Shown in the user's zone (that of now, -08:00 here); amazon.com's New York time (zoneinfo: EST in
    # November) follows in brackets, whatever offset a mail was dated in.
    assert "2026-11-01 10:00 UTC-08:00 (13:00 EST)" in spec.message["en"]
    assert "2026/11/01(日) 10:00 UTC-08:00 (13:00 EST)" in spec.message["ja"]


def test_market_zones_follow_daylight_saving() -> None:
    summer = [ev("ordered", "2026-07-01T08:00:00+00:00", US, market="amazon.de", **AMZ),
              ev("cancel_requested", "2026-07-01T09:00:00+00:00", US, market="amazon.de"),
              ev("shipped", "2026-07-02T09:00:00+00:00", US, market="amazon.de")]
    (spec,) = evaluate(build_all(summer), [], at("2026-07-03T00:00:00+00:00"))
    assert "2026-07-01 09:00 UTC (11:00 CEST)" in spec.message["en"]
    assert "01.07.2026 09:00 UTC (11:00 CEST)" in spec.message["de"]
    winter = [ev("ordered", "2026-12-01T08:00:00+00:00", US, market="amazon.de", **AMZ),
              ev("cancel_requested", "2026-12-01T09:00:00+00:00", US, market="amazon.de"),
              ev("shipped", "2026-12-02T09:00:00+00:00", US, market="amazon.de")]
    (spec,) = evaluate(build_all(winter), [], at("2026-12-03T00:00:00+00:00"))
    assert "2026-12-01 09:00 UTC (10:00 CET)" in spec.message["en"]
    assert "01/12/2026 09:00 UTC (10:00 CET)" in spec.message["fr"]


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        evaluate([], [], at("2026-11-20 12:00").replace(tzinfo=None))
