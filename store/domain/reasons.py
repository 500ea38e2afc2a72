"""The parsers' reasons (why a mail was judged forged, why none of them understood it), in the user's
language. The parsers write them in English and the store keeps them so (they are facts, and `--json`
shows them as they are); the terminal, alerts and notifications show them through here. A reason this
module does not know stays as written.
"""

from __future__ import annotations

import re

_CLAIM_PLACES_JA = {"display name": "差出人の表示名", "subject": "件名", "body": "本文"}
_PHISHING_JA: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"authentication failed at (?P<at>[^:]+): (?P<detail>.+)"),
     "受信サーバー {at} での送信元認証に失敗（{detail}）"),
    (re.compile(r"authentication failed: (?P<detail>.+)"), "送信元認証に失敗（{detail}）"),
    (re.compile(r"(?P<where>display name|subject|body) claims to be Amazon but the From domain is (?P<sender>.+)"),
     "{where_ja}はAmazonを名乗っていますが、差出人のドメインは {sender} です"),
    (re.compile(r"the From header names Amazon but is not one mailbox \((?P<shape>.+)\)"),
     "差出人欄はAmazonを名乗っていますが、1つのアドレスではありません（{shape}）"),
)
# Why no parser understood a mail (``parsers.kinds`` / ``parsers.parse_mail``), after its "Amazon mail
# from …:" lead.
_UNREAD_JA: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"no kind evidence: none of the table's phrases is in the subject or body"),
     "種類を判断できません: 件名にも本文にも手がかりになる語句がありません"),
    (re.compile(r"the mail says a refund was declined or is not possible"),
     "返金が断られた、またはできないという内容です"),
    (re.compile(r"kinds too close to call \((?P<close>.+)\)"), "種類を1つに絞れません（{close}）"),
    (re.compile(r"no phrase table for this market"), "このサイト向けの語句の表がありません"),
    (re.compile(r"no table for this Amazon market"), "このAmazonのサイト向けの表がありません"),
    (re.compile(r"no order number"), "注文番号がありません"),
    (re.compile(r"(?P<parser>\S+) found no order number"), "{parser} は注文番号を見つけられませんでした"),
)


# An authentication detail: "dmarc=fail for amazon.co.jp at mx.example.jp", "dkim=fail d=x.example at …".
_DETAIL = re.compile(r"(?P<result>\S+=\S+)(?: for (?P<domain>\S+)| (?P<d>d=\S+))?(?: at (?P<at>\S+))?")


def _detail_ja(detail: str) -> str:
    m = _DETAIL.fullmatch(detail)
    if m is None:
        return detail
    parts = [m["result"] + (f" {m['d']}" if m["d"] else "")]
    if m["domain"]:
        parts.append(f"対象ドメイン {m['domain']}")
    if m["at"]:
        parts.append(f"判定した受信サーバー {m['at']}")
    return "、".join(parts)


def _translate(reason: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, template in table:
        if m := pattern.fullmatch(reason):
            values = m.groupdict()
            if "where" in values:
                values["where_ja"] = _CLAIM_PLACES_JA[values["where"]]
            if "detail" in values:
                values["detail"] = _detail_ja(values["detail"])
            return template.format(**values)
    return reason


def phishing_reason(reason: str, lang: str) -> str:
    """Why a mail was judged forged, in ``lang`` (Japanese; other languages keep the parsers' English)."""
    return _translate(reason, _PHISHING_JA) if lang == "ja" else reason


def unread_reason(reason: str, lang: str) -> str:
    """Why no parser understood a mail, without the "Amazon mail from …:" lead, in ``lang``."""
    why = reason.partition(": ")[2] if reason.startswith("Amazon mail from ") else reason
    return _translate(why, _UNREAD_JA) if lang == "ja" else why
