"""Patterns for amazon.co.jp: old (〜2019, ``ご注文の確認``, ``注文番号：``) and new (``注文済み: 「…」``) templates.

Format and conventions: ``parsers.patterns`` (module docstring). Text is NFKC-normalised before
matching, so write ``:`` for ``：``, ``¥`` for ``￥``, ``~`` for ``～``, ASCII digits and spaces.
"""

from __future__ import annotations

from parsers.patterns import Ignore, Market, Negation, Phrases, Template

_D = r"amazon\.co\.jp"
_ORDER = rf"(?:auto-confirm|order-update)@{_D}"
_SHIP = rf"(?:shipment-tracking|ship-confirm)@{_D}"
_UPDATE = rf"(?:order-update|shipment-tracking)@{_D}"
_RETURN = rf"(?:return|payments-messages)@{_D}"
_RELAY = rf"[^@\s]+@(?:m\.)?marketplace\.{_D}"
_NOT_REJECTED = r"キャンセルできませんでした|キャンセルをお受けできません|承認(?:されませんでした|できませんでした)"

TEMPLATES: tuple[Template, ...] = (
    # --- orders ---------------------------------------------------------------------------------
    Template("ordered-old", "ordered", rf"auto-confirm@{_D}", subject=r"amazon\.co\.jp ご注文の確認",
             body=(r"注文番号",), amount="total"),
    Template("ordered-multi", "ordered", rf"auto-confirm@{_D}", subject=r"amazon\.co\.jpでのご注文",
             body=(r"注文番号",), amount="total"),
    Template("ordered-new", "ordered", rf"auto-confirm@{_D}", subject=r"注文済み\s*:", amount="total"),
    Template("ordered-digital", "ordered", rf"digital-no-reply@{_D}", subject=r"ご注文|注文済み|ご購入",
             body=(r"D01-",), amount="total"),
    # --- cancellation ---------------------------------------------------------------------------
    Template("cancel-requested", "cancel_requested", rf"(?:auto-confirm|order-update|marketplace-messages)@{_D}",
             subject=r"キャンセル(?:リクエスト|のご依頼|申請)を(?:受け付けました|送信しました)|キャンセルリクエストが送信されました",
             not_body=(_NOT_REJECTED,), amount="total"),
    Template("cancelled", "cancelled", rf"(?:auto-confirm|order-update|cs-reply)@{_D}",
             subject=r"ご注文のキャンセル(?:について|が完了しました|を承りました)|キャンセル済み\s*:|キャンセルされました",
             not_body=(_NOT_REJECTED, r"キャンセル申請中"), amount="total"),
    Template("cancel-rejected", "cancel_rejected", rf"(?:order-update|marketplace-messages|cs-reply)@{_D}",
             subject=r"キャンセル", body=(_NOT_REJECTED,), note="reason"),
    # --- seller messages through the relay ---------------------------------------------------------
    Template("seller-message", "seller_message", _RELAY, seller="marketplace", note="message"),
    # --- shipping and delivery ----------------------------------------------------------------------
    Template("shipped-old", "shipped", _SHIP, subject=r"amazon\.co\.jp ご注文(?:の|商品の)発送|発送のお知らせ",
             amount="charged"),
    Template("shipped-new", "shipped", _SHIP, subject=r"発送済み\s*:|発送しました\s*:", amount="charged"),
    Template("out-for-delivery", "out_for_delivery", _UPDATE, subject=r"(?:配達中|本日配達予定|本日お届け予定)"),
    Template("delivery-delayed", "delivery_delayed", _UPDATE,
             subject=r"(?:お届けの遅延|配送の遅延|配達の遅れ|お届け予定日の変更)"),
    Template("delivered", "delivered", _UPDATE, subject=r"(?:配達済み|配達完了)"),
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

# --- stage 1: phrase evidence for the kind (see parsers.patterns, "Stage 1") ---------------------------
# Politeness and inflection: いたし/致し/し/させていただき + ました; され/済み/完了 for the passive/state.
_DID = r"(?:いたし|致し|し|させていただき|させて頂き)ました"
_DONE = r"(?:され|が行われ|を行い|を実施し|の手続きを(?:完了|行い)し?|が完了し|を完了し|処理が完了し|処理を(?:完了|行い)し?)ました"
_CANCEL = r"(?:キャンセル|取り?消し?)"
_REQUEST = r"(?:リクエスト|のリクエスト|のご依頼|ご依頼|依頼|申請|のお申し込み|のお申し出|手続き|処理)"
_ACCEPT = r"(?:受け付け|受付|承り|お受けし|お預かりし)(?:いたし|致し|し)?ました"
_SEND = r"(?:送信|送付|転送|連絡|通知|お送り|お伝え)(?:いたし|致し|し)?ました"
_SHIP = r"(?:発送|出荷)"
_DELIVER = r"(?:配達|お届け|配送完了|置き配)"
_PLACE = (r"(?:宅配ボックス|宅配BOX|郵便受け|郵便ポスト|ポスト|玄関(?:先|前)?|ドア(?:の)?前|置き配指定場所|メールボックス|"
          r"ガスメーターボックス|自転車のかご|車庫|物置|管理人|受付|フロント|コンシェルジュ|ご近所|お隣|隣(?:人|家)|近隣|同居)")
_PICKUP = r"(?:ロッカー|カウンター|受取スポット|ピックアップ(?:場所|ポイント)|コンビニ(?:エンスストア)?|営業所|郵便局)"

PHRASES = Phrases(
    language="ja",
    subject={
        "ordered": (r"注文済み", r"ご注文の確認", r"でのご注文", r"ご注文を(?:承り|受け付け)ました", r"ご注文ありがとう"),
        "cancel_requested": (rf"{_CANCEL}{_REQUEST}(?:を|が)?(?:{_ACCEPT}|{_SEND}|送信されました)", r"キャンセル(?:申請|手続き|処理)中"),
        "cancelled": (r"キャンセル済み", rf"ご?注文の{_CANCEL}(?:が完了|を承り|完了)", rf"{_CANCEL}(?:されました|{_DID}|完了)"),
        "shipped": (rf"{_SHIP}済み", rf"{_SHIP}(?:{_DID}|されました)", r"発送のお知らせ", r"ご注文(?:の|商品の)発送"),
        "out_for_delivery": (r"配達中", r"本日(?:配達|お届け|到着)(?:予定)?", r"配達に向かって"),
        "delivery_delayed": (r"遅延", r"遅れ", r"お届け予定日の変更", r"到着予定日の変更"),
        "delivered": (r"配達(?:済み|完了)", rf"{_DELIVER}{_DID}", r"お届け済み", rf"{_PICKUP}に(?:到着|届きました)"),
        "delivery_refused": (r"受け?取り?拒否",),
        "return_requested": (rf"返品{_REQUEST}?(?:を|の)?(?:受付|受け付け|承り)", r"返品(?:用)?(?:ラベル|伝票|送り状)"),
        "return_received": (r"返品(?:商品|品)?(?:を|の)?(?:受領|受け取り|到着|確認)", r"返品(?:商品|品)?の検品"),
        "refunded": (r"返金のお知らせ", r"ご返金の(?:お知らせ|ご案内)", r"返金(?:済み|完了|が完了|手続き完了)", r"払い?戻し(?:済み|完了)"),
    },
    body={
        "ordered": (r"ご注文(?:いただき|頂き)?(?:、)?(?:誠に|まことに|大変)?ありがとうございます", r"ご注文を(?:承り|受け付け|お受けし)ました",
                    r"以下の(?:ご)?注文を(?:承り|受け付け)", r"注文を確定(?:いたし|し)ました", r"ご注文内容の確認",
                    r"^注文済み$", r"^(?:amazon\.co\.jp\s*)?ご注文の確認$", r"[0-9]+件の(?:ご)?注文に分けて(?:承り|受け付け)ました",
                    r"(?:ご)?注文は[^。\n]{0,10}[0-9]+件に分けて(?:承り|受け付け)ました",
                    r"(?:商品を)?発送(?:する|の)準備が(?:でき|整い)(?:ましたら|次第).{0,20}お知らせ"),
        "cancel_requested": (rf"{_CANCEL}{_REQUEST}を?[^。\n]{{0,20}}?(?:{_ACCEPT}|{_SEND})", rf"{_CANCEL}{_REQUEST}(?:が|は)(?:送信|送付)されました",
                             rf"出品者に{_CANCEL}(?:を)?(?:依頼|リクエスト|連絡)", r"キャンセル(?:申請|手続き|処理)中",
                             rf"出品者(?:へ|に)(?:お客様の)?{_CANCEL}{_REQUEST}を",
                             rf"{_CANCEL}の(?:ご要望|ご希望|お申し出)を[^。\n]{{0,20}}?(?:{_ACCEPT}|{_SEND})"),
        "cancelled": (rf"{_CANCEL}(?:{_DID}|されました|{_DONE})", r"キャンセル(?:済み|が完了|を完了|処理が完了)",
                      rf"ご注文の{_CANCEL}を承りました", r"キャンセルされた商品", r"キャンセルとなりました",
                      rf"{_CANCEL}(?:処理|手続き)を?(?:{_DID}|完了)"),
        "shipped": (rf"{_SHIP}(?:{_DID}|されました|{_DONE})", rf"{_SHIP}済み", r"配送業者に(?:引き渡|お渡し|引渡)し?(?:いたし|し)?ました",
                    r"お届けに向かって(?:おります|います)", r"発送が完了", r"配送を開始(?:いたし|し)ました",
                    r"(?:お荷物|商品)を配送業者(?:に|へ)(?:お預け|引き渡|お渡し)"),
        "out_for_delivery": (r"(?:本日|今日)(?:中に)?(?:配達|お届け|到着)(?:予定|します|いたします)", r"配達(?:に向かって|中です)",
                             r"ドライバーが(?:お届けに)?向かって"),
        "delivery_delayed": (r"遅延(?:して|が発生|しており|しています)", r"(?:お届け|到着|配達)が遅れ", r"遅れが(?:生じ|発生)",
                             r"(?:お届け|到着|配達)予定日(?:が|を)?変更(?:になり|され|いたし|し)ました"),
        "delivered": (rf"{_DELIVER}(?:{_DID}|されました)", r"配達(?:済み|完了)", r"お届け済み",
                      rf"{_PLACE}(?:に|へ|で|の方に)(?:お荷物を)?(?:{_DELIVER}|お預け|置き配|お渡し)(?:{_DID}|されました)",
                      rf"{_PICKUP}(?:\([^)\n]{{0,40}}\))?(?:に|へ)(?:到着(?:いたし|し)?ました|届きました|お届け(?:いたし|し)ました)", r"受け取り(?:が完了|されました)",
                      r"お受け取り(?:いただけます|可能です)", r"(?:投函|ポストイン)(?:いたし|し|させていただき)ました",
                      r"(?:お)?受け取り(?:が)?可能(?:に|と)なりました"),
        "delivery_refused": (r"受け?取り?(?:を)?拒否(?:され|が確認され|いただいた|により)",),
        "return_requested": (rf"返品{_REQUEST}?を?{_ACCEPT}", r"返品の受付が完了", r"返品(?:用)?(?:の)?(?:配送|返送)?(?:ラベル|伝票|送り状|QRコード)を(?:発行|作成|用意|ご用意|お送り)",
                             r"返品(?:受付|手続き)(?:を開始|が開始)"),
        "return_received": (r"返品(?:された|いただいた)?(?:商品|品|お荷物)?を?(?:受領|受け取り|確認)(?:いたし|し)?ました",
                            r"返品(?:商品|品|されたお荷物)?(?:が|の)(?:到着|受領)(?:いたし|し)?ました",
                            r"返品(?:商品|品)?の(?:到着|受領)を確認(?:いたし|し)ました",
                            r"(?:ご返送|ご返品|返送|返品)(?:いただいた|された|頂いた)(?:商品|お荷物|品)を(?:受領|受け取り|確認)(?:いたし|し)ました",
                            r"(?:返品|返送)(?:された|いただいた)?(?:商品|品)?の検品が完了",
                            r"(?:返送|返品)(?:いただいた|された|頂いた)?(?:商品|お荷物|品)が[^。\n]{0,20}?(?:到着|届き)(?:いたし|し)?ました",
                            r"返品(?:センター|倉庫)に(?:到着|届き)", r"返品(?:商品|品)?を検品(?:いたし|し)ました"),
        "refunded": (rf"(?:返金|払い?戻し?)(?:{_DID}|されました|{_DONE})", r"^(?:ご)?返金(?:額|金額|合計|総額)(?:\(税込\))?\s*:", r"返金(?:済み|が完了|処理が完了)", r"(?:ご)?返金の(?:手続き|処理)が完了",
                     r"返金(?:いたし|し|させていただき)ました", r"ご返金(?:いたし|し)ました", r"返金を(?:発行|処理|実行)(?:いたし|し)ました"),
    },
    negation=Negation(
        verbs={"cancel": (r"キャンセル", r"取り?消し?"), "refund": (r"返金", r"払い?戻し?")},
        after=(r"ません", r"ない", r"なかった", r"かね(?:ます|る)", r"兼ね(?:ます|る)", r"不可", r"不能", r"できず", r"出来ず",
               r"却下", r"拒否", r"間に合わ", r"お断り", r"見送", r"対象外", r"承認されず"),
        refusal=(r"(?:お受け|承る|受け付け|受付|応じ|対応|お応え|実行|処理|承認)[^。]{0,10}(?:でき(?:ません|ず|かね)|出来(?:ません|ず)|"
                 r"いたしかね|致しかね|かねます|兼ねます|不可|されませんでした|しませんでした)", r"(?:いたし|致し)かねます",
                 r"間に合いませんでした", r"お断り(?:いたし|し|させていただき)"),
        mask=(r"申し訳(?:ござい|あり)ません(?:でした)?(?:が)?", r"恐れ入りますが", r"恐縮ですが", r"(?:かま|構)いません",
              r"差し支え(?:ござい|あり)ません", r"必要(?:は)?(?:ござい|あり)ません", r"(?:ご)?請求(?:は|が)?(?:発生|行われ)(?:いたし|し)?ません",
              r"請求され(?:ません|ない)", r"(?:料金|手数料|費用)(?:は|が)(?:かかり|発生し)ません", r"ご心配(?:は)?いりません",
              r"返信(?:は)?(?:しない|できません)", r"お待たせ(?:いたし|し)ません"),
        hypothetical=(r"場合", r"際(?:は|に|には)", r"ようでしたら", r"のであれば", r"であれば", r"なら(?:ば)?[、,]", r"ことが(?:あります|ございます)",
                      r"ことも(?:あります|ございます)", r"(?:た|だ|\A)ら(?:[、,]|\Z)", r"れば(?:[、,]|\Z)",
                      r"\A(?:の)?(?:後|あと)", r"可能性", r"かもしれ", r"おそれ", r"恐れがあ", r"したい", r"には、",
                      r"方法", r"ください"),
        clause_end=r"[。\n!?！？]|ため|ので|(?<!は)[、,]",
        sentence_end=r"[。\n!?！？]",
    ),
)
# Bracketed market names that mailers and filters put in front of Japanese subjects.
SUBJECT_TAGS = (r"【\s*amazon(?:\.co\.jp)?\s*】", r"\[\s*amazon(?:\.co\.jp)?\s*\]", r"【\s*アマゾン\s*】")

MARKET = Market(
    market="amazon.co.jp",
    domains=("amazon.co.jp",),
    currency="JPY",
    languages=("ja", "en"),
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
        (r"ネットバンキング|銀行振込|銀行口座|振込", "net_banking"),
        (r"電子マネー|楽天Edy|Edy|Suica|iD\b|QUICPay|nanaco|WAON|PayPay|メルペイ", "e_money"),
        (r"携帯決済|キャリア決済|ドコモ払い|d払い|auかんたん決済|au PAY|まとめて支払い|携帯料金|ワイモバイル|ソフトバンク", "carrier_billing"),
        (r"ギフト券|ギフトカード|ショッピングカード|Amazonギフト", "gift_card"),
        (r"ポイント", "points"),
        (r"クレジットカード|Visa|Master ?card|マスターカード|JCB|AMEX|アメックス|American Express|Diners|ダイナース|デビット|"
         r"Amazon ?Mastercard|末尾\s*\d{2,4}", "credit_card"),
        (r"あと払い|ペイディ|Paidy|請求書払い|Amazon Pay", "other"),
    ),
    carrier=(
        r"^(?:配送業者|配送会社|運送会社):?\s*(?P<carrier>.+)",
        r"^(?P<carrier>[^\s、。:]{2,20}?)(?:株式会社)?でお届け(?:します|いたします|しました)",
        r"(?:お問い合わせ伝票番号|お問合せ伝票番号|伝票番号|追跡番号|お問い合わせ番号|荷物番号|配送番号)(?:は|:)?\s*(?P<tracking>[0-9A-Z][0-9A-Z-]{7,30})",
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
        r"^出品者\s*([^\s、。がはを]{1,40}?)\s*(?:の商品|からの)",
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
    phrases=PHRASES,
    subject_tags=SUBJECT_TAGS,
    reason=(
        r"^(?:理由|キャンセルできない理由|出品者からの回答|回答):\s*(.+)$",
        r"^(.*キャンセル.*(?:でき(?:ません|かね)|いたしかね|致しかね|不可|間に合いません|されませんでした|承認しませんでした|お受けでき).*)$",
    ),
)

MARKETS: tuple[Market, ...] = (MARKET,)
