"""Patterns for amazon.co.jp: old (〜2019, ``ご注文の確認``, ``注文番号：``) and new (``注文済み: 「…」``) templates.

Format and conventions: ``parsers.patterns`` (module docstring). Text is NFKC-normalised before
matching, so write ``:`` for ``：``, ``¥`` for ``￥``, ``~`` for ``～``, ASCII digits and spaces.
"""

from __future__ import annotations

from parsers.patterns import Ignore, Market, Template

_D = r"amazon\.co\.jp"
_ORDER = rf"(?:auto-confirm|order-update)@{_D}"
_SHIP = rf"(?:shipment-tracking|ship-confirm)@{_D}"
_UPDATE = rf"(?:order-update|shipment-tracking)@{_D}"
_RETURN = rf"(?:return|payments-messages)@{_D}"
_RELAY = rf"[^@\s]+@(?:m\.)?marketplace\.{_D}"
_NOT_REJECTED = r"キャンセルできませんでした|キャンセルをお受けできません|承認(?:されませんでした|できませんでした)"

TEMPLATES: tuple[Template, ...] = (
    # --- orders ---------------------------------------------------------------------------------
    Template("ordered-old", "ordered", rf"auto-confirm@{_D}", subject=r"^amazon\.co\.jp ご注文の確認",
             body=(r"注文番号",), amount="total"),
    Template("ordered-multi", "ordered", rf"auto-confirm@{_D}", subject=r"^amazon\.co\.jpでのご注文",
             body=(r"注文番号",), amount="total"),
    Template("ordered-new", "ordered", rf"auto-confirm@{_D}", subject=r"^注文済み:", amount="total"),
    Template("ordered-digital", "ordered", rf"digital-no-reply@{_D}", subject=r"ご注文|注文済み|ご購入",
             body=(r"D01-",), amount="total"),
    # --- cancellation ---------------------------------------------------------------------------
    Template("cancel-requested", "cancel_requested", rf"(?:auto-confirm|order-update|marketplace-messages)@{_D}",
             subject=r"キャンセル(?:リクエスト|のご依頼|申請)を(?:受け付けました|送信しました)|キャンセルリクエストが送信されました",
             not_body=(_NOT_REJECTED,), amount="total"),
    Template("cancelled", "cancelled", rf"(?:auto-confirm|order-update|cs-reply)@{_D}",
             subject=r"ご注文のキャンセル(?:について|が完了しました|を承りました)|^キャンセル済み:|キャンセルされました",
             not_body=(_NOT_REJECTED, r"キャンセル申請中"), amount="total"),
    Template("cancel-rejected", "cancel_rejected", rf"(?:order-update|marketplace-messages|cs-reply)@{_D}",
             subject=r"キャンセル", body=(_NOT_REJECTED,), note="reason"),
    # --- seller messages through the relay ---------------------------------------------------------
    Template("seller-message", "seller_message", _RELAY, seller="marketplace", note="message"),
    # --- shipping and delivery ----------------------------------------------------------------------
    Template("shipped-old", "shipped", _SHIP, subject=r"^amazon\.co\.jp ご注文(?:の|商品の)発送|発送のお知らせ",
             amount="charged"),
    Template("shipped-new", "shipped", _SHIP, subject=r"^発送済み:|^発送しました:", amount="charged"),
    Template("out-for-delivery", "out_for_delivery", _UPDATE, subject=r"^(?:配達中|本日配達予定|本日お届け予定)[::]?"),
    Template("delivery-delayed", "delivery_delayed", _UPDATE,
             subject=r"^(?:お届けの遅延|配送の遅延|配達の遅れ|お届け予定日の変更)"),
    Template("delivered", "delivered", _UPDATE, subject=r"^(?:配達済み|配達完了)[::]?"),
    Template("delivery-refused", "delivery_refused", _UPDATE, subject=r"受取拒否|受け取り拒否"),
    # --- returns and refunds ------------------------------------------------------------------------
    Template("return-requested", "return_requested", rf"return@{_D}",
             subject=r"返品(?:リクエスト|のリクエスト|の受付|を受け付けました)"),
    Template("return-received", "return_received", rf"return@{_D}",
             subject=r"返品(?:商品)?(?:を受領|の受領|を受け取りました|が到着しました)"),
    Template("refunded", "refunded", _RETURN, subject=r"返金|ご返金", not_body=(r"返品を受け付けました",),
             amount="refund"),
)

IGNORE: tuple[Ignore, ...] = (
    Ignore(rf"store-news@{_D}", "Amazon promotion (no order events)"),
    Ignore(rf"[^@\s]+@amazonpay\.{_D}", "Amazon Pay notice (P03- payments, not Amazon orders)"),
    Ignore(rf"account-update@{_D}", "Amazon account notice (no order events)"),
    Ignore(rf"[^@\s]+@{_D}", "Amazon one-time password or sign-in notice (no order events)",
           subject=r"ワンタイムパスワード|確認コード|サインインの試み|パスワードの変更"),
    Ignore(rf"(?:customer-reviews-messages|vfe-campaign-response)@{_D}", "Amazon review request (no order events)"),
)

MARKET = Market(
    market="amazon.co.jp",
    domains=("amazon.co.jp",),
    currency="JPY",
    utc_offset=9,
    templates=TEMPLATES,
    ignore=IGNORE,
    amounts={
        "total": (r"注文合計:?", r"ご請求額:?", r"^合計:?", r"お支払い(?:金額|総額):?"),
        "charged": (r"ご請求額:?", r"お支払い(?:額|金額)合計:?", r"^合計:?", r"でのお支払い額:?"),
        "refund": (r"返金(?:合計|総額)(?:\(税込\))?:?", r"ご?返金(?:金)?額(?:\(税込\))?:?", r"返金予定額:?"),
    },
    payment=(
        r"お支払い方法:?\s*(.+)",
        r"^(.+?)でのお支払い額",
        r"返金(?:方法|先):?\s*(.+)",
        r"^(.+?)(?:に|へ)(?:返金|払い戻)",
        r"返金は(.+?)(?:に対して|に|へ)(?:行|返|払|反映)",
    ),
    payment_methods=(
        (r"代金引換|代引", "cash_on_delivery"),
        (r"コンビニ", "convenience_store"),
        (r"ATM|ペイジー|Pay-easy", "atm"),
        (r"ネットバンキング", "net_banking"),
        (r"電子マネー|楽天Edy|Suica", "e_money"),
        (r"携帯決済|キャリア決済|ドコモ払い|d払い|auかんたん決済|au PAY|まとめて支払い|携帯料金", "carrier_billing"),
        (r"ギフト券|ギフトカード|ショッピングカード", "gift_card"),
        (r"ポイント", "points"),
        (r"クレジットカード|Visa|Master ?card|JCB|AMEX|American Express|Diners|デビット", "credit_card"),
    ),
    carrier=(
        r"^(?:配送業者|配送会社|運送会社):?\s*(?P<carrier>.+)",
        r"^(?P<carrier>[^\s、。:]{2,20}?)(?:株式会社)?でお届け(?:します|いたします|しました)",
        r"(?:お問い合わせ伝票番号|お問合せ伝票番号|伝票番号|追跡番号|お問い合わせ番号)(?:は|:)?\s*(?P<tracking>[0-9A-Z][0-9A-Z-]{7,30})",
    ),
    delivery=(
        r"新しい(?:お届け|到着)予定日?:?\s*(.{2,60})",
        r"(?:お届け|到着|配達)予定日?:?\s*(.{2,60})",
        r"^(.{1,30}?)(?:に|までに)?(?:到着|お届け|配達)(?:予定|します)",
        r"((?:\d{1,2}月\d{1,2}日)?\(?[月火水木金土日]曜日?\)?)に(?:お届け|到着)",
    ),
    items=(
        r"^\*\s*(.+)$",
        r"^(?:\d+\s*(?:点|x|×)?\s*)?\"(.+)\"$",
        r"^(?:商品名?|ご注文商品|返品商品|返金対象商品|キャンセルされた商品|対象商品):\s*(.+)$",
    ),
    subject_items=(r"「(.+?)」",),
    seller=(
        r"^販売(?:元|者)?:\s*(.+)$",
        r"^出品者:\s*(.+)$",
        r"^(.+?)\s*が販売、発送(?:します|する商品)",
        r"^出品者\s*(.+?)\s*(?:の商品|からの)",
    ),
    amazon_seller=(r"amazon(?:\.co\.jp)?|amazon japan g\.?k\.?|amazon services international(?:,? llc)?"
                   r"|アマゾンジャパン(?:合同会社|株式会社)?"),
    message=(r"^-{3,}\s*メッセージ:?\s*-{3,}$", r"^-{3,}\s*メッセージ(?:の)?終わり\s*-{3,}$"),
    note_skip=(
        r"^(?:いつも|大変)?お世話になっております",
        r"^(?:この度|このたび)は.*ありがとうございま",
        r"^.{1,30}と申します。?$",
        r"^(?:はじめまして|こんにちは)",
        r"^注文番号:",
    ),
    reason=(
        r"^(?:理由|キャンセルできない理由|出品者からの回答|回答):\s*(.+)$",
        r"^(.*(?:ため|ので).*キャンセル.*(?:できません|いたしかねます|お受けできません).*)$",
    ),
)

MARKETS: tuple[Market, ...] = (MARKET,)
