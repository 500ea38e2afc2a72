"""parse_mail never raises and stays fast on mutated fixture bytes and on hostile mail."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import ParseResult, parse_mail
from parsers.vocab import EVENT_KINDS, MAIL_STATUSES

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
SAMPLES = [p.read_bytes() for p in sorted(FIXTURES.rglob("*.eml"))]
ORDER_ID = re.compile(r"(?:\d{3}|D\d{2})-\d{7}-\d{7}")
CHARSETS = [b"utf-8", b"iso-2022-jp", b"shift_jis", b"euc-jp", b"utf-16", b"x-unknown", b"", b"us-ascii\"",
            b"cp932", b"utf-7", b"\xff\xfe", b"iso-8859-1"]
CTES = [b"base64", b"quoted-printable", b"7bit", b"8bit", b"binary", b"x-uuencode", b"bogus"]


def _mutate(raw: bytes, ops: list[tuple[int, int, int, bytes]]) -> bytes:
    data = bytearray(raw)
    for op, a, b, blob in ops:
        n = len(data) or 1
        i, j = sorted((a % n, b % n))
        if op == 0:                      # overwrite bytes
            data[i:i + len(blob)] = blob
        elif op == 1:                    # insert junk
            data[i:i] = blob
        elif op == 2:                    # delete a range
            del data[i:j]
        elif op == 3:                    # truncate
            del data[i:]
        elif op == 4:                    # duplicate a range (repeated parts, doubled headers)
            data[j:j] = data[i:j][:4096]
        elif op == 5:                    # lie about the charset
            data = bytearray(re.sub(rb"charset=\"?[\w-]*\"?", b"charset=" + CHARSETS[a % len(CHARSETS)],
                                    bytes(data), count=1 + b % 3, flags=re.I))
        elif op == 6:                    # lie about the transfer encoding
            data = bytearray(re.sub(rb"(Content-Transfer-Encoding:)\s*\S+", rb"\1 " + CTES[a % len(CTES)],
                                    bytes(data), flags=re.I))
        elif op == 7:                    # break multipart boundaries
            data = data.replace(b"--=_", b"--=" + blob[:3]).replace(b"----=_Part", b"--" + blob[:5])
    return bytes(data)


def _check(result: ParseResult, elapsed: float) -> None:
    assert isinstance(result, ParseResult)
    assert result.status in MAIL_STATUSES
    if result.status == "error":
        assert result.error and "\n" not in result.error
    for event in result.events:
        assert event.kind in EVENT_KINDS and ORDER_ID.fullmatch(event.order_id)
    json.dumps(result.to_json_dict("fuzz"), ensure_ascii=False)
    assert elapsed < 1.0, f"parse took {elapsed:.2f}s"


def _timed(raw: bytes, **options: object) -> tuple[ParseResult, float]:
    # CPU time of this thread: the bound is on the parser's work, not on how busy the machine is.
    start = time.thread_time()
    result = parse_mail(raw, **options)  # type: ignore[arg-type]
    return result, time.thread_time() - start


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=st.sampled_from(SAMPLES),
    ops=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 2**20), st.integers(0, 2**20),
                           st.binary(min_size=1, max_size=48)), min_size=1, max_size=5),
    strict=st.booleans(),
)
def test_mutated_fixtures_never_raise(raw: bytes, ops: list[tuple[int, int, int, bytes]], strict: bool) -> None:
    mutated = _mutate(raw, ops)
    _check(*_timed(mutated, strict_authentication=strict, trusted_forwarders=("me@example.jp",)))


def _nested(depth: int) -> bytes:
    head = b"From: Amazon.co.jp <auto-confirm@amazon.co.jp>\nSubject: x\nMIME-Version: 1.0\n"
    parts = [b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(depth)]
    tail = "Content-Type: text/plain; charset=utf-8\n\n注文番号 250-1234567-1234567\n".encode()
    return head + b"".join(parts) + tail + b"".join(b"--b%d--\n" % i for i in reversed(range(depth)))


HOSTILE = {
    "empty": b"",
    "whitespace": b"\r\n \r\n",
    "nul": b"\x00" * 5000,
    "no header": b"just a line of text without any colon\n" * 50,
    "truncated header": b"From: \"Amazon.co.jp\" <auto-confirm@amaz",
    "deep nesting": _nested(2000),
    "huge base64": (b"From: auto-confirm@amazon.co.jp\nSubject: big\nContent-Type: text/html; charset=utf-8\n"
                    b"Content-Transfer-Encoding: base64\n\n" + b"PGRpdj4=\n" * 600_000),
    "huge html tags": (b"From: auto-confirm@amazon.co.jp\nContent-Type: text/html\n\n" + b"<div>" * 400_000),
    "bad base64": (b"From: auto-confirm@amazon.co.jp\nSubject: =?UTF-8?B?!!!?=\nContent-Type: text/plain\n"
                   b"Content-Transfer-Encoding: base64\n\n@@@=!!not base64***\n"),
    "lying charset": (b"From: auto-confirm@amazon.co.jp\nSubject: =?x-klingon?Q?abc?=\n"
                      b"Content-Type: text/plain; charset=x-klingon\n\n\xff\xfe\x1b$B\x1b(\n"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_mail_gives_a_result(name: str) -> None:
    _check(*_timed(HOSTILE[name]))


def test_non_bytes_input_is_an_error_not_an_exception() -> None:
    result = parse_mail("not bytes")  # type: ignore[arg-type]
    assert result.status == "error" and result.error
