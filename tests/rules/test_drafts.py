"""Drafts to the seller and to customer service, and the evidence Markdown, in both languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from store.domain.drafts import draft, timeline_markdown
from store.domain.timeline import Timeline
from tests.rules.builders import JP, MP, ev, timeline

MKT = {"seller": "marketplace", "seller_name": "さくら雑貨店"}


def _pending() -> Timeline:
    return timeline(ev("ordered", "2026-11-15 20:00", MP, payment_method="credit_card", amount=2980.0,
                       currency="JPY", items=("陶器のマグカップ",), **MKT),
                    ev("cancel_requested", "2026-11-16 10:00", MP))


def _shipped_anyway(delivered: bool = False) -> Timeline:
    events = [ev("ordered", "2026-11-01 09:00", JP, seller="amazon", payment_method="credit_card",
                 items=("ワイヤレスイヤホン",)),
              ev("cancel_requested", "2026-11-01 10:00", JP, note="サイズを間違えたため"),
              ev("shipped", "2026-11-02 08:00", JP, carrier="yamato", tracking_number="123456789012")]
    if delivered:
        events.append(ev("delivered", "2026-11-03 12:00", JP))
    return timeline(*events)


# (name, timeline factory, to, lang, must contain)
CASES = [
    ("seller ja, first request", lambda: timeline(ev("ordered", "2026-11-15 20:00", MP, items=("マグ",), **MKT)),
     "seller", "ja", ["さくら雑貨店 ご担当者様", "注文番号：503-2222222-2222222", "商品名：「マグ」",
                      "まだ発送前でしたら、キャンセルのお手続きをお願いいたします。",
                      "下記の注文をキャンセルしたく"]),
    ("seller ja, re-sent", _pending, "seller", "ja",
     ["2026/11/16(月) 10:00 JSTに下記注文のキャンセルをお願いしましたが", "キャンセル依頼日時：2026/11/16(月) 10:00 JST",
      "注文日時：2026/11/15(日) 20:00 JST", "発送前でしたら"]),
    ("seller en, re-sent", _pending, "seller", "en",
     ["Hello さくら雑貨店,", "Order number: 503-2222222-2222222", 'Item: "陶器のマグカップ"',
      "on 2026-11-16 10:00 JST and have not heard back", "If it has not shipped yet, please cancel it."]),
    # Amazon sold these: "the seller" is Amazon, so the message goes to its customer service.
    ("seller ja, shipped anyway, Amazon-sold", _shipped_anyway, "seller", "ja",
     ["Amazonカスタマーサービス ご担当者様", "キャンセル理由：サイズを間違えたため", "受取拒否いたします"]),
    ("seller en, delivered, Amazon-sold", lambda: _shipped_anyway(True), "seller", "en",
     ["Hello Amazon customer service,", "Please arrange the return and refund."]),
    ("seller ja, asked after it shipped",
     lambda: timeline(ev("shipped", "2026-11-02 08:00", JP), ev("cancel_requested", "2026-11-02 09:00", JP)),
     "seller", "ja", ["下記の注文は発送済みと伺いましたが", "受取拒否"]),
    ("support ja, shipped anyway", _shipped_anyway, "support", "ja",
     ["Amazonカスタマーサービス ご担当者様", "注文番号：250-1111111-1111111", "販売元：Amazon",
      "キャンセル依頼日時：2026/11/01(日) 10:00 JST", "キャンセル理由：サイズを間違えたため", "これまでの経緯：",
      "・2026/11/02(月) 08:00 JST 発送（ヤマト運輸、追跡番号 123456789012）", "受取拒否いたします"]),
    ("support en, delivered", lambda: _shipped_anyway(True), "support", "en",
     ["I need help with order 250-1111111-1111111", "Cancellation requested: 2026-11-01 10:00 JST",
      "- 2026-11-03 12:00 JST Delivered", "Please arrange the return and refund."]),
    ("support ja, seller silent", _pending, "support", "ja",
     ["販売元：さくら雑貨店（マーケットプレイス）", "お支払い方法：クレジットカード（2,980円）",
      "出品者へキャンセルを依頼しましたが、返信がありません"]),
    ("support en, refund missing",
     lambda: timeline(ev("ordered", "2026-11-04 09:00", "249-3333333-3333333", payment_method="convenience_store",
                         seller="amazon"),
                      ev("cancelled", "2026-11-05 10:00", "249-3333333-3333333")),
     "support", "en", ["Payment: convenience store payment", "was cancelled on 2026-11-05 10:00 JST, but I have "
                       "not received the refund", "(item name unknown)"]),
    ("support en, stuck at Amazon", lambda: timeline(ev("ordered", "2026-11-01 09:00", JP, seller="amazon"),
                                                     ev("cancel_requested", "2026-11-01 10:00", JP)),
     "support", "en", ["the cancellation is still pending"]),
    ("support ja, nothing wrong", lambda: timeline(ev("ordered", "2026-11-01 09:00", JP)), "support", "ja",
     ["現在の状況を確認していただけますでしょうか", "販売元：不明", "お支払い方法：お支払い方法不明"]),
]


@pytest.mark.parametrize(("make", "to", "lang", "needles"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_drafts(make: Callable[[], Timeline], to: str, lang: str, needles: list[str]) -> None:
    text = draft(make(), to=to, lang=lang)
    for needle in needles:
        assert needle in text, f"{needle!r} missing from:\n{text}"
    assert text.endswith("\n") and "{" not in text


def test_reason_overrides() -> None:
    assert "理由：不要になったため" in draft(_shipped_anyway(), "seller", "ja", reason="不要になったため")
    assert "Reason: Found it cheaper" in draft(_pending(), "support", "en", reason="Found it cheaper")


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="'seller' or 'support'"):
        draft(_pending(), to="amazon")
    with pytest.raises(ValueError, match="ja, en, de, fr, it, es"):
        draft(_pending(), lang="pt")
    with pytest.raises(ValueError, match="ja, en, de, fr, it, es"):
        timeline_markdown(_pending(), "sv")


@pytest.mark.parametrize("lang", ["de", "fr", "it", "es"])
def test_drafts_in_european_languages(lang: str) -> None:
    """Seller and support drafts and the evidence timeline speak the user's language, with the facts."""
    from store.domain.draft_texts import DRAFT_WORDS

    w = DRAFT_WORDS[lang]
    tl = _pending()
    seller = draft(tl, to="seller", lang=lang)
    assert tl.order_id in seller and w["order_number"] in seller
    assert w["default_reason"] not in seller and f"{w['reason']}:" not in seller  # no reason is invented
    assert f"{w['reason']}: X" in draft(tl, to="seller", lang=lang, reason="X")
    support = draft(tl, to="support", lang=lang)
    assert support.startswith(w["support_hello"]) and w["what_happened"] in support and tl.order_id in support
    assert "Hello" not in seller + support and "Order number" not in seller + support
    md = timeline_markdown(tl, lang)
    assert md.startswith(w["heading"].format(order_id=tl.order_id)) and w["columns"].split("|")[1] in md


def test_timeline_markdown() -> None:
    tl = timeline(ev("ordered", "2026-11-01 09:00", JP, items=("本",), amount=1010.0, currency="JPY"),
                  ev("shipped", "2026-11-02 08:00", JP, junk=True, subject="発送済み: 「本」 | 1点",
                     carrier="sagawa", tracking_number="999"),
                  ev("refunded", "2026-11-05 08:00", JP, auth="unknown", amount=1010.0, currency="JPY"),
                  as_of="2026-11-10 00:00")
    ja = timeline_markdown(tl, "ja")
    assert ja.startswith("# 注文 250-1111111-1111111 のタイムライン")
    assert "- 状態：返金済み" in ja and "- 返金額：1,010円" in ja and "- 基準日時：2026/11/10(火) 00:00 JST" in ja
    rows = [line for line in ja.splitlines() if line.startswith("| 2026")]
    assert len(rows) == 3
    assert rows[1].startswith("| 2026/11/02(月) 08:00 JST | 発送 | 佐川急便、追跡番号 999 | 発送済み: 「本」 \\| 1点 |")
    assert "Junk（迷惑メール）" in rows[1] and "認証済み (pass)" in rows[1]
    assert "未確認 (unknown)" in rows[2] and "1,010円" in rows[2]
    en = timeline_markdown(tl, "en")
    assert "# Timeline of order 250-1111111-1111111" in en and "| Time | Event |" in en
    assert "Junk (junk)" in en and "Sagawa Express, tracking 999" in en and "<m" in en
