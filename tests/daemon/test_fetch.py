"""Pure parts of the IMAP layer: search criteria, batch planning, junk names, partial-mail rebuild."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes, policy

from daemon.service.imap.fetch import (
    BATCH_BYTES,
    BATCH_SIZE,
    _strip_mime_headers,
    plan_batches,
    rebuild,
    search_criteria,
    search_ranges,
)
from daemon.service.imap.folders import find_junk_folder


def test_search_criteria_are_ascii_and_bounded():
    c = search_criteria(101, 250, since=date(2025, 11, 20), trusted_forwarders=["me@example.jp", "日本@例え.jp"])
    assert c[:4] == ["UID", "101:250", "SINCE", date(2025, 11, 20)]
    assert c[4:] == ["OR", "OR", "OR", "FROM", "amazon", "SUBJECT", "amazon", "FROM", "amzn", "FROM", "me@example.jp"]
    assert all(str(x).isascii() for x in c)
    assert search_criteria(5, 9)[:2] == ["UID", "5:9"] and "SINCE" not in search_criteria(5, 9)


def test_plan_batches_bounds_count_and_bytes():
    uids = list(range(1, 351))
    sizes = {u: 1000 for u in uids}
    batches = list(plan_batches(uids, sizes, 2_000_000))
    assert [len(b) for b in batches] == [BATCH_SIZE, BATCH_SIZE, BATCH_SIZE, 50]
    assert [u for b in batches for u in b] == uids
    big = {u: 5_000_000 for u in range(1, 30)}  # capped at max_size each
    batches = list(plan_batches(list(big), big, 2_000_000))
    assert all(len(b) * 2_000_000 <= BATCH_BYTES for b in batches) and sum(map(len, batches)) == 29
    assert list(plan_batches([1, 2, 3], {1: 10, 3: 10}, 100)) == [[1, 3]]  # 2 was expunged


def test_junk_folder_detection():
    L = lambda *names_flags: [(flags, b"/", name) for name, flags in names_flags]  # noqa: E731
    assert find_junk_folder(L(("INBOX", ()), ("Bulk", ()), ("Spam?", (b"\\Junk",)))) == "Spam?"
    assert find_junk_folder(L(("INBOX", ()), ("[Gmail]", (b"\\Noselect",)), ("[Gmail]/Spam", ()))) == "[Gmail]/Spam"
    assert find_junk_folder(L(("INBOX", ()), ("迷惑メール", ()))) == "迷惑メール"
    assert find_junk_folder(L(("INBOX", ()), ("junk e-mail", ()))) == "junk e-mail"
    assert find_junk_folder([((), b".", "INBOX"), ((), b".", "INBOX.Spam")]) == "INBOX.Spam"
    assert find_junk_folder([((), b"/", "Archive/Spam")]) == "Archive/Spam"
    assert find_junk_folder(L(("INBOX", ()), ("Spam", (b"\\Noselect",)))) is None
    assert find_junk_folder(L(("INBOX", ()), ("Spamalot", ()))) is None


def test_strip_mime_headers_drops_folded_content_type():
    header = (b"From: a@amazon.com\r\nContent-Type: multipart/mixed;\r\n\tboundary=\"x\"\r\n"
              b"Subject: hi\r\n there\r\nMIME-Version: 1.0\r\nContent-Transfer-Encoding: 7bit\r\n\r\n")
    assert _strip_mime_headers(header) == b"From: a@amazon.com\r\nSubject: hi\r\n there"


def test_rebuild_makes_a_parseable_message():
    header = b"From: a@amazon.com\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n"
    parts = [(b"Content-Type: text/plain; charset=utf-8\r\n\r\n", "注文番号 250-1".encode()),
             (b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n", b"<p>x</p>")]
    raw = rebuild(header, parts, 9_999_999)
    msg = message_from_bytes(raw, policy=policy.default)
    assert msg["Subject"] == "big" and msg["X-Orders-Partial"] == "attachments omitted; original size 9999999 bytes"
    assert msg.get_content_type() == "multipart/alternative"
    assert msg.get_body(("plain",)).get_content() == "注文番号 250-1"
    assert msg.get_body(("html",)).get_content().strip() == "<p>x</p>"
    assert not msg.defects


def test_search_ranges_start_short_double_and_cover_the_range_once() -> None:
    assert search_ranges(5, 4) == []
    assert search_ranges(1, 1000) == [(1, 1000)]  # an ordinary poll: one SEARCH
    assert search_ranges(1, 12, (2, 4)) == [(1, 2), (3, 6), (7, 10), (11, 12)]
    ranges = search_ranges(101, 1_000_000)
    assert ranges[0] == (101, 1100) and ranges[-1][1] == 1_000_000
    assert all(b[0] == a[1] + 1 for a, b in zip(ranges, ranges[1:], strict=False))
    assert max(hi - lo + 1 for lo, hi in ranges) == 16_000
