"""Hostile input: ParsedMail.from_bytes raises nothing but MailError, in under a second, bounded."""

from __future__ import annotations

import base64
import random
import time

import pytest

from parsers.authenticity import assess
from parsers.forwarded import unwrap_forwarded
from parsers.message import MAX_TEXT_PART, MailError, ParsedMail

HEAD = b"From: Amazon.co.jp <auto-confirm@amazon.co.jp>\r\nSubject: test\r\nMIME-Version: 1.0\r\n"


def timed(raw: bytes) -> tuple[ParsedMail | MailError, float]:
    """Parse and touch everything a caller uses; the outcome and the seconds it took."""
    # CPU time of this thread: the bound is on the parser's work, not on how busy the machine is.
    start = time.thread_time()
    try:
        m = ParsedMail.from_bytes(raw)
        m.norm_body, m.norm_subject  # noqa: B018 - the derived values are part of the cost
        unwrap_forwarded(m)
        assess(m)
        result: ParsedMail | MailError = m
    except MailError as exc:
        result = exc
    return result, time.thread_time() - start


def nested_multiparts(depth: int) -> bytes:
    opening = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
                       for i in range(depth))
    closing = b"".join(b"\r\n--b%d--\r\n" % i for i in reversed(range(depth)))
    return HEAD + opening + b"Content-Type: text/plain\r\n\r\norder 250-1111111-1111111\r\n" + closing


def test_25_mb_attachment_is_not_decoded() -> None:
    attachment = (b"UEsDBBQAAAAIAA" * 5 + b"AAAAAA\r\n") * 340_000
    raw = (HEAD + b'Content-Type: multipart/mixed; boundary="X"\r\n\r\n--X\r\nContent-Type: text/plain\r\n\r\n'
           b"order 250-1111111-1111111\r\n--X\r\nContent-Type: application/zip\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n" + attachment + b"\r\n--X--\r\n")
    assert len(raw) > 25_000_000
    m, seconds = timed(raw)
    assert isinstance(m, ParsedMail)
    assert m.text == "order 250-1111111-1111111"
    assert m.raw_size == len(raw)
    assert any("only the first" in d for d in m.defects)
    assert seconds < 1.0


def test_huge_text_part_is_capped() -> None:
    raw = HEAD + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + "注文".encode() * 3_000_000
    m, seconds = timed(raw)
    assert isinstance(m, ParsedMail)
    assert len(m.text) <= MAX_TEXT_PART
    assert seconds < 1.0


def test_1000_nested_multiparts_is_a_mail_error() -> None:
    result, seconds = timed(nested_multiparts(1000))
    assert isinstance(result, MailError)
    assert "multipart" in str(result)
    assert seconds < 1.0


def test_moderate_nesting_keeps_what_is_in_reach() -> None:
    shallow, _ = timed(nested_multiparts(10))
    assert isinstance(shallow, ParsedMail) and "250-1111111-1111111" in shallow.text
    deep, seconds = timed(nested_multiparts(60))
    assert isinstance(deep, ParsedMail)
    assert any("nesting deeper" in d for d in deep.defects)
    assert seconds < 1.0


def test_html_with_100000_nested_tags() -> None:
    raw = HEAD + b"Content-Type: text/html\r\n\r\n" + b"<div><span>" * 100_000 + b"x" + b"</span></div>" * 100_000
    m, seconds = timed(raw)
    assert isinstance(m, ParsedMail)
    assert seconds < 1.0


def test_nul_bytes_are_removed() -> None:
    m, _ = timed(b"From: a\x00@b.example\r\nSubject: te\x00st\r\n\r\norder\x00 250-1111111-1111111\x00\r\n")
    assert isinstance(m, ParsedMail)
    assert (m.subject, m.from_addr) == ("test", "a@b.example")
    assert "\x00" not in m.text and "NUL bytes removed" in m.defects


@pytest.mark.parametrize("raw", [
    # bad base64 and quoted-printable
    HEAD + b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n44GC4!!!4IK\r\n===\r\nx",
    HEAD + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n=E3=81",
    # broken boundaries: missing, never closed, wrong
    HEAD + b'Content-Type: multipart/alternative; boundary="NOPE"\r\n\r\n--OTHER\r\nContent-Type: text/plain\r\n\r\n250-1111111-1111111\r\n',
    HEAD + b'Content-Type: multipart/mixed; boundary="A"\r\n\r\n--A\r\nContent-Type: text/plain\r\n\r\nunterminated',
    HEAD + b"Content-Type: multipart/mixed\r\n\r\n--\r\n",
    # lying and unknown charsets, 8-bit and injected headers
    HEAD + b"Content-Type: text/plain; charset=x-no-such\r\n\r\n" + "注文".encode("cp932"),
    HEAD + b"Content-Type: text/html; charset=\"utf-16\"\r\n\r\n<p>\xff\xfe\xfd</p>",
    b"From: \xff\xfe <a@b.example>\r\nSubject: \x1b$B\x1b(B\xa4\r\nContent-Type: text/plain; charset=\xe6\r\n\r\nx",
    b"From: a@b.example\r\nSubject: =?utf-8?Q?x=0D=0ABcc:_victim@example.jp?=\r\nX: " + b"=?utf-8?B?" * 5000 + b"\r\n\r\nx",
    b"From: a@b.example\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(20_000)) + b"\r\nbody",
    b"From: a@b.example\r\nSubject: " + b"A" * 2_000_000 + b"\r\n\r\nbody",
    # truncated mails
    HEAD + b"Content-Type: text/plain; charset=iso-2022-jp\r\n\r\n\x1b$B%F",
    HEAD[:20],
    b"From: a@b.example\r\nContent-Type: message/rfc822\r\n\r\nFrom: x\r\n",
])
def test_malformed_mail_never_raises(raw: bytes) -> None:
    result, seconds = timed(raw)
    assert isinstance(result, ParsedMail | MailError)
    assert seconds < 1.0


def test_mutations_raise_only_mail_error() -> None:
    seed = (HEAD + b'Content-Type: multipart/alternative; boundary="q"\r\n\r\n--q\r\n'
            b"Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n" + "注文番号：250-1111111-1111111".encode("iso2022_jp")
            + b"\r\n--q\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64.encodebytes("<table><tr><td>合計</td><td>1,010 JPY</td></tr></table>".encode()) + b"\r\n--q--\r\n")
    inserts = [b"\r\n", b"=?", b"?=", b"--q", b"\x1b$B", b"<td>", b"\x00", b"boundary=", b"=?utf-8?B?", b"\xff"]
    rnd = random.Random(42)
    for _ in range(400):
        raw = bytearray(seed)
        for _ in range(rnd.randint(1, 12)):
            pos = rnd.randrange(len(raw) or 1)
            op = rnd.random()
            if op < 0.4:
                raw[pos:pos + 1] = bytes([rnd.randrange(256)])
            elif op < 0.7:
                del raw[pos:pos + rnd.randint(1, 40)]
            else:
                raw[pos:pos] = rnd.choice(inserts)
        result, seconds = timed(bytes(raw))
        assert isinstance(result, ParsedMail | MailError)
        assert seconds < 1.0
