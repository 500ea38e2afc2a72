"""Alert texts: every kind, part and variant in both languages; times, amounts and items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import get_args
from zoneinfo import ZoneInfo

import pytest

from store.domain import reasons, texts
from store.domain.model import AlertKind
from store.domain.rules import ALERT_KINDS
from store.domain.timeline import JST

VARIANTS = [(kind, part, variant) for kind, parts in texts.TEMPLATES.items()
            for part, variants in parts.items() for variant in variants]


def test_every_kind_has_every_part() -> None:
    assert set(texts.TEMPLATES) == set(get_args(AlertKind)) == set(ALERT_KINDS)
    for kind in ALERT_KINDS:
        assert set(texts.TEMPLATES[kind]) == {"title", "message", "action"}
        for part in ("title", "message", "action"):
            assert texts.TEMPLATES[kind][part], (kind, part)
        assert kind in texts.ALERT_LABELS


@pytest.mark.parametrize(("kind", "part", "variant"), VARIANTS, ids=lambda v: str(v) or "default")
def test_both_languages_take_the_same_values(kind: str, part: str, variant: str) -> None:
    entry = texts.TEMPLATES[kind][part][variant]
    assert set(entry) == set(texts.LANGS)
    assert all(entry[lang].strip() for lang in texts.LANGS)
    # One set of values renders every language, so all must ask for the same placeholders.
    assert all(texts.placeholders(entry[lang]) == texts.placeholders(entry["en"]) for lang in texts.LANGS)
    # Render this variant (the other parts at their first variant) with a marker for every value.
    chosen = {p: (variant if p == part else next(iter(texts.TEMPLATES[kind][p])))
              for p in ("title", "message", "action")}
    values = {name: (lambda lang, n=name: f"<{n}:{lang}>") for p, v in chosen.items() for lang in texts.LANGS
              for name in texts.placeholders(texts.TEMPLATES[kind][p][v][lang])}
    rendered = texts.render(kind, values, **chosen)[("title", "message", "action").index(part)]
    for lang in texts.LANGS:
        assert all(f"<{name}:{lang}>" in rendered[lang] for name in texts.placeholders(entry[lang]))
        assert "{" not in rendered[lang] and "}" not in rendered[lang]


def test_missing_value_is_a_bug() -> None:
    with pytest.raises(KeyError):
        texts.render("cancel_unconfirmed", {"order_id": "1"})


def test_times() -> None:
    utc = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)
    assert texts.fmt_time(utc, JST, "ja") == "2026/11/16(月) 10:00 JST"
    assert texts.fmt_time(utc, JST, "en") == "2026-11-16 10:00 JST"
    assert texts.fmt_time(utc, None, "en") == "2026-11-16 01:00 UTC"
    assert texts.fmt_time(utc, None, "ja") == "2026/11/16(月) 01:00 UTC"
    # The user's zone first, the market's local time in brackets where it differs.
    berlin = ZoneInfo("Europe/Berlin")
    assert texts.fmt_time(utc, berlin, "en", JST) == "2026-11-16 02:00 CET (10:00 JST)"
    assert texts.fmt_time(utc, berlin, "ja", JST) == "2026/11/16(月) 02:00 CET (10:00 JST)"
    late = datetime(2026, 11, 16, 20, 0, tzinfo=UTC)
    assert texts.fmt_time(late, berlin, "en", JST) == "2026-11-16 21:00 CET (11-17 05:00 JST)"
    assert texts.fmt_time(utc, JST, "en", JST) == "2026-11-16 10:00 JST"  # same zone: no brackets
    india = utc.astimezone(timezone(timedelta(hours=5, minutes=30)))
    assert texts.fmt_time(india, None, "en") == "2026-11-16 06:30 UTC+05:30"
    assert texts.fmt_date(datetime(2026, 11, 13, 23, 0, tzinfo=UTC), JST, "ja") == "2026/11/14(土)"
    assert texts.fmt_date(datetime(2026, 11, 13, 23, 0, tzinfo=UTC), None, "en") == "2026-11-13"


@pytest.mark.parametrize(("amount", "currency", "ja", "en"), [
    (1010, "JPY", "1,010円", "¥1,010"), (16.99, "USD", "$16.99", "$16.99"), (35.99, "GBP", "£35.99", "£35.99"),
    (79.99, "CAD", "CA$79.99", "CA$79.99"), (5, "SEK", "5.00 SEK", "5.00 SEK"), (5, None, "5.00", "5.00"),
])
def test_amounts(amount: float, currency: str | None, ja: str, en: str) -> None:
    assert (texts.fmt_amount(amount, currency, "ja"), texts.fmt_amount(amount, currency, "en")) == (ja, en)


def test_items_and_order_phrase() -> None:
    assert texts.fmt_items(("イヤホン", "ケース"), "ja") == "「イヤホン」ほか1点"
    assert texts.fmt_items(("Earbuds",), "en") == '"Earbuds"'
    assert texts.fmt_items((), "en") == ""
    long = "あ" * 60
    assert texts.fmt_items((long,), "ja") == "「" + "あ" * 39 + "…」"
    assert texts.order_phrase("250-1", (), "ja") == "注文 250-1"
    assert texts.order_phrase("250-1", ("A", "B", "C"), "en") == 'order 250-1 ("A" and 2 more)'


def test_labels() -> None:
    assert texts.label(texts.STATE_LABELS, "shipped", "ja") == "発送済み"
    assert texts.label(texts.PAYMENT_LABELS, None, "en") == "unknown payment method"
    assert texts.label(texts.PAYMENT_LABELS, "bitcoin", "en") == "unknown payment method"
    assert texts.label(texts.CARRIER_LABELS, "pigeon", "ja") == "pigeon"  # unknown keys show as themselves
    assert texts.refund_place("atm", "ja") == "返金先の口座や残高"
    for table in (texts.STATE_LABELS, texts.KIND_LABELS, texts.ALERT_LABELS, texts.SEVERITY_LABELS,
                  texts.PAYMENT_LABELS, texts.CARRIER_LABELS, texts.AUTH_LABELS, texts.REFUND_PLACES):
        assert all({"ja", "en"} <= set(v) <= set(texts.LANGS) and all(v.values()) for v in table.values())
    # German, French, Italian and Spanish name every state, kind, alert, severity and authenticity.
    for table in (texts.STATE_LABELS, texts.KIND_LABELS, texts.ALERT_LABELS, texts.SEVERITY_LABELS, texts.AUTH_LABELS):
        assert all(set(v) == set(texts.LANGS) for v in table.values())
    assert texts.label(texts.PAYMENT_LABELS, "sepa_direct_debit", "de") == "SEPA-Lastschrift"
    assert texts.label(texts.CARRIER_LABELS, "yamato", "de") == "Yamato Transport"  # a proper name: English


def test_phishing_reasons_in_japanese() -> None:
    assert reasons.phishing_reason("authentication failed at mx.example.jp: dmarc=fail for amazon.co.jp", "ja") == \
        "受信サーバー mx.example.jp での送信元認証に失敗（dmarc=fail、対象ドメイン amazon.co.jp）"
    assert reasons.phishing_reason("display name claims to be Amazon but the From domain is evil.example", "ja") == \
        "差出人の表示名はAmazonを名乗っていますが、差出人のドメインは evil.example です"
    assert reasons.phishing_reason("something new", "ja") == "something new"
    assert reasons.phishing_reason("subject claims to be Amazon but the From domain is x.y", "en").startswith("subject")
