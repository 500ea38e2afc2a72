"""Stage 1 on its own: the kind from phrase evidence, negation and conditionals as rules, tags stripped."""

from __future__ import annotations

import pytest

from parsers.kinds import classify, clean_subject, required_literals
from parsers.normalize import normalize
from parsers.patterns import en, ja


def kind_ja(body: str, subject: str = "ご注文に関するお知らせ", template: str | None = None) -> str | None:
    return classify(normalize(subject), normalize(body), ja.PHRASES, template).kind


def kind_en(body: str, subject: str = "A message about your order", template: str | None = None) -> str | None:
    return classify(normalize(subject).lower(), normalize(body), en.PHRASES, template).kind


@pytest.mark.parametrize("sentence", [
    "ご注文の商品はすでに発送準備に入っていたため、キャンセルできませんでした。",
    "ご注文の商品はすでに発送準備に入っていたため、キャンセルすることができませんでした。",
    "誠に申し訳ございませんが、キャンセルのご依頼を承ることができかねます。",
    "キャンセルはお受けいたしかねます。",
    "キャンセルのご依頼につきましては、商品がすでに発送済みのため、お受けいたしかねます。",
    "ご注文はキャンセル不可の状態です。",
    "ご注文はキャンセルされませんでした。",
    "出荷作業が進んでいたため、キャンセルが間に合いませんでした。",
    "出品者がキャンセルリクエストを承認しませんでした。",
    "キャンセルリクエストは出品者により却下されました。",
    "キャンセルには応じられません。",
])
def test_every_japanese_refusal_is_cancel_rejected_never_cancelled(sentence: str) -> None:
    # Even under the subject of the "cancelled" template, a refusal is a refusal.
    assert kind_ja(sentence, "Amazon.co.jp ご注文のキャンセルについて", template="cancelled") == "cancel_rejected"
    assert kind_ja(sentence) == "cancel_rejected"


@pytest.mark.parametrize("sentence", [
    "We're sorry, but we were unable to cancel your order because it had already shipped.",
    "Your cancellation request could not be completed.",
    "We couldn't cancel the item below.",
    "Your request to cancel was declined by the seller.",
    "It was too late to cancel this order.",
    "The order cannot be cancelled because it has left our fulfillment center.",
])
def test_every_english_refusal_is_cancel_rejected(sentence: str) -> None:
    assert kind_en(sentence, template="cancelled") == "cancel_rejected"


@pytest.mark.parametrize(("body", "kind"), [
    ("ご注文をキャンセルいたしました。", "cancelled"),
    ("ご注文はキャンセルされました。請求は発生しません。", "cancelled"),
    ("ご注文はキャンセルされましたので、請求は発生しません。", "cancelled"),
    ("在庫を確保できなかったため、ご注文はキャンセルとなりました。", "cancelled"),
    ("キャンセルのお申し出を承りました。現在キャンセル手続き中です。", "cancel_requested"),
    ("キャンセルリクエストを出品者に送信しました。出品者が発送済みの場合はキャンセルできません。", "cancel_requested"),
    ("ご注文の商品を出荷いたしました。", "shipped"),
    ("お荷物を郵便受けにお届けしました。", "delivered"),
    ("返送いただいた商品が返品センターに到着しました。", "return_received"),
])
def test_japanese_statements(body: str, kind: str) -> None:
    assert kind_ja(body) == kind


@pytest.mark.parametrize("body", [
    "キャンセルをご希望の場合は、注文履歴からお手続きください。",
    "発送済みの場合はキャンセルできないことがあります。",
    "天候により配達が遅延する場合があります。",
    "返金が完了しましたら、Eメールでお知らせします。",
    "先日お届けした商品はいかがでしたか。レビューをお寄せください。",
    "お届け先住所の変更を承りました。",
])
def test_japanese_hypotheticals_and_other_news_are_no_event(body: str) -> None:
    assert kind_ja(body) is None


@pytest.mark.parametrize("body", [
    "If the item has already shipped, we cannot cancel it.",
    "Your package will be delivered tomorrow.",
    "Once your item has shipped, we'll send you a confirmation.",
    "Your delivery may be delayed by bad weather.",
    "Want to cancel? Visit Your Orders.",
])
def test_english_hypotheticals_are_no_event(body: str) -> None:
    assert kind_en(body) is None


def test_close_evidence_is_unrecognized_with_the_reason() -> None:
    decision = classify("", normalize("ご注文をキャンセルいたしました。\nご請求済みの代金は返金いたしました。"), ja.PHRASES)
    assert decision.kind is None and decision.reason.startswith("kinds too close to call")
    refused = classify("", normalize("付属品が不足していたため、返金することができませんでした。"), ja.PHRASES)
    assert refused.kind is None and "refund was declined" in refused.reason
    nothing = classify("", "こんにちは", ja.PHRASES)
    assert nothing.kind is None and nothing.reason.startswith("no kind evidence")


@pytest.mark.parametrize("subject", [
    "[SPAM] 発送済み: 「本」", "【迷惑メール】発送済み: 「本」", "***SPAM*** 発送済み: 「本」",
    "【Amazon.co.jp】発送済み: 「本」", "[SPAM] 【Amazon.co.jp】 発送済み: 「本」", "{Spam?} 発送済み: 「本」",
])
def test_tags_are_stripped(subject: str) -> None:
    assert clean_subject(normalize(subject), ja.SUBJECT_TAGS) == "発送済み: 「本」"


def test_phrase_gates_are_found_for_every_phrase() -> None:
    for table in (ja.PHRASES, en.PHRASES):
        for place in (table.subject, table.body):
            for phrases in place.values():
                for phrase in phrases:
                    assert required_literals(phrase), phrase


@pytest.mark.parametrize("sentence", [
    "Your package was left in the parcel locker.", "Your parcel was delivered to your safe place: porch.",
    "We delivered your package to a neighbour at number 12.", "Your parcel is ready to collect from the Post Office.",
    "Your package was handed directly to a resident.", "Your package is available for pickup at the Amazon Counter.",
    "Your item has been delivered to the pick-up point.", "Your package was delivered to the mailroom.",
])
def test_english_deliveries_to_every_place(sentence: str) -> None:
    assert kind_en(sentence) == "delivered"


@pytest.mark.parametrize("sentence", [
    "お荷物を宅配ボックスに投函しました。", "お荷物をポストに投函いたしました。", "ご指定の場所（玄関前）に置き配しました。",
    "商品をお隣の方にお渡ししました。", "コンビニでのお受け取りが可能になりました。", "ご注文の商品は配達されました。",
    "お荷物はAmazon Hub ロッカー（ファミリーマート世田谷店）に到着しました。", "お荷物を管理人にお預けいたしました。",
])
def test_japanese_deliveries_to_every_place(sentence: str) -> None:
    assert kind_ja(sentence) == "delivered"


@pytest.mark.parametrize(("kind", "sentence"), [
    ("cancelled", "This order was cancelled at your request."), ("cancelled", "We've canceled the following items."),
    ("cancel_requested", "We're processing your cancellation request."),
    ("cancel_requested", "We've notified the seller that you'd like to cancel."),
    ("refunded", "A refund of $12.99 has been issued."), ("refunded", "Your refund of $12.99 is complete."),
    ("refunded", "We've refunded $12.99 to your Visa."),
    ("return_received", "Your return has arrived at our warehouse."), ("return_received", "We got your return."),
    ("return_requested", "Drop off your return at a UPS Store by Nov 20."),
    ("shipped", "Your order has left our warehouse."), ("shipped", "Your package has been handed to the carrier."),
    ("delivery_delayed", "Your delivery has been rescheduled."),
])
def test_english_wordings(kind: str, sentence: str) -> None:
    assert kind_en(sentence) == kind


@pytest.mark.parametrize(("kind", "sentence"), [
    ("cancelled", "ご注文をキャンセル処理いたしました。"), ("cancelled", "ご注文の取り消しが完了しました。"),
    ("cancel_requested", "キャンセルのご要望を出品者にお伝えしました。"), ("cancel_requested", "出品者にキャンセルをリクエストしました。"),
    ("refunded", "ご返金の手続きが完了いたしました。"), ("refunded", "代金を返金させていただきました。"),
    ("refunded", "払い戻しが完了しました。"), ("return_received", "返品商品が届きました。"),
    ("return_requested", "返品手続きを承りました。"), ("shipped", "お荷物を配送業者にお渡ししました。"),
    ("delivery_delayed", "配達予定日が変更になりました。"), ("out_for_delivery", "お荷物は配達中です。"),
    ("delivery_refused", "お荷物の受け取りを拒否されたため、返送されました。"),
])
def test_japanese_wordings(kind: str, sentence: str) -> None:
    assert kind_ja(sentence) == kind
