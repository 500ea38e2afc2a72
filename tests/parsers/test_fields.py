"""Stage 2: field values from the tables — payment methods, carriers, dates of undated mail."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from parsers import parse_mail, registry
from parsers.extract import normalize_carrier


def _market(name: str):
    return next(m for m in registry.MARKETS if m.market.table.market == name)


@pytest.mark.parametrize(("text", "method"), [
    ("Paid by AmazonPLCC ending in 1234", "credit_card"),
    ("$24.99 will be credited to your AmazonPLCC ending in 1234 by Nov 20", "credit_card"),
    ("Payment method: Amazon Store Card", "credit_card"),
    ("Paid by Amazon Visa ending in 4821", "credit_card"),
    ("Paid by Prime Visa", "credit_card"),
    ("Refund method: Amazon Mastercard", "credit_card"),
    ("Paid by Mastercard", "credit_card"),
    ("Paid by Visa Debit", "credit_card"),
    ("Refund method: Amazon.com Gift Card balance", "gift_card"),
    ("Payment method: Shop with Points", "points"),
    ("Refund method: Bank account ending in 0042", "net_banking"),
    ("Payment method: Cash on delivery", "cash_on_delivery"),
])
def test_english_payment_phrases(text: str, method: str) -> None:
    parser = _market("amazon.com").parsers[0]
    assert parser._payment(text) == method


@pytest.mark.parametrize(("text", "method"), [
    ("お支払い方法: クレジットカード (Visa 末尾 1234)", "credit_card"),
    ("お支払い方法: Amazon Mastercard", "credit_card"),
    ("お支払い方法: JCB", "credit_card"),
    ("お支払い方法: デビットカード", "credit_card"),
    ("お支払い方法: 代金引換", "cash_on_delivery"),
    ("お支払い方法: コンビニ・ATM・ネットバンキング・電子マネー払い(コンビニ)", "convenience_store"),
    ("お支払い方法: コンビニ・ATM・ネットバンキング・電子マネー払い(ATM)", "atm"),
    ("お支払い方法: コンビニ・ATM・ネットバンキング・電子マネー払い(ネットバンキング)", "net_banking"),
    ("お支払い方法: コンビニ・ATM・ネットバンキング・電子マネー払い(電子マネー)", "e_money"),
    ("お支払い方法: PayPay", "e_money"),
    ("お支払い方法: 携帯決済(ドコモ払い)", "carrier_billing"),
    ("お支払い方法: auかんたん決済", "carrier_billing"),
    ("お支払い方法: ソフトバンクまとめて支払い", "carrier_billing"),
    ("お支払い方法: Amazonギフトカード", "gift_card"),
    ("お支払い方法: Amazonポイント", "points"),
    ("お支払い方法: あと払い (ペイディ)", "other"),
    ("返金方法: Amazonギフトカード(アカウントに登録されます)", "gift_card"),
    ("返金先: ご登録の銀行口座", "net_banking"),
    ("ご利用のクレジットカードに返金しました。", "credit_card"),
    ("Amazonポイントへ返金いたしました。", "points"),
    ("返金はAmazonギフトカード残高に反映されます。", "gift_card"),
    ("クレジットカード(Visa)でのお支払い額: ¥ 1,234", "credit_card"),
    ("Amazonギフト券・Amazonショッピングカードでのお支払い額: ¥ 500", "gift_card"),
])
def test_japanese_payment_and_refund_destination_phrases(text: str, method: str) -> None:
    parser = _market("amazon.co.jp").parsers[0]
    assert parser._payment(text) == method


@pytest.mark.parametrize(("name", "carrier"), [
    ("ヤマト運輸", "yamato"), ("クロネコヤマト", "yamato"), ("宅急便コンパクト", "yamato"), ("ネコポス", "yamato"),
    ("佐川急便", "sagawa"), ("飛脚宅配便", "sagawa"), ("日本郵便", "japan_post"), ("ゆうパケット", "japan_post"),
    ("ゆうパック", "japan_post"), ("クリックポスト", "japan_post"), ("レターパックプラス", "japan_post"),
    ("西濃運輸", "seino"), ("福山通運", "fukuyama"), ("Amazon", "amazon"), ("デリバリープロバイダ", "amazon"),
    ("Amazon Logistics", "amazon"), ("UPS", "ups"), ("USPS", "usps"), ("Royal Mail", "royal_mail"),
    ("Canada Post", "canada_post"), ("SBS即配サポート", "other"),
])
def test_carrier_names(name: str, carrier: str) -> None:
    assert normalize_carrier(name) == carrier


UNDATED = (
    "From: Amazon.co.jp <shipment-tracking@amazon.co.jp>\n"
    "{received}"
    "Subject: =?UTF-8?B?{subject}?=\n"
    "Content-Type: text/plain; charset=UTF-8\n\n"
    "ご注文の商品を発送しました。\n注文番号: 250-1234567-7654321\n"
)


def _undated(received: str = "") -> bytes:
    import base64

    subject = base64.b64encode("発送済み: 「本」".encode()).decode()
    return UNDATED.format(received=received, subject=subject).encode()


def test_missing_date_uses_the_newest_received_stamp() -> None:
    raw = _undated("Received: from a by mx.example.jp; Tue, 03 Nov 2026 01:00:00 +0000\n"
                   "Received: from b by a; Tue, 03 Nov 2026 00:59:58 +0000\n")
    result = parse_mail(raw)
    assert result.status == "parsed", result.error or result.reason
    assert result.events[0].at == "2026-11-03T01:00:00+00:00"
    assert result.date == "2026-11-03T01:00:00+00:00"


def test_missing_date_and_received_uses_the_fallback() -> None:
    when = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
    result = parse_mail(_undated(), fallback_date=when)
    assert result.status == "parsed" and result.events[0].at == when.isoformat()
    naive = parse_mail(_undated(), fallback_date=datetime(2026, 11, 3, 9, 30))
    assert naive.events[0].at.endswith("+00:00")


def test_no_date_at_all_is_an_error_with_the_fix() -> None:
    result = parse_mail(_undated())
    assert result.status == "error" and "Date" in (result.error or "")


def test_local_files_pass_their_mtime(tmp_path) -> None:
    import os

    from daemon.service.sources import iter_local_mail

    path = tmp_path / "undated.eml"
    path.write_bytes(_undated())
    os.utime(path, (1_793_700_000, 1_793_700_000))
    (mail,) = list(iter_local_mail([str(path)]))
    result = parse_mail(mail.raw, fallback_date=mail.file_date)
    assert result.status == "parsed"
    assert result.events[0].at == datetime.fromtimestamp(1_793_700_000, UTC).isoformat()
