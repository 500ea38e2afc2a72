"""Our own DKIM check and the verdict at first sight (daemon/trust.py): test keys, no network."""

from __future__ import annotations

import pytest

from daemon.service.trust import DnsKeys, KeyUnavailable, verdict
from parsers import parse_mail
from tests.daemon.dkim_keys import FakeKeys, keys_for, sign

AR = ("Authentication-Results: mx.example.jp; dkim=pass header.d=amazon.co.jp header.s=test1; "
      "dmarc=pass header.from=amazon.co.jp\r\n")


def mail(from_: str = "Amazon.co.jp <payments-messages@amazon.co.jp>", body: str = "返金額: ￥1,000",
         head: str = "") -> bytes:
    return (f"{head}From: {from_}\r\nTo: you@example.jp\r\nSubject: Amazon.co.jp 返金のお知らせ\r\n"
            f"Date: Mon, 02 Nov 2026 00:15:00 +0000\r\nMessage-ID: <r1@amazon.co.jp>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n注文番号: 250-1111111-1111111\r\n{body}\r\n").encode()


def test_valid_aligned_signature_passes_here() -> None:
    v = verdict(sign(mail()), keys=keys_for())
    assert v is not None and (v.authenticity, v.source) == ("pass", "dkim-local")


def test_subdomain_signature_is_aligned_with_the_org_domain() -> None:
    raw = sign(mail(), domain="marketplace.amazon.co.jp")
    v = verdict(raw, keys=keys_for(domain="marketplace.amazon.co.jp"))
    assert v is not None and v.authenticity == "pass"


def test_tampered_body_fails_here() -> None:
    raw = sign(mail()).replace("￥1,000".encode(), "￥9,999".encode())
    v = verdict(raw, keys=keys_for())
    assert v is not None and (v.authenticity, v.source) == ("fail", "dkim-local")
    result = parse_mail(raw, verdict=v.for_parser())
    assert result.status == "suspicious" and result.events == ()


def test_signature_of_another_domain_is_not_amazons() -> None:
    raw = sign(mail(), domain="amazonses.com")
    v = verdict(raw, keys=keys_for(domain="amazonses.com"))
    assert v is not None and (v.authenticity, v.source) == ("unknown", "none")


def test_no_signature_no_header_is_unknown() -> None:
    v = verdict(mail(), keys=FakeKeys())
    assert v is not None and (v.authenticity, v.source) == ("unknown", "none")


def test_forged_authentication_results_on_unsigned_mail_is_not_believed() -> None:
    keys = FakeKeys()
    v = verdict(mail(head=AR), keys=keys, trusted_authserv_ids=["mx.example.jp"])
    assert v is not None and (v.authenticity, v.source) == ("unknown", "none")
    assert "no Amazon DKIM signature" in v.detail
    assert parse_mail(mail(head=AR), verdict=v.for_parser(), strict_authentication=True).status == "ignored"


def test_key_gone_falls_back_to_the_trusted_header() -> None:
    raw = sign(mail(head=AR))  # A-R above the signature: the receiver's, as delivered
    keys = FakeKeys()  # the selector no longer resolves (Amazon rotated it)
    v = verdict(raw, keys=keys, trusted_authserv_ids=["mx.example.jp"])
    assert v is not None and (v.authenticity, v.source) == ("pass", "authentication-results")
    assert keys.queries == ["test1._domainkey.amazon.co.jp."]
    distrusted = verdict(raw, keys=keys, trusted_authserv_ids=[])
    assert distrusted is not None and distrusted.authenticity == "unknown"


def test_resolver_down_is_inconclusive_not_fail() -> None:
    def down(name: str) -> bytes | None:
        raise KeyUnavailable("timeout")

    v = verdict(sign(mail()), keys=down)
    assert v is not None and v.authenticity == "unknown"


def test_partial_mail_is_not_checked() -> None:
    v = verdict(sign(mail()), keys=keys_for(), partial=True)
    assert v is not None and v.authenticity == "unknown"


def test_non_amazon_mail_is_left_to_the_parser_without_lookups() -> None:
    keys = FakeKeys()
    assert verdict(sign(mail(from_="shop@example.com"), domain="example.com"), keys=keys) is None
    assert keys.queries == []


def test_dns_keys_cache_and_timeout_on_a_dead_resolver(monkeypatch: pytest.MonkeyPatch) -> None:
    import dns.exception
    import dns.resolver

    calls = []

    def resolve(name: str, *args: object, **kwargs: object) -> None:
        calls.append((name, kwargs.get("lifetime")))
        raise dns.exception.Timeout()

    monkeypatch.setattr(dns.resolver, "resolve", resolve)
    keys = DnsKeys(timeout=0.5)
    with pytest.raises(KeyUnavailable):
        keys("s._domainkey.amazon.co.jp.")
    assert keys("s._domainkey.amazon.co.jp.") is None  # remembered: no second timeout
    assert calls == [("s._domainkey.amazon.co.jp.", 0.5)]
