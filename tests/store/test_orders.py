"""Reading orders back: timelines' events, as_of, phishing kept out, reparse."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from store.domain.model import MailSource
from store.repository import Store
from tests.store.factories import NOW, event, item, result

A = "250-1111111-1111111"
B = "503-2222222-2222222"


def load_story(store: Store) -> list[int]:
    report = store.ingest([
        item("a3@x", event("shipped", A, "2026-11-02T09:00:00+09:00", carrier="yamato", tracking_number="1234"), uid=3),
        item("a1@x", event("ordered", A, "2026-11-01T10:00:00+09:00", seller="amazon"), uid=1),
        item("a2@x", event("cancel_requested", A, "2026-11-01T12:00:00+09:00"), uid=2),
        item("b1@x", event("ordered", B, "2026-11-15T10:00:00+09:00", seller="marketplace", seller_name="さくら雑貨店"),
             event("cancel_requested", B, "2026-11-16T10:00:00+09:00"), uid=4),
        # A phishing mail naming a real order: never part of that order's events.
        item("fake@x", event("refunded", A, "2026-11-03T10:00:00+09:00"), uid=5, folder="Junk", in_junk=True,
             status="suspicious", suspicious=True, authenticity="fail", reason="From amazon.co.jp, DMARC fail"),
    ], now=NOW)
    return list(report.new_mail_ids)


def test_events_are_grouped_by_order_and_sorted_in_time(store: Store) -> None:
    load_story(store)
    timelines = store.order_events()
    assert sorted(timelines) == [A, B]
    assert [s.event.kind for s in timelines[A]] == ["ordered", "cancel_requested", "shipped"]
    assert [s.event.kind for s in timelines[B]] == ["ordered", "cancel_requested"]
    assert timelines[B][0].event.seller_name == "さくら雑貨店"
    # Both events of one mail share the same MailRef.
    assert timelines[B][0].mail is timelines[B][1].mail
    assert timelines[A][2].event.tracking_number == "1234"
    assert store.order_ids() == [A, B]


def test_suspicious_mail_never_reaches_a_timeline_but_is_listed(store: Store) -> None:
    ids = load_story(store)
    assert "refunded" not in [s.event.kind for s in store.order_events()[A]]
    [phish] = store.suspicious_mails()
    assert phish.mail.mail_id == ids[4]
    assert phish.order_ids == (A,)
    assert phish.reason == "From amazon.co.jp, DMARC fail"
    assert (phish.mail.in_junk, phish.mail.authenticity, phish.mail.status) == (True, "fail", "suspicious")


def test_suspicious_flag_alone_keeps_events_out(store: Store) -> None:
    # Belt and braces: a parsed mail flagged suspicious (status and flag disagreeing) is not believed.
    store.ingest([item("odd@x", event("cancelled", A, "2026-11-04T10:00:00+09:00"), suspicious=True)], now=NOW)
    assert store.order_events() == {}
    assert len(store.suspicious_mails()) == 1


def test_as_of_keeps_only_events_up_to_then(store: Store) -> None:
    load_story(store)
    as_of = datetime(2026, 11, 1, 12, 0, tzinfo=UTC).astimezone()  # any offset; 21:00 JST
    timelines = store.order_events(as_of=as_of)
    assert list(timelines) == [A]
    assert [s.event.kind for s in timelines[A]] == ["ordered", "cancel_requested"]
    # Inclusive bound: an event exactly at as_of counts.
    exact = datetime.fromisoformat("2026-11-02T09:00:00+09:00")
    assert [s.event.kind for s in store.order_events(as_of=exact)[A]][-1] == "shipped"
    assert store.order_ids(as_of=as_of) == [A]
    assert store.suspicious_mails(as_of=as_of) == []
    assert len(store.suspicious_mails(as_of=NOW)) == 1
    with pytest.raises(ValueError):
        store.order_events(as_of=datetime(2026, 11, 1))


def test_order_ids_filter(store: Store) -> None:
    load_story(store)
    assert list(store.order_events(order_ids=[B])) == [B]
    assert list(store.order_events(order_ids=iter([B, "nope", B]))) == [B]
    assert store.order_events(order_ids=[]) == {}


def test_reparse_replaces_events_and_status(store: Store) -> None:
    ids = load_story(store)
    batches = list(store.raw_batches(batch_size=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    assert [mail_id for batch in batches for mail_id, _, _ in batch] == sorted(ids)
    mail_id, raw, source = batches[0][0]
    assert raw == store.raw_mail(mail_id) and source == MailSource("main", "INBOX", 3, 7, False)

    # A new parser reads the mail as a delivery that also names a second order.
    newer = result("a3@x", event("delivered", A, "2026-11-02T09:00:00+09:00"),
                   event("delivered", B, "2026-11-17T09:00:00+09:00"), parser="jp_delivery")
    assert store.replace_parse(ids[0], newer, now=NOW) == 2
    assert [s.event.kind for s in store.order_events()[A]] == ["ordered", "cancel_requested", "delivered"]
    assert [s.event.kind for s in store.order_events()[B]][-1] == "delivered"

    # A template once parsed is now known to be phishing: its events leave the timeline.
    phishing = result("a1@x", status="suspicious", suspicious=True, authenticity="fail", order_ids=(A,),
                      reason="lookalike domain")
    assert store.replace_parse(ids[1], phishing) == 0
    assert [s.event.kind for s in store.order_events()[A]] == ["cancel_requested", "delivered"]
    assert {m.mail.mail_id for m in store.suspicious_mails()} == {ids[1], ids[4]}
    [record] = [m for m in store.mails() if m.ref.mail_id == ids[1]]
    assert (record.ref.status, record.reason, record.parser) == ("suspicious", "lookalike domain", None)


def test_reparse_batch_is_one_transaction(store: Store) -> None:
    ids = load_story(store)
    pairs = [(ids[0], result("a3@x", event("delivered", A, "2026-11-02T09:00:00+09:00"))), (99999, result("z@x"))]
    with pytest.raises(Exception, match="no mail with id 99999"):
        store.replace_parses(pairs, now=NOW)
    assert [s.event.kind for s in store.order_events()[A]][-1] == "shipped"


def test_forged_future_date_does_not_hide_a_phishing_mail(store: Store) -> None:
    store.ingest([item("future@x", date="2031-01-01T00:00:00+00:00", status="suspicious", suspicious=True,
                       authenticity="fail", order_ids=(A,), reason="lookalike")], now=NOW)
    [phish] = store.suspicious_mails(as_of=NOW)
    assert phish.order_ids == (A,) and phish.mail.date == datetime(2031, 1, 1, tzinfo=UTC)
    assert store.suspicious_mails(as_of=NOW.replace(year=2025)) == []
