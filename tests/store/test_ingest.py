"""Ingest: idempotent, one transaction with the checkpoint, raw bytes kept compressed."""

from __future__ import annotations

import threading
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from store import mails as mail_store
from store import repository
from store.domain.model import MailSource
from store.repository import Checkpoint, Store
from store.schema import events, mails
from tests.store.factories import NOW, event, item

ORDER = "250-1111111-1111111"


def ordered(order_id: str = ORDER, at: str = "2026-11-01T10:00:00+09:00"):
    return event("ordered", order_id, at, seller="amazon", payment_method="credit_card", amount=1980.0,
                 currency="JPY", items=("USB ケーブル",))


def count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return len(conn.execute(select(table.c.id)).all())


def test_first_ingest_reports_and_stores_everything(store: Store) -> None:
    report = store.ingest([item("m1@amazon.co.jp", ordered()),
                           item("m2@amazon.co.jp", uid=2, status="unrecognized", reason="no parser")], now=NOW)
    assert (report.new_mails, report.duplicates, report.new_events) == (2, 0, 1)
    assert len(report.new_mail_ids) == 2
    assert report.statuses == {"parsed": 1, "unrecognized": 1}
    [sourced] = store.order_events()[ORDER]
    assert sourced.event == ordered()
    assert sourced.mail.mail_id == report.new_mail_ids[0]
    assert (sourced.mail.account, sourced.mail.folder, sourced.mail.in_junk) == ("main", "INBOX", False)
    assert sourced.at == datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
    assert sourced.at.utcoffset() == timedelta(hours=9)  # the mail's own offset is kept for display


def test_same_mail_twice_is_one_mail_with_one_set_of_events(store: Store) -> None:
    batch = [item("m1@amazon.co.jp", ordered())]
    first = store.ingest(batch, now=NOW)
    again = store.ingest(batch, now=NOW + timedelta(hours=1))
    assert (again.new_mails, again.duplicates, again.new_events, again.new_mail_ids) == (0, 1, 0, ())
    assert len(store.order_events()[ORDER]) == 1
    assert count(store, mails) == 1
    assert [s.uid for s in store.locations(first.new_mail_ids[0])] == [1]


def test_copy_in_another_folder_records_the_location_only(store: Store) -> None:
    first = store.ingest([item("m1@amazon.co.jp", ordered(), folder="INBOX", uid=10)], now=NOW)
    again = store.ingest([item("m1@amazon.co.jp", ordered(), folder="[Gmail]/All Mail", uid=99)], now=NOW)
    assert again.duplicates == 1 and again.new_events == 0
    mail_id = first.new_mail_ids[0]
    assert [(s.folder, s.uid) for s in store.locations(mail_id)] == [("INBOX", 10), ("[Gmail]/All Mail", 99)]
    [sourced] = store.order_events()[ORDER]
    assert sourced.mail.folder == "INBOX"  # where it was first seen


def test_mail_without_message_id_is_deduped_by_content(store: Store) -> None:
    a = item(None, ordered(), uid=1, body="same bytes")
    store.ingest([a], now=NOW)
    report = store.ingest([(a[0], MailSource("main", "Archive", 5, 7), a[2])], now=NOW)
    assert report.duplicates == 1
    other = item(None, ordered(at="2026-11-02T10:00:00+09:00"), uid=2, body="other bytes")
    assert store.ingest([other], now=NOW).new_mails == 1
    assert len(store.order_events()[ORDER]) == 2
    with store.engine.connect() as conn:
        keys = sorted(conn.execute(select(mails.c.dedupe_key)).scalars())
    assert all(k.startswith("sha256:") and len(k) == 7 + 64 for k in keys)


def test_duplicates_inside_one_batch(store: Store) -> None:
    report = store.ingest([item("m1@x", ordered(), uid=1), item("m1@x", ordered(), folder="Junk", uid=3, in_junk=True),
                           item(None, ordered(), body="b"), item(None, ordered(), body="b", uid=4)], now=NOW)
    assert (report.new_mails, report.duplicates, report.new_events) == (2, 2, 2)
    # The junk copy came second in the batch, yet the mail is marked as seen in junk.
    assert [s.mail.in_junk for s in store.order_events()[ORDER]] == [True, False]


def test_in_junk_is_sticky(store: Store) -> None:
    store.ingest([item("m1@x", ordered(), folder="Junk", in_junk=True)], now=NOW)
    store.ingest([item("m1@x", ordered(), folder="INBOX", uid=2)], now=NOW)
    assert store.order_events()[ORDER][0].mail.in_junk is True
    store.ingest([item("m2@x", ordered(at="2026-11-03T10:00:00+09:00"), uid=3)], now=NOW)
    store.ingest([item("m2@x", ordered(at="2026-11-03T10:00:00+09:00"), folder="Junk", uid=4, in_junk=True)], now=NOW)
    assert [s.mail.in_junk for s in store.order_events()[ORDER]] == [True, True]


def test_raw_bytes_are_compressed_at_rest_and_returned_whole(store: Store) -> None:
    raw, source, res = item("big@x", ordered(), body="配送状況 " * 5000)
    mail_id = store.ingest([(raw, source, res)], now=NOW).new_mail_ids[0]
    assert store.raw_mail(mail_id) == raw
    with store.engine.connect() as conn:
        stored, size = conn.execute(select(mails.c.raw, mails.c.raw_size)).one()
    assert size == len(raw) and len(stored) < len(raw) / 10
    assert zlib.decompress(stored) == raw
    with pytest.raises(repository.StoreError, match="no mail with id 999"):
        store.raw_mail(999)


def test_checkpoint_is_written_with_the_batch(store: Store) -> None:
    assert store.get_checkpoint("main", "INBOX") is None
    cp = Checkpoint("main", "INBOX", uidvalidity=7, last_uid=42, highestmodseq=9001)
    store.ingest([item("m1@x", ordered(), uid=42)], now=NOW, checkpoint=cp)
    got = store.get_checkpoint("main", "INBOX")
    assert got == Checkpoint("main", "INBOX", 7, 42, 9001, synced_at=NOW)
    # A poll with nothing new may still move the checkpoint (new HIGHESTMODSEQ).
    store.ingest([], now=NOW + timedelta(minutes=5), checkpoint=Checkpoint("main", "INBOX", 7, 42, 9002))
    assert store.get_checkpoint("main", "INBOX").highestmodseq == 9002


@pytest.mark.parametrize("fail_at", ["_write_checkpoint", "_insert_locations"])
def test_failure_mid_transaction_leaves_neither_data_nor_checkpoint(
    store: Store, monkeypatch: pytest.MonkeyPatch, fail_at: str
) -> None:
    store.ingest([item("old@x", ordered(), uid=1)], now=NOW, checkpoint=Checkpoint("main", "INBOX", 7, 1))

    def boom(*args, **kwargs):
        raise RuntimeError("power cut")

    if fail_at == "_write_checkpoint":
        monkeypatch.setattr(mail_store, "_write_checkpoint", boom)
    else:
        monkeypatch.setattr(Store, "_insert_locations", staticmethod(boom))
    batch = [item(f"new{i}@x", ordered(f"250-000000{i}-0000000"), uid=10 + i) for i in range(5)]
    with pytest.raises(RuntimeError, match="power cut"):
        store.ingest(batch, now=NOW, checkpoint=Checkpoint("main", "INBOX", 7, 14))
    monkeypatch.undo()
    assert store.get_checkpoint("main", "INBOX").last_uid == 1
    assert list(store.order_events()) == [ORDER]
    assert count(store, mails) == 1 and count(store, events) == 1
    # The retry after the failure stores the batch exactly once.
    report = store.ingest(batch, now=NOW, checkpoint=Checkpoint("main", "INBOX", 7, 14))
    assert report.new_mails == 5 and store.get_checkpoint("main", "INBOX").last_uid == 14


def test_odd_event_times_are_stored_readable(store: Store) -> None:
    res = item("m@x", event("ordered", ORDER, "2026-11-01T10:00:00"), event("shipped", ORDER, "not a time"),
               date="2026-11-02T09:00:00+09:00")
    store.ingest([res], now=NOW)
    naive, broken = store.order_events()[ORDER]
    assert naive.at == datetime(2026, 11, 1, 10, 0, tzinfo=UTC)  # naive is taken as UTC
    assert broken.event.kind == "shipped" and broken.at == datetime(2026, 11, 2, 0, 0, tzinfo=UTC)  # the mail's date


def test_naive_now_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        store.ingest([item("m@x", ordered())], now=datetime(2026, 11, 20))


def test_mails_by_status(store: Store) -> None:
    store.ingest([
        item("p@x", ordered(), uid=1),
        item("u@x", uid=2, status="unrecognized", reason="Amazon sender, no parser", subject="新しい形式"),
        item("i@x", uid=3, status="ignored", reason="promotion"),
    ], now=NOW)
    [unrecognized] = store.mails("unrecognized")
    assert (unrecognized.ref.subject, unrecognized.reason, unrecognized.ref.status) == (
        "新しい形式", "Amazon sender, no parser", "unrecognized")
    assert unrecognized.first_seen_at == NOW and unrecognized.raw_size > 0
    assert [m.ref.status for m in store.mails()] == ["parsed", "unrecognized", "ignored"]
    assert store.mails("error") == []


def test_imported_files_record_their_path(store: Store) -> None:
    raw, _, res = item("f@x", ordered())
    report = store.ingest([(raw, MailSource(path="/home/me/mail/a.eml"), res)], now=NOW)
    store.ingest([(raw, MailSource(path="/home/me/mail/a.eml"), res)], now=NOW)
    assert [s.path for s in store.locations(report.new_mail_ids[0])] == ["/home/me/mail/a.eml"]
    assert store.mails()[0].path == "/home/me/mail/a.eml"


def test_hostile_long_message_id_and_path_still_dedupe(store: Store) -> None:
    # Longer than a PostgreSQL index entry may be (≈2.7 kB), multibyte to make it worse.
    long_id = "長" * 3000 + "@evil.example"
    a = item(long_id, ordered(), uid=1)
    b = item("長" * 3000 + "@evil.exampl", ordered(), uid=2)  # differs only at the end
    report = store.ingest([a, b], now=NOW)
    assert report.new_mails == 2
    assert store.ingest([a], now=NOW).duplicates == 1
    stored = {m.ref.message_id for m in store.mails()}
    assert all(len(mid.encode()) <= repository.MAX_INDEXED_BYTES for mid in stored)
    raw, _, res = item("p@x", ordered())
    path = "/mail/" + "深い/" * 1500 + "a.eml"
    mail_id = store.ingest([(raw, MailSource(path=path), res)], now=NOW).new_mail_ids[0]
    store.ingest([(raw, MailSource(path=path), res)], now=NOW)
    assert [s.path for s in store.locations(mail_id)] == [path]


def test_event_fields_without_a_column_round_trip_through_extra(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if Event had gained "note" and "seller_name" after the events table was designed.
    columns = tuple(c for c in mail_store._EVENT_COLUMNS if c not in ("note", "seller_name"))
    monkeypatch.setattr(mail_store, "_EVENT_COLUMNS", columns)
    shipped = event("seller_message", ORDER, "2026-11-02T10:00:00+09:00", seller="marketplace",
                    seller_name="さくら雑貨店", note="発送済みのためキャンセルできません")
    store.ingest([item("m@x", shipped)], now=NOW)
    with store.engine.connect() as conn:
        extra, note = conn.execute(select(events.c.extra, events.c.note)).one()
    assert note is None and extra == {"seller_name": "さくら雑貨店", "note": "発送済みのためキャンセルできません"}
    assert store.order_events()[ORDER][0].event == shipped


def test_concurrent_writers_store_a_mail_once(store: Store) -> None:
    # `orders watch` (IDLE) and a cron `orders poll` may ingest the same new mail at the same moment.
    batch = [item(f"c{i}@x", ordered(f"250-000000{i}-0000000"), uid=i) for i in range(20)]
    writers = [Store.open(store.engine.url.render_as_string(hide_password=False)) for _ in range(4)]
    errors: list[BaseException] = []
    reports = []

    def run(s: Store) -> None:
        try:
            reports.append(s.ingest(batch, now=NOW))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for s in writers:
        s.close()
    assert errors == []
    assert sorted(r.new_mails for r in reports) == [0, 0, 0, 20]
    assert count(store, mails) == 20 and count(store, events) == 20
