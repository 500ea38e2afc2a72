"""Authentication-Results, Amazon domains and Amazon-imitation checks (parsers/authenticity.py)."""

from __future__ import annotations

import time

import pytest

from parsers.authenticity import (
    AMAZON_DOMAINS,
    assess,
    authenticity,
    claims_amazon,
    is_amazon_domain,
    parse_authentication_results,
)
from parsers.message import ParsedMail

GOOD_AR = ("mx.example.jp;\r\n dkim=pass header.i=@amazon.co.jp header.s=rjnrqhuy header.b=QrE3/abc;\r\n"
           " spf=pass (mx.example.jp: domain of 2026@bounces.amazon.co.jp designates 54.240.1.1 as permitted"
           " sender) smtp.mailfrom=2026@bounces.amazon.co.jp;\r\n"
           " dmarc=pass (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=amazon.co.jp")


def build(from_: str = "Amazon.co.jp <auto-confirm@amazon.co.jp>", subject: str = "ご注文の確認",
          body: str = "注文番号 250-1111111-1111111", ars: tuple[str, ...] = (), html: bool = False) -> ParsedMail:
    head = "".join(f"Authentication-Results: {ar}\r\n" for ar in ars)
    ctype = "text/html" if html else "text/plain"
    raw = (f"{head}From: {from_}\r\nSubject: {subject}\r\nDate: Mon, 02 Nov 2026 00:15:00 +0000\r\n"
           f"Content-Type: {ctype}; charset=utf-8\r\n\r\n{body}\r\n")
    return ParsedMail.from_bytes(raw.encode())


# --- RFC 8601 parsing ------------------------------------------------------------------------
def test_parse_results_comments_quotes_and_properties() -> None:
    ar = parse_authentication_results(GOOD_AR)
    assert ar is not None and ar.authserv_id == "mx.example.jp"
    assert [(r.method, r.result) for r in ar.results] == [("dkim", "pass"), ("spf", "pass"), ("dmarc", "pass")]
    assert ar.results[0].props["header.i"] == "@amazon.co.jp"
    assert ar.results[2].props == {"header.from": "amazon.co.jp"}

    tricky = parse_authentication_results(
        'MX.Example.JP 1 (comment; with semicolon); dkim/1=pass (nested (comment) here) header.d="amazon.co.jp"'
        ' header.b="a;b"; dmarc=fail reason="policy; quoted" header.from=amazon.co.jp')
    assert tricky is not None and tricky.authserv_id == "mx.example.jp"
    assert [(r.method, r.result) for r in tricky.results] == [("dkim", "pass"), ("dmarc", "fail")]
    assert tricky.results[0].props == {"header.d": "amazon.co.jp", "header.b": "a;b"}
    assert tricky.results[1].props["reason"] == "policy; quoted"


def test_parse_results_none_and_garbage() -> None:
    none = parse_authentication_results("mx.example.jp; none")
    assert none is not None and none.results == ()
    assert parse_authentication_results("dkim=pass header.d=amazon.co.jp") is None  # no authserv-id
    assert parse_authentication_results("") is None
    assert parse_authentication_results("x; (((;;;\"") is not None
    unclosed = parse_authentication_results("mx.example.jp; dkim=pass (unclosed header.d=amazon.co.jp")
    assert unclosed is not None and unclosed.results[0].props == {}
    deep = parse_authentication_results("mx.example.jp; spf=fail " + "(" * 50 + "x" + ")" * 50 + " smtp.mailfrom=a@b")
    assert deep is not None and deep.results[0].props == {"smtp.mailfrom": "a@b"}


# --- Amazon domains -------------------------------------------------------------------------
@pytest.mark.parametrize("domain", sorted(AMAZON_DOMAINS) + [
    "marketplace.amazon.co.jp", "m.marketplace.amazon.co.jp", "bounces.amazon.co.jp", "AMAZON.COM",
    "amazonpay.amazon.co.jp", "amazon.co.jp.", "email.amazon.com", "marketplace.amazon.com.au",
])
def test_amazon_domains(domain: str) -> None:
    assert is_amazon_domain(domain)


@pytest.mark.parametrize("domain", [
    "amazon.co.jp.example.cn", "amazon-co-jp.xyz", "amaz0n.com", "notamazon.com", "amazon.com-login.icu",
    "amazonses.com", "xamazon.co.jp", "amazon.co", "amazon", "co.jp", "", None,
    "аmazon.co.jp",  # Cyrillic а
])
def test_lookalikes_are_not_amazon(domain: str | None) -> None:
    assert not is_amazon_domain(domain)


# --- authenticity -----------------------------------------------------------------------------
@pytest.mark.parametrize("ar", [
    GOOD_AR,
    "mx.example.jp; dkim=pass header.d=amazon.co.jp",
    "mx.example.jp; dkim=pass header.i=@marketplace.amazon.co.jp",
    "mx.example.jp; dkim=fail header.d=amazonses.com; dkim=pass header.d=amazon.co.jp",
    "mx.example.jp; dkim=none; spf=pass; dmarc=pass header.from=amazon.co.jp",
    "mx.example.jp; spf=fail smtp.mailfrom=x@relay.example; dkim=pass header.d=amazon.co.jp",  # aligned DKIM wins
])
def test_pass(ar: str) -> None:
    assert authenticity(build(ars=(ar,))) == "pass"


@pytest.mark.parametrize("ar", [
    "mx.example.jp; dkim=pass header.d=amazon.co.jp; dmarc=fail header.from=amazon.co.jp",
    "mx.example.jp; dkim=fail (bad signature) header.d=amazon.co.jp",
    "mx.example.jp; dkim=none; spf=fail smtp.mailfrom=x@amazon.co.jp",
    "mx.example.jp; dkim=permerror header.d=amazon.co.jp",
])
def test_fail(ar: str) -> None:
    assert authenticity(build(ars=(ar,))) == "fail"


@pytest.mark.parametrize("ar", [
    "mx.example.jp; dkim=pass header.d=amazonses.com",  # any SES customer has this
    "mx.example.jp; dkim=pass header.d=amazon.com",  # not aligned with From amazon.co.jp
    "mx.example.jp; spf=pass smtp.mailfrom=x@bounces.amazon.co.jp",  # SPF alone proves nothing
    "mx.example.jp; spf=softfail; dkim=none",
    "mx.example.jp; none",
])
def test_unknown(ar: str) -> None:
    assert authenticity(build(ars=(ar,))) == "unknown"


def test_absent_header_is_unknown() -> None:
    assert authenticity(build()) == "unknown"


def test_only_the_topmost_header_counts() -> None:
    # The receiving server's verdict is on top; the sender's forged "pass" below is ignored.
    forged = build(ars=("mx.example.jp; dkim=none; spf=softfail; dmarc=fail header.from=amazon.co.jp",
                        "mx.example.jp; dkim=pass header.d=amazon.co.jp; dmarc=pass header.from=amazon.co.jp"))
    assert authenticity(forged) == "fail"
    assert assess(forged)[:2] == ("fail", True)


def test_untrusted_authserv_id_is_ignored() -> None:
    mail = build(ars=("evil.example; dkim=pass header.d=amazon.co.jp",
                      "mx.example.jp; dkim=pass header.d=amazon.co.jp"))
    assert authenticity(mail) == "pass"  # default: the topmost header's id is trusted
    assert authenticity(mail, trusted_authserv_ids=["mx.example.jp"]) == "unknown"  # not even the lower one
    assert authenticity(mail, trusted_authserv_ids=["EVIL.example"]) == "pass"


def test_dkim_pass_for_amazon_with_a_foreign_from_is_not_pass() -> None:
    mail = build(from_="Amazon.co.jp <info@amazon-co-jp.xyz>", ars=("mx.example.jp; dkim=pass header.d=amazon.co.jp",))
    assert authenticity(mail) == "unknown"
    assert assess(mail)[1] is True


# --- claims and assessment --------------------------------------------------------------------
@pytest.mark.parametrize("name", [
    "Amazon.co.jp", "ＡＭＡＺＯＮ", "Ama\u200bzon", "\u202eAmazon\u202c", "Аmazon", "amaz0n", "Arnazon.co.jp",
    "A m a z o n", "アマゾン", "ｱﾏｿﾞﾝ", "Amazonカスタマーセンター",
])
def test_display_name_claims(name: str) -> None:
    mail = build(from_=f'"{name}" <support@secure-login.example.cn>', subject="お知らせ", body="ご確認ください")
    assert claims_amazon(mail)
    auth, suspicious, reason = assess(mail)
    assert suspicious and reason == "display name claims to be Amazon but the From domain is secure-login.example.cn"


@pytest.mark.parametrize("subject", [
    "Amazon.co.jp アカウント所有権の証明（名前、その他個人情報）の確認",
    "【重要】Amazonアカウントは停止されました",
    "Your Amazon.com order #113-5555555-5555555 has shipped",
    "ＡＭＡＺＯＮ お支払い方法の情報を更新",
])
def test_subject_claims(subject: str) -> None:
    mail = build(from_="Support <noreply@mail.example.icu>", subject=subject, body="x")
    assert claims_amazon(mail)
    assert assess(mail)[1]


@pytest.mark.parametrize("subject", [
    "Amazonギフト券1,000円分が当たる！アンケートのお願い",
    "Amazon Payでのお支払いありがとうございます",
    "新作入荷：Amazonでも購入できます",
    "Amazon Gift Card giveaway this week",
])
def test_other_shops_mentioning_amazon_in_the_subject_do_not_claim(subject: str) -> None:
    mail = build(from_="さくら雑貨店 <news@sakura-zakka.example>", subject=subject, body="いつもありがとうございます")
    assert not claims_amazon(mail)
    assert assess(mail) == ("unknown", False, None)


@pytest.mark.parametrize("body", [
    "Amazon.co.jpをご利用いただき、ありがとうございます。",
    "お客様のAmazonアカウントを一時的に保留しました。",
    "Amazon.co.jp カスタマーサービス",
    "Your Amazon account has been locked. Verify now.",
    "Dear Amazon Customer,\nplease verify.",
    "Please confirm your payment details.\n\nThank you,\nAmazon.co.jp",
    "© 2026 Amazon.com, Inc. or its affiliates. All rights reserved.",
    "<p>Amazon.co.jp をご利用いただきありがとうございます</p>",
])
def test_body_speaking_as_amazon_claims(body: str) -> None:
    mail = build(from_="Account Service <service@update-info.example.cn>", subject="ご確認", body=body,
                 html=body.startswith("<"))
    assert claims_amazon(mail)
    assert assess(mail)[1]


@pytest.mark.parametrize("body", [
    "新商品のご案内です。Amazonでも販売中！\nAmazon Payがご利用いただけます。\n楽天市場・Amazon・Yahoo!ショッピング",
    "お支払いにはAmazon Payをご利用いただけます。Amazonギフト券も使えます。",
    "We also sell on Amazon. Review us on Amazon!\nThe Sakura Zakka team",
])
def test_newsletters_mentioning_amazon_in_the_body_do_not_claim(body: str) -> None:
    mail = build(from_="さくら雑貨店 <news@sakura-zakka.example>", subject="11月のお知らせ", body=body)
    assert not claims_amazon(mail)
    assert assess(mail)[1] is False


def test_genuine_amazon_mail_is_not_suspicious() -> None:
    mail = build(body="Amazon.co.jpをご利用いただき、ありがとうございます。", ars=(GOOD_AR,))
    assert assess(mail) == ("pass", False, None)
    marketplace = build(from_='"[重要] さくら雑貨店" <1ktkjrc1nl0t9fh@marketplace.amazon.co.jp>', body="ご連絡です",
                        ars=("mx.example.jp; dkim=pass header.d=marketplace.amazon.co.jp",))
    assert assess(marketplace) == ("pass", False, None)


def test_amazon_from_without_authentication_is_unknown_not_suspicious() -> None:
    assert assess(build()) == ("unknown", False, None)


def test_failed_authentication_of_amazon_looking_mail_is_suspicious() -> None:
    auth, suspicious, reason = assess(build(ars=("mx.example.jp; dmarc=fail header.from=amazon.co.jp",)))
    assert (auth, suspicious) == ("fail", True)
    assert reason == "authentication failed at mx.example.jp: dmarc=fail for amazon.co.jp"


def test_failed_dkim_of_an_unrelated_shop_is_not_suspicious() -> None:
    mail = build(from_="Shop <news@shop.example>", subject="sale", body="hello",
                 ars=("mx.example.jp; dkim=fail header.d=shop.example",))
    assert assess(mail) == ("fail", False, None)


def test_lookalike_domain_with_amazon_name_is_suspicious() -> None:
    mail = build(from_="Amazon.co.jp <auto-confirm@amazon.co.jp.example.cn>",
                 ars=("mx.example.jp; dkim=pass header.d=amazon.co.jp.example.cn",))
    auth, suspicious, reason = assess(mail)
    assert (auth, suspicious) == ("unknown", True)
    assert reason is not None and "amazon.co.jp.example.cn" in reason


def test_long_bodies_are_checked_around_mentions_only() -> None:
    footer = build(from_="Info <info@notice.example.cn>", subject="ご案内",
                   body="Amazonでも販売中！\n" * 300 + "\n© 2026 Amazon.com, Inc. or its affiliates.\n")
    assert claims_amazon(footer)  # a footer after hundreds of harmless mentions still counts
    start = time.thread_time()
    assert not claims_amazon(build(from_="Shop <news@shop.example>", subject="news", body="amazon " * 50_000))
    assert time.thread_time() - start < 0.5
