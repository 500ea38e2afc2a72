"""Rendering an alert for a person, urgency, and the shipped icon."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC

from daemon.service.notify import render, urgency_for
from daemon.service.notify.desktop import ICON_PATH
from tests.notify.records import DEADLINE, JST, KINDS, expected_body, make_record


def test_title_and_body_in_both_languages():
    for kind in KINDS:
        record = make_record(kind)
        for lang in ("ja", "en"):
            shown = render(record, lang, JST)
            assert shown.title == record.title[lang]
            assert shown.body == expected_body(record, lang)


def test_deadline_in_the_given_zone():
    record = make_record("refund_overdue")
    assert render(record, "en", UTC).body.endswith("Deadline: 2026-11-22 01:00 UTC")
    assert render(record, "ja", JST).body.endswith("期限：2026/11/22(日) 10:00 JST")
    assert record.deadline == DEADLINE


def test_missing_language_falls_back_to_english():
    record = make_record("phishing", title={"en": "fake Amazon mail"}, message={"en": "m"}, action={"en": "a"})
    shown = render(record, "ja")
    assert (shown.title, shown.body) == ("fake Amazon mail", "m\na")


def test_urgency():
    assert urgency_for(make_record("shipped_after_cancel", severity="info")) == "critical"
    assert urgency_for(make_record("phishing", severity="info")) == "critical"
    assert urgency_for(make_record("refund_overdue", severity="info")) == "low"
    assert urgency_for(make_record("refund_overdue", severity="warning")) == "normal"
    assert urgency_for(make_record("refund_overdue", severity="critical")) == "critical"
    # Only unverified mail behind it: never woken at critical urgency (issue 11).
    assert urgency_for(make_record("shipped_after_cancel", severity="warning",
                                   facts={"unverified": True})) == "normal"


def test_icon_is_a_valid_png_shipped_in_the_package():
    assert ICON_PATH.is_absolute() and ICON_PATH.parts[-3:] == ("daemon", "icons", "orders.png")
    data = ICON_PATH.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, idat = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc
        chunks.append(kind)
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (width, height, depth, colour) == (64, 64, 8, 6)
    assert len(zlib.decompress(idat)) == height * (1 + width * 4)
