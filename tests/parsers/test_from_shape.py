"""A From header that is not exactly one mailbox, while naming Amazon, is suspicious (issue 11)."""

from __future__ import annotations

import pytest

from parsers import parse_mail
from parsers.authenticity import assess, from_shape_problem
from parsers.message import ParsedMail

AR_PASS = ("mx.example.jp; dkim=pass header.d=amazon.co.jp header.s=s1 header.b=abc; "
           "dmarc=pass header.from=amazon.co.jp")
BODY = "Amazon.co.jp をご利用いただき、ありがとうございます。\r\n注文番号: 250-1111111-1111111\r\n返金額: ￥1,000\r\n"


def raw_with(*froms: str, ar: str | None = AR_PASS) -> bytes:
    head = f"Authentication-Results: {ar}\r\n" if ar else ""
    head += "".join(f"From: {f}\r\n" for f in froms)
    return (f"{head}Subject: Amazon.co.jp 返金のお知らせ\r\nDate: Mon, 02 Nov 2026 00:15:00 +0000\r\n"
            f"Message-ID: <x@amazon.co.jp>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{BODY}").encode()


@pytest.mark.parametrize(("froms", "problem"), [
    (("Amazon.co.jp <payments-messages@amazon.co.jp>", "Evil <x@evil.example>"), "2 From headers"),
    (("Amazon: payments-messages@amazon.co.jp;",), "group syntax in From"),
    (("payments-messages@amazon.co.jp, x@evil.example",), "2 addresses in From"),
    (("Amazon <payments-messages@amazon.co.jp>, <x@evil.example>",), "2 addresses in From"),
])
def test_from_not_one_mailbox_naming_amazon_is_suspicious(froms: tuple[str, ...], problem: str) -> None:
    mail = ParsedMail.from_bytes(raw_with(*froms))
    assert from_shape_problem(mail) == problem
    auth, suspicious, reason = assess(mail)
    assert suspicious and problem in (reason or "")
    result = parse_mail(raw_with(*froms))
    assert result.status == "suspicious" and result.events == ()


def test_one_mailbox_is_fine() -> None:
    for from_ in ('"Amazon, Japan" <payments-messages@amazon.co.jp>', "payments-messages@amazon.co.jp",
                  "Amazon.co.jp (a: comment; here) <payments-messages@amazon.co.jp>"):
        assert from_shape_problem(ParsedMail.from_bytes(raw_with(from_))) is None


def test_receiver_read_another_from_domain() -> None:
    ar = "mx.example.jp; dkim=pass header.d=evil.example; dmarc=pass header.from=evil.example"
    result = parse_mail(raw_with("Amazon.co.jp <payments-messages@amazon.co.jp>", ar=ar))
    assert result.status == "suspicious" and "evil.example" in (result.reason or "")


def test_verdict_replaces_the_header_reading() -> None:
    raw = raw_with("Amazon.co.jp <payments-messages@amazon.co.jp>")
    assert parse_mail(raw).authenticity == "pass"
    assert parse_mail(raw, verdict=("unknown", "no signature")).authenticity == "unknown"
    failed = parse_mail(raw, verdict=("fail", "dkim signature does not verify"))
    assert failed.status == "suspicious" and "does not verify" in (failed.reason or "")
