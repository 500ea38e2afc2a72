"""What alerts say, in Japanese, English, German, French, Italian and Spanish, and the formatting of
times, amounts and items. Japanese and English live here; the other languages' templates are
``store.domain.translations`` (merged in below); the labels (states, kinds, payment, carriers…) are
``store.domain.labels``.

Pure. The rules pass values; a value may be a plain string or a ``Text`` (a function of the language),
so one set of values renders every language: ``render("refund_overdue", values, message="cancelled")``.
Every time is shown by ``fmt_time``/``fmt_date`` in one zone — the user's (the rules pass the zone of
their ``now``) — always labelled, with the market's local time in brackets when its zone differs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from functools import cache
from string import Formatter
from typing import Literal

from store.domain import translations as _tr
from store.domain.labels import (  # the labels live there; re-exported for the callers of texts
    ALERT_LABELS,
    AUTH_LABELS,
    CARRIER_LABELS,
    KIND_LABELS,
    PAYMENT_LABELS,
    REFUND_PLACES,
    SEVERITY_LABELS,
    STATE_LABELS,
    label,
    refund_place,
)
from store.domain.langs import LANGS

Lang = Literal["ja", "en", "de", "fr", "it", "es"]  # the values of LANGS
__all__ = ["ALERT_LABELS", "AUTH_LABELS", "CARRIER_LABELS", "KIND_LABELS", "LANGS", "PAYMENT_LABELS", "REFUND_PLACES",
           "SEVERITY_LABELS", "STATE_LABELS", "Lang", "label", "refund_place"]
Text = Callable[[str], str]

_WEEKDAYS_JA = "月火水木金土日"
_ITEM_MAX = 40


def _local(dt: datetime, zone: tzinfo | None) -> datetime:
    return dt.astimezone(zone) if zone is not None else dt


def zone_label(local: datetime) -> str:
    """"JST", "CET", "UTC" — the zone's abbreviation when it has a real one, else "UTC+05:30"."""
    off = local.utcoffset() or timedelta(0)
    if off == timedelta(hours=9):
        return "JST"
    name = local.tzname() or ""
    if name.isalpha() and name != "UTC":  # a zone's own abbreviation: CET, CEST, EST, IST, AEDT…
        return name
    if off == timedelta(0):
        return "UTC"
    sign = "-" if off < timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def fmt_time(dt: datetime, zone: tzinfo | None, lang: str, market: tzinfo | None = None) -> str:
    """The one way a time is shown: ``2026-11-16 10:00 JST`` / ``2026/11/16(月) 10:00 JST`` in ``zone``
    (None: the time's own offset), and where the market's zone differs its local time in brackets:
    ``2026-11-16 02:00 CET (10:00 JST)``."""
    local = _local(dt, zone)
    if lang == "ja":
        text = f"{local:%Y/%m/%d}({_WEEKDAYS_JA[local.weekday()]}) {local:%H:%M} {zone_label(local)}"
    elif lang in _tr.FORMATS:
        text = f"{local.strftime(_tr.FORMATS[lang]['time'])} {zone_label(local)}"
    else:
        text = f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"
    if market is not None:
        there = dt.astimezone(market)
        if there.utcoffset() != local.utcoffset():
            day = "" if there.date() == local.date() else (f"{there:%m/%d} " if lang == "ja" else f"{there:%m-%d} ")
            text += f" ({day}{there:%H:%M} {zone_label(there)})"
    return text


def fmt_short(dt: datetime, zone: tzinfo | None) -> str:
    """The form for table cells: ``2026-11-16 10:00 JST`` (no weekday, no market time)."""
    local = _local(dt, zone)
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"


def fmt_date(dt: datetime, zone: tzinfo | None, lang: str) -> str:
    local = _local(dt, zone)
    if lang == "ja":
        return f"{local:%Y/%m/%d}({_WEEKDAYS_JA[local.weekday()]})"
    if lang in _tr.FORMATS:
        return local.strftime(_tr.FORMATS[lang]["date"])
    return f"{local:%Y-%m-%d}"


_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "CAD": "CA$", "AUD": "A$", "INR": "₹", "SGD": "S$", "MXN": "MX$",
            "BRL": "R$", "PLN": "zł", "SEK": "kr", "TRY": "TL", "AED": "AED", "SAR": "SAR"}


def fmt_amount(amount: float, currency: str | None, lang: str) -> str:
    """``$1,234.56`` in English, ``1.234,56 €`` in German, ``1 234,56 €`` in French, ``1,010円`` in Japanese."""
    cur = (currency or "").upper()
    if cur == "JPY":
        return f"{amount:,.0f}円" if lang == "ja" else f"¥{amount:,.0f}"
    number = f"{amount:,.2f}"
    if lang in _tr.FORMATS:
        fmt = _tr.FORMATS[lang]
        whole, cents = number.split(".")
        return f"{whole.replace(',', fmt['thousands'])}{fmt['decimal']}{cents} {_SYMBOLS.get(cur, cur)}".strip()
    if cur in _SYMBOLS and not _SYMBOLS[cur].isalpha():
        return f"{_SYMBOLS[cur]}{number}"
    return f"{number} {cur}".strip()


def _short(name: str) -> str:
    return name if len(name) <= _ITEM_MAX else name[: _ITEM_MAX - 1].rstrip() + "…"


def fmt_items(items: Sequence[str], lang: str) -> str:
    """The first item and how many more: 「イヤホン」ほか1点 / "Earbuds" and 1 more ('' when unknown)."""
    if not items:
        return ""
    first, more = _short(items[0]), len(items) - 1
    if lang == "ja":
        return f"「{first}」" + (f"ほか{more}点" if more else "")
    if lang in _tr.FORMATS:
        fmt = _tr.FORMATS[lang]
        return f"{fmt['open']}{first}{fmt['close']}" + (fmt["more"].format(n=more) if more else "")
    return f'"{first}"' + (f" and {more} more" if more else "")


def order_phrase(order_id: str, items: Sequence[str], lang: str) -> str:
    """注文 250-…（「商品」ほか1点） / order 250-… ("item" and 1 more)."""
    what = fmt_items(items, lang)
    if lang == "ja":
        return f"注文 {order_id}（{what}）" if what else f"注文 {order_id}"
    word = _tr.FORMATS[lang]["order"] if lang in _tr.FORMATS else "order"
    return f"{word} {order_id} ({what})" if what else f"{word} {order_id}"


# The alert texts: TEMPLATES[kind][part][variant][lang]; variant "" is the default.
_T = dict[str, dict[str, dict[str, str]]]
_KEEP_JA = "キャンセルや発送のメールは返金が済むまで残しておきましょう。"
_KEEP_EN = "Keep the cancellation and shipping emails until you have been refunded."
_PHISH_ACTION_JA = ("メール内のリンクは開かず、返信もしないでください。カード番号やパスワードは入力しないこと。"
                    "注文の状況はAmazonのアプリか、自分で開いたAmazonのサイトの注文履歴で確認してください。"
                    "すでに入力してしまった場合は、すぐにパスワードを変更し、カード会社に連絡してください。")
_PHISH_ACTION_EN = ("Don't open its links or reply to it, and never enter card details or passwords. Check your "
                    "orders in the Amazon app or on Amazon's site opened by yourself. If you already entered "
                    "anything, change your password now and call your card issuer.")

# Appended to the message of an alert that only unverified mail implies (store.rules).
UNVERIFIED_NOTE: dict[str, str] = {
    "ja": "（未確認: この警告は送信元を Amazon と確認できないメールだけに基づいています。"
          "Amazon のアプリか、自分で開いたサイトの注文履歴で確かめてください。）",
    "en": "(Unverified: this alert rests only on mail that could not be confirmed as Amazon's. "
          "Check the order in the Amazon app or on Amazon's site opened by yourself.)",
    "de": "(Nicht bestätigt: Diese Warnung beruht nur auf E-Mails, die nicht als echte Amazon-Mails bestätigt "
          "werden konnten. Prüfen Sie die Bestellung in der Amazon-App oder auf der selbst geöffneten Website.)",
    "fr": "(Non vérifié : cette alerte repose uniquement sur des e-mails dont l'origine Amazon n'a pas pu être "
          "confirmée. Vérifiez la commande dans l'application Amazon ou sur le site ouvert par vous-même.)",
    "it": "(Non verificato: questo avviso si basa solo su e-mail che non è stato possibile confermare come di "
          "Amazon. Controlla l'ordine nell'app Amazon o sul sito aperto da te.)",
    "es": "(No verificado: esta alerta se basa solo en correos que no se pudieron confirmar como de Amazon. "
          "Comprueba el pedido en la app de Amazon o en el sitio abierto por ti.)",
}

TEMPLATES: dict[str, _T] = {
    "shipped_after_cancel": {
        "title": {"": {"ja": "キャンセルしたはずの注文が発送されました（{order_id}）",
                       "en": "Shipped despite your cancellation ({order_id})"}},
        "message": {
            "requested": {"ja": "{order}は{cancel_time}にキャンセルを依頼しましたが、{ship_time}に発送されました。{tracking}",
                          "en": "You asked to cancel {order} on {cancel_time}, but it shipped on {ship_time}.{tracking}"},
            "cancelled": {"ja": "{order}は{cancel_time}にキャンセル済みのはずですが、{ship_time}に発送されました。{tracking}",
                          "en": "Your {order} was cancelled on {cancel_time}, yet it shipped on {ship_time}.{tracking}"},
            "rejected": {"ja": "{order}のキャンセル依頼（{cancel_time}）は受け付けられず、{ship_time}に発送されました。{tracking}",
                         "en": "Your request to cancel {order} ({cancel_time}) was declined and it shipped on "
                               "{ship_time}.{tracking}"},
        },
        "action": {
            "": {"ja": "配達時に受け取りを断ってください（受取拒否）。受け取ってしまった場合は注文履歴から返品を申請してください。"
                       + _KEEP_JA,
                 "en": "Refuse the parcel at the door; if you already have it, request a return from Your Orders. "
                       + _KEEP_EN},
            "delivered": {"ja": "すでに配達済みです。注文履歴から返品を申請してください（開封せず、写真を残しておくと安心です）。"
                                + _KEEP_JA,
                          "en": "It has been delivered: request a return from Your Orders (keep it unopened and take "
                                "photos). " + _KEEP_EN},
        },
    },
    "seller_no_reply": {
        "title": {"": {"ja": "出品者から{hours}時間返信がありません（{order_id}）",
                       "en": "No reply from the seller in {hours} h ({order_id})"}},
        "message": {"": {
            "ja": "{seller}に{request_time}、{order}のキャンセルを依頼しましたが、{hours}時間たっても返信・キャンセル・発送の"
                  "いずれの連絡もありません。",
            "en": "You asked {seller} to cancel {order} on {request_time}; {hours} hours later there is no reply, "
                  "cancellation or shipment."}},
        "action": {"": {
            "ja": "注文履歴の「出品者に連絡」から、もう一度キャンセルをお願いしてください。それでも返事がなければ、注文番号 "
                  "{order_id} とキャンセル依頼日時（{request_time}）を伝えてAmazonカスタマーサービスに相談してください。"
                  "文面は orders draft {order_id}（カスタマーサービス宛ては --to support）で作れます。",
            "en": "Message the seller again from the order page (Contact seller). If there is still no answer, "
                  "contact Amazon customer service with the order number {order_id} and your request time "
                  "({request_time}). `orders draft {order_id}` (add `--to support` for customer service) writes "
                  "the message."}},
    },
    "refund_overdue": {
        "title": {"": {"ja": "返金がまだ確認できません（{order_id}）", "en": "Refund overdue ({order_id})"}},
        "message": {
            "cancelled": {"ja": "{order}は{since}にキャンセルされました。{payment}の返金は{deadline}までに反映される"
                                "見込みでしたが、まだ返金の連絡がありません。",
                          "en": "Your {order} was cancelled on {since}. The refund ({payment}) was expected by "
                                "{deadline}, but none has been confirmed."},
            "returned": {"ja": "{order}の返品は{since}に受領されました。{payment}の返金は{deadline}までに反映される"
                               "見込みでしたが、まだ返金の連絡がありません。",
                         "en": "Your return of {order} was received on {since}. The refund ({payment}) was expected "
                               "by {deadline}, but none has been confirmed."},
            "refused": {"ja": "{order}は{since}に受取拒否しました。{payment}の返金は{deadline}までに反映される"
                              "見込みでしたが、まだ返金の連絡がありません。",
                        "en": "You refused delivery of {order} on {since}. The refund ({payment}) was expected by "
                              "{deadline}, but none has been confirmed."},
        },
        "action": {"": {
            "ja": "注文履歴の「注文の詳細」で返金状況を、あわせて{refund_place}を確認してください。反映されていなければ、"
                  "キャンセル・返品のメールなどの証拠をそろえてカスタマーサービスに問い合わせてください"
                  "（orders evidence {order_id} --out 証拠.zip でまとめられます）。",
            "en": "Check the refund status in the order's details and {refund_place}. If it isn't there, contact "
                  "customer service with the evidence (`orders evidence {order_id} --out claim.zip` gathers it)."}},
    },
    "cancel_unconfirmed": {
        "title": {"": {"ja": "キャンセルが確定していません（{order_id}）",
                       "en": "Cancellation not confirmed ({order_id})"}},
        "message": {"": {
            "ja": "{request_time}に{order}のキャンセルを依頼してから{hours}時間たちましたが、キャンセル完了・キャンセル不可・"
                  "発送のどの連絡も届いていません（「キャンセル手続き中」のままかもしれません）。",
            "en": "You asked to cancel {order} on {request_time}; {hours} hours later there is no confirmation, "
                  "refusal or shipment notice (it may be stuck at \"cancellation requested\")."}},
        "action": {"": {
            "ja": "注文履歴でステータスを確認し、迷惑メールフォルダも見てください。変わっていなければ、注文番号 {order_id} と"
                  "キャンセル依頼日時を伝えてカスタマーサービスに問い合わせてください。発送されてしまった場合は受取拒否か"
                  "返品で対応できます。",
            "en": "Check the order's status in Your Orders and look in your spam folder. If nothing changed, contact "
                  "customer service with the order number {order_id} and your request time. If it ships anyway, "
                  "refuse it at the door or return it."}},
    },
    "mail_in_spam": {
        "title": {"": {"ja": "Amazonからのメールが迷惑メールに入っていました（{order_id}）",
                       "en": "Amazon mail about {order_id} is in your spam folder"}},
        "message": {"": {
            "ja": "{order}についてのAmazonの正規のメール{count}が、迷惑メールフォルダ（{folder}）に振り分けられて"
                  "いました。最新のもの：「{subject}」（{mail_time}）。",
            "en": "{count} about {order} went to your spam folder ({folder}); the latest: \"{subject}\" "
                  "({mail_time})."}},
        "action": {"": {
            "ja": "そのメールを開いて内容を確認し、「迷惑メールではない」に設定してください。Amazonからの連絡を見逃さない"
                  "よう、送信元を受信許可リストに加えておくと安心です。",
            "en": "Open the email and read it, then mark it as not spam. Adding Amazon's senders to your safe "
                  "senders keeps future notices in your inbox."}},
    },
    "unread_amazon_mail": {
        "title": {"": {"ja": "Amazonから注文 {order_id} についてのメールが届きましたが、読み取れませんでした",
                       "en": "Amazon wrote about order {order_id} and orders could not read it"}},
        "message": {
            "": {"ja": "Amazonから{order}についてのメールが届きましたが、ordersは内容を読み取れませんでした。開いて確認して"
                       "ください：件名「{subject}」（{mail_time}受信）。",
                 "en": "Amazon wrote about {order} and orders could not read it — open it: subject \"{subject}\", "
                       "received {mail_time}."},
            "pending": {"ja": "Amazonから{order}についてのメールが届きましたが、ordersは内容を読み取れませんでした。開いて確認して"
                              "ください：件名「{subject}」（{mail_time}受信）。{pending}",
                        "en": "Amazon wrote about {order} and orders could not read it — open it: subject "
                              "\"{subject}\", received {mail_time}. {pending}"},
        },
        "action": {"": {
            "ja": "メールを開いて内容を確認してください（{folder}）。読み取れなかったメールは `orders unrecognized` で一覧でき"
                  "ます。報告していただければ次の版で読めるようにします。",
            "en": "Open the email and read it ({folder}). `orders unrecognized` lists the mail orders could not "
                  "read; reporting it helps the next version understand it."}},
    },
    "phishing": {
        "title": {
            "": {"ja": "Amazonを装った不審なメールが届きました", "en": "Fake \"Amazon\" email received"},
            "real": {"ja": "Amazonを装った不審なメール（あなたの注文 {order_id} を記載）",
                     "en": "Fake \"Amazon\" email naming your order {order_id}"},
            "other": {"ja": "Amazonを装った不審なメール（注文番号 {order_id} を記載）",
                      "en": "Fake \"Amazon\" email quoting order {order_id}"},
        },
        "message": {
            "": {"ja": "「{subject}」（差出人 {sender}、{mail_time}）はAmazonからの正規のメールではありません。{reason}",
                 "en": "\"{subject}\" (from {sender}, {mail_time}) is not a genuine Amazon email.{reason}"},
            "real": {"ja": "「{subject}」（差出人 {sender}、{mail_time}）はAmazonからの正規のメールではありません。{reason}"
                           "あなたの注文 {order_id} の番号が書かれていますが、この注文の状況には反映していません。",
                     "en": "\"{subject}\" (from {sender}, {mail_time}) is not a genuine Amazon email.{reason} It "
                           "quotes your order {order_id}, whose status it has not changed."},
            "other": {"ja": "「{subject}」（差出人 {sender}、{mail_time}）はAmazonからの正規のメールではありません。{reason}"
                            "書かれている注文番号 {order_id} は、あなたの注文ではありません。",
                      "en": "\"{subject}\" (from {sender}, {mail_time}) is not a genuine Amazon email.{reason} The "
                            "order number it quotes ({order_id}) is not one of your orders."},
        },
        "action": {"": {"ja": _PHISH_ACTION_JA, "en": _PHISH_ACTION_EN}},
    },
}


@cache
def placeholders(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


def render(kind: str, values: Mapping[str, str | Text], *, title: str = "", message: str = "",
           action: str = "") -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The alert's (title, message, action), each ``{"ja": …, "en": …}``, from one set of values.

    A value is a string or a ``Text`` (called with the language). Raises KeyError for an unknown
    kind or variant and for a placeholder without a value: a bug, never a user's input.
    """
    parts = TEMPLATES[kind]
    chosen = {"title": title, "message": message, "action": action}
    out: list[dict[str, str]] = []
    for part in ("title", "message", "action"):
        variant = parts[part][chosen[part]]
        rendered: dict[str, str] = {}
        for lang in LANGS:
            template = variant.get(lang) or variant["en"]
            # Only the values this template uses are resolved (a Text may do real formatting work).
            resolved = {k: (v if isinstance(v, str) else v(lang)) for k in placeholders(template)
                        if (v := values.get(k)) is not None}
            rendered[lang] = template.format_map(resolved).strip()
        out.append(rendered)
    return out[0], out[1], out[2]


# Small constructors of language-dependent values for ``render``.
def t_time(dt: datetime, zone: tzinfo | None, market: tzinfo | None = None) -> Text:
    return lambda lang: fmt_time(dt, zone, lang, market)


def t_date(dt: datetime, zone: tzinfo | None) -> Text:
    return lambda lang: fmt_date(dt, zone, lang)


def t_label(table: Mapping[str | None, Mapping[str, str]], key: str | None) -> Text:
    return lambda lang: label(table, key, lang)


def t_order(order_id: str, items: Sequence[str]) -> Text:
    return lambda lang: order_phrase(order_id, items, lang)


def t(ja: str, en: str, **others: str) -> Text:
    """A text per language: Japanese, English, and any of de/fr/it/es (English where one is missing)."""
    return lambda lang: ja if lang == "ja" else others.get(lang, en)


def word(key: str, **values: object) -> dict[str, str]:
    """A rules fragment (``translations.WORDS``) in every language beyond ja/en, for ``t(ja, en, **…)``."""
    return {lang: words[key].format(**values) for lang, words in _tr.WORDS.items()}


def _merge_translations() -> None:
    """Fold ``translations`` into the templates above (one dict per variant, every language in it)."""
    for kind, parts in _tr.TEMPLATES.items():
        for part, variants in parts.items():
            for variant, by_lang in variants.items():
                TEMPLATES[kind][part][variant].update(by_lang)


_merge_translations()
