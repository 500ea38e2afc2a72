"""Wording variants of the golden fixtures: the same news, written or delivered differently.

``variants(raw, market_language)`` yields ``(kind, description, raw bytes)`` for one fixture mail. The
kinds are what real mail does to a template: a spam filter's tag in front of the subject, the market
name bracketed or dropped, a generic subject that leaves the meaning to the body, full-width and
spacing changes, the HTML-only rendering of a text mail, politeness/inflection swaps (``WORDING``,
and ``LEVELS`` each way), and all of them at once (``combined``: a spam tag on a generic subject, the
politeness changed, the text as HTML only), and the same parts in another transfer encoding
(``reencoded``: ISO-2022-JP for Japanese as older Japanese mailers send it, quoted-printable UTF-8 else). The mail is rebuilt from its decoded parts (UTF-8, base64) with every other header
kept, so authentication results and dates are those of the original.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator
from email.header import Header

from parsers.authenticity import amazon_org_domain
from parsers.message import ParsedMail

KINDS = ("prefix_added", "prefix_removed", "market_bracket", "spam_tag", "generic_subject", "width_spacing",
         "html_only", "wording", "combined", "reencoded")

SPAM_TAGS = ("[SPAM] ", "【迷惑メール】", "***SPAM*** ", "[Suspected Spam] ", "{Spam?} ")
MARKET_WORD = re.compile(r"^\s*Amazon(?:\.[a-z]{2,3}){1,2}\s*[:：]?\s*", re.IGNORECASE)
# A subject that says nothing of the kind: the body must carry it. Per language of the market.
GENERIC = {
    "ja": "ご注文に関するお知らせ（注文番号：{oid}）", "en": "A message about your order {oid}",
    "de": "Eine Nachricht zu Ihrer Bestellung {oid}", "fr": "Un message concernant votre commande {oid}",
    "it": "Un messaggio sul tuo ordine {oid}", "es": "Un mensaje sobre tu pedido {oid}",
    "nl": "Een bericht over je bestelling {oid}", "pl": "Wiadomość dotycząca zamówienia {oid}",
    "sv": "Ett meddelande om din beställning {oid}", "tr": "Siparişiniz {oid} hakkında bir mesaj",
    "pt": "Uma mensagem sobre o seu pedido {oid}", "ar": "رسالة بخصوص طلبك {oid}",
}

# Politeness and inflection swaps: (language, regex, replacement). Each is a way Amazon or a seller
# says the same thing; applied to subject and body together.
WORDING: tuple[tuple[str, str, str], ...] = (
    ("ja", r"発送(?:いたし|致し)ました", "発送しました"),
    ("ja", r"発送しました", "出荷いたしました"),
    ("ja", r"発送済み", "出荷済み"),
    ("ja", r"配達しました", "お届けいたしました"),
    ("ja", r"配達(?:いたし|致し)ました", "配達しました"),
    ("ja", r"お届けしました", "配達いたしました"),
    ("ja", r"キャンセルしました", "キャンセルいたしました"),
    ("ja", r"キャンセル(?:いたし|致し)ました", "キャンセル処理を完了しました"),
    ("ja", r"キャンセルされました", "キャンセルとなりました"),
    ("ja", r"キャンセルできませんでした", "キャンセルすることができませんでした"),
    ("ja", r"キャンセルをお受けできません", "キャンセルはお受けいたしかねます"),
    ("ja", r"承認できませんでした", "承認されませんでした"),
    ("ja", r"受け付けました", "承りました"),
    ("ja", r"送信しました", "お送りしました"),
    ("ja", r"返金(?:いたし|致し)ました", "返金しました"),
    ("ja", r"返金しました", "返金処理が完了しました"),
    ("ja", r"受領しました", "受け取りました"),
    ("ja", r"受け取りました", "受領いたしました"),
    ("ja", r"ありがとうございます", "誠にありがとうございます"),
    ("ja", r"お知らせします", "お知らせいたします"),
    ("ja", r"ください", "くださいませ"),
    ("en", r"\bhas shipped\b", "has been shipped"),
    ("en", r"\bhas been dispatched\b", "has shipped"),
    ("en", r"\bwas delivered\b", "has been delivered"),
    ("en", r"\bhas been delivered\b", "was delivered"),
    ("en", r"\bhas been canceled\b", "was cancelled"),
    ("en", r"\bhas been cancelled\b", "was canceled"),
    ("en", r"\bWe've\b", "We have"),
    ("en", r"\bwe've\b", "we have"),
    ("en", r"\bwe have\b", "we've"),
    ("en", r"\bcould not\b", "was unable to"),
    ("en", r"\bunable to\b", "not able to"),
    ("en", r"\bisn't\b", "is not"),
    ("en", r"\bYour package\b", "Your parcel"),
    ("en", r"\bThank you\b", "Thanks"),
    ("en", r"\bhas been\b", "was"),
    ("en", r"\bwe're\b", "we are"),
    ("en", r"\bYour order\b", "Your Amazon order"),
    ("en", r"\bWe've dispatched\b", "We have shipped"),
    ("de", r"wurde versandt", "ist versandt worden"),
    ("de", r"wurde zugestellt", "ist zugestellt worden"),
    ("de", r"Ihr Paket", "Ihre Sendung"),
    ("de", r"vielen Dank für Ihre Bestellung", "danke für Ihre Bestellung"),
    ("de", r"wie gewünscht haben wir", "auf Ihren Wunsch haben wir"),
    ("de", r"nicht stornieren", "nicht mehr stornieren"),
    ("de", r"wir haben eine Erstattung", "es wurde eine Erstattung"),
    ("de", r"verspätet sich", "verzögert sich"),
    ("fr", r"a été expédié", "est expédié"),
    ("fr", r"Votre colis", "Votre paquet"),
    ("fr", r"Merci pour votre commande", "Nous vous remercions pour votre commande"),
    ("fr", r"nous avons annulé", "nous avons bien annulé"),
    ("fr", r"n'a pas pu annuler", "n'a pas été en mesure d'annuler"),
    ("fr", r"Nous avons effectué un remboursement", "Un remboursement a été effectué"),
    ("it", r"è stato spedito", "è stato inviato ed è stato spedito"),
    ("it", r"il tuo pacco", "la tua spedizione"),
    ("it", r"abbiamo cancellato", "abbiamo annullato"),
    ("it", r"non ha potuto cancellare", "non è riuscito a cancellare"),
    ("it", r"grazie per il tuo ordine", "grazie per aver ordinato. Il tuo ordine è stato ricevuto"),
    ("es", r"ha sido enviado", "fue enviado"),
    ("es", r"Tu paquete", "Tu envío"),
    ("es", r"hemos cancelado", "hemos anulado y cancelado"),
    ("es", r"no ha podido cancelar", "no pudo cancelar"),
    ("es", r"Hemos emitido un reembolso", "Hemos procesado un reembolso"),
    ("nl", r"is verzonden", "werd verzonden"),
    ("nl", r"Je pakket", "Uw pakket"),
    ("nl", r"Bedankt voor je bestelling", "Bedankt voor uw bestelling"),
    ("nl", r"kon de verkoper je bestelling (\S+) niet annuleren", r"kon de verkoper uw bestelling \1 niet meer annuleren"),
    ("pl", r"została wysłana", "została już wysłana"),
    ("pl", r"Dziękujemy za złożenie zamówienia", "Dziękujemy za zamówienie"),
    ("pl", r"nie mógł anulować", "nie był w stanie anulować"),
    ("sv", r"har skickats", "har nu skickats"),
    ("sv", r"Ditt paket", "Din försändelse"),
    ("sv", r"kunde säljaren inte avbryta", "kunde säljaren tyvärr inte avbryta"),
    ("tr", r"Paketiniz", "Gönderiniz"),
    ("tr", r"teşekkür ederiz", "teşekkürler"),
    ("tr", r"iptal edemedi", "iptal edemedi, üzgünüz"),
    ("pt", r"foi enviado", "já foi enviado"),
    ("pt", r"Seu pacote", "Sua encomenda"),
    ("pt", r"não conseguiu cancelar", "não pôde cancelar"),
    ("pt", r"Obrigado pelo seu pedido", "Obrigada pelo seu pedido"),
    ("ar", r"شحنتك", "طردك"),
    ("ar", r"شكراً لطلبك", "شكرا لطلبك"),
)

# Politeness levels in general, each way: every plain し…ました made humble, every humble one plain.
LEVELS: tuple[tuple[tuple[str, str, str], ...], ...] = (
    (("ja", r"(?<![いた致])しました", "いたしました"), ("ja", r"(?<![いた致])します", "いたします")),
    (("ja", r"(?:いた|致)しました", "しました"), ("ja", r"(?:いた|致)します", "します"),
     ("ja", r"させていただきました", "しました")),
)

_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}


def _headers(raw: bytes) -> list[bytes]:
    """The header fields of ``raw`` (folded lines kept together), without the MIME body ones."""
    end = re.search(rb"\r?\n\r?\n", raw)
    head = raw[:end.start()] if end else raw
    fields: list[bytes] = []
    for line in re.split(rb"\r?\n", head):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += b"\r\n" + line
        elif line:
            fields.append(line)
    drop = (b"subject:", b"content-type:", b"content-transfer-encoding:", b"mime-version:")
    return [f for f in fields if not f.lower().startswith(drop)]


def _b64(text: str) -> bytes:
    return base64.encodebytes(text.encode("utf-8")).replace(b"\n", b"\r\n")


def _encoded(body: str, charset: str) -> tuple[str, bytes]:
    """(Content-Transfer-Encoding, payload) of ``body`` in ``charset`` (utf-8: base64)."""
    if charset == "utf-8":
        return "base64", _b64(body)
    if charset == "iso-2022-jp":
        return "7bit", body.encode("iso-2022-jp").replace(b"\n", b"\r\n")
    import quopri

    return "quoted-printable", quopri.encodestring(body.encode("utf-8")).replace(b"\n", b"\r\n")


def rebuild(raw: bytes, subject: str, text: str | None, html_part: str | None, charset: str = "utf-8") -> bytes:
    """``raw`` with a new subject and new text/HTML parts (either may be None), in ``charset``
    (``utf-8`` as base64, ``iso-2022-jp`` as 7bit, or ``utf-8-qp`` as quoted-printable UTF-8)."""
    head = _headers(raw)
    head.append(b"Subject: " + Header(subject, "utf-8").encode().encode("ascii"))
    head.append(b"MIME-Version: 1.0")
    parts = [(ctype, body) for ctype, body in (("text/plain", text), ("text/html", html_part)) if body]
    label = "ISO-2022-JP" if charset == "iso-2022-jp" else "UTF-8"
    if len(parts) == 1:
        ctype, body = parts[0]
        cte, payload = _encoded(body, charset)
        head += [f"Content-Type: {ctype}; charset={label}".encode(), f"Content-Transfer-Encoding: {cte}".encode()]
        return b"\r\n".join(head) + b"\r\n\r\n" + payload
    boundary = b"==variant-boundary-7f3a=="
    head.append(b'Content-Type: multipart/alternative; boundary="' + boundary + b'"')
    out = b"\r\n".join(head) + b"\r\n\r\n"
    for ctype, body in parts:
        cte, payload = _encoded(body, charset)
        out += (b"--" + boundary + b"\r\nContent-Type: " + f"{ctype}; charset={label}".encode() + b"\r\n"
                b"Content-Transfer-Encoding: " + cte.encode() + b"\r\n\r\n" + payload + b"\r\n")
    return out + b"--" + boundary + b"--\r\n"


def text_to_html(text: str) -> str:
    """A text mail as an HTML mailer renders it: a table per paragraph, a row per line."""
    rows = "".join(f"<tr><td>{html.escape(line)}</td></tr>" if line.strip() else "<tr><td>&nbsp;</td></tr>"
                   for line in text.split("\n"))
    return f"<html><head><meta charset=\"utf-8\"></head><body><table>{rows}</table></body></html>"


def _swap(text: str, language: str, table: tuple[tuple[str, str, str], ...] = WORDING) -> tuple[str, int]:
    count = 0
    for lang, pattern, replacement in table:
        if lang == language:
            text, n = re.subn(pattern, replacement, text)
            count += n
    return text, count


def _widen(text: str, language: str) -> str:
    if language == "ja":
        # Full-width digits, letters and colons; ideographic spaces; spaces around colons.
        text = "".join(_FULLWIDTH.get(c, c) for c in text)
        return text.replace(" ", "\u3000").replace("：", " ： ")
    return re.sub(r" ", "  ", text).replace(":", " :").replace("\n", " \t\n")


def variants(raw: bytes, language: str, order_id: str) -> Iterator[tuple[str, str, bytes]]:
    mail = ParsedMail.from_bytes(raw)
    subject, text, markup = mail.subject, mail.text, mail.html
    org = amazon_org_domain(mail.from_domain) or ("amazon.co.jp" if language == "ja" else "amazon.com")
    market = "Amazon" + org[len("amazon"):]

    yield "prefix_added", f"{market}: …", rebuild(raw, f"{market}: {subject}", text, markup)
    stripped = MARKET_WORD.sub("", subject)
    if stripped != subject and stripped.strip():
        yield "prefix_removed", stripped, rebuild(raw, stripped, text, markup)
    for bracket in (f"【{market}】", f"[{market}] "):
        yield "market_bracket", bracket, rebuild(raw, bracket + subject, text, markup)
    for tag in SPAM_TAGS:
        yield "spam_tag", tag, rebuild(raw, tag + subject, text, markup)
    yield "spam_tag", "[SPAM] + 【market】", rebuild(raw, f"[SPAM] 【{market}】{subject}", text, markup)
    generic = GENERIC.get(language, GENERIC["en"]).format(oid=order_id)
    yield "generic_subject", generic, rebuild(raw, generic, text, markup)
    wide_html = re.sub(r">([^<]+)<", lambda m: ">" + _widen(m.group(1), language) + "<", markup) if markup else None
    yield "width_spacing", "widened", rebuild(raw, _widen(subject, language), _widen(text, language) if text else None,
                                              wide_html)
    if text.strip() and re.search(r"\w\w", text):
        yield "html_only", "text rendered as HTML", rebuild(raw, subject, None, text_to_html(text))
    if text.strip() and re.search(r"\w\w", text):
        plain = _swap(_swap(text, language, LEVELS[1])[0], language)[0]
        yield "combined", "[SPAM] generic subject, plain politeness, HTML only", rebuild(
            raw, f"[SPAM] {generic}", None, text_to_html(plain))
    try:
        charset = "iso-2022-jp" if language == "ja" else "utf-8-qp"
        yield "reencoded", charset, rebuild(raw, subject, text or None, markup or None, charset)
    except UnicodeEncodeError:
        pass  # a character ISO-2022-JP cannot carry: no such variant of this mail
    for name, table in (("wording", WORDING), ("humble", LEVELS[0]), ("plain", LEVELS[1])):
        new_subject, n_subject = _swap(subject, language, table)
        new_text, n_text = _swap(text, language, table)
        new_html, n_html = _swap(markup, language, table)
        if n_subject + n_text + n_html:
            yield "wording", f"{name}: {n_subject + n_text + n_html} swaps", rebuild(
                raw, new_subject, new_text or None, new_html or None)
