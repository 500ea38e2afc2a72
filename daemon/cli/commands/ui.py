"""The words around the data in terminal output, in both languages (JSON keeps its codes)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "order": {"en": "order", "ja": "注文番号"},
    "market": {"en": "market", "ja": "サイト"},
    "seller": {"en": "seller", "ja": "販売者"},
    "items": {"en": "items", "ja": "商品"},
    "state": {"en": "state", "ja": "状態"},
    "last event": {"en": "last event", "ja": "最新の出来事"},
    "payment": {"en": "payment", "ja": "支払い"},
    "alerts": {"en": "alerts", "ja": "アラート"},
    "Open orders": {"en": "Open orders", "ja": "対応中の注文"},
    "Orders": {"en": "Orders", "ja": "注文"},
    "no open orders": {"en": "no open orders", "ja": "対応中の注文はありません"},
    "Alerts": {"en": "Alerts", "ja": "アラート"},
    "no active alerts": {"en": "no active alerts", "ja": "アラートはありません"},
    "deadline": {"en": "deadline", "ja": "期限"},
    "acknowledged": {"en": "(acknowledged)", "ja": "（確認済み）"},
    "more fakes": {"en": "… and {n} more fake mail(s) like it; `orders alerts --json` lists each",
                   "ja": "…ほかに同様の偽メールが {n} 通あります（`orders alerts --json` で一覧）"},
    "Timeline": {"en": "Timeline", "ja": "経緯"},
    "at": {"en": "at", "ja": "日時"},
    "event": {"en": "event", "ja": "出来事"},
    "mail subject": {"en": "mail subject", "ja": "メールの件名"},
    "folder": {"en": "folder", "ja": "フォルダ"},
    "auth": {"en": "auth", "ja": "認証"},
    "amount": {"en": "amount", "ja": "金額"},
    "carrier": {"en": "carrier", "ja": "配送"},
    "more items": {"en": "+{n} more", "ja": "ほか {n} 点"},
    "junk": {"en": "junk", "ja": "迷惑メール"},
    "check": {"en": "check", "ja": "項目"},
    "detail": {"en": "detail", "ja": "詳細"},
    "ok": {"en": "ok", "ja": "正常"},
    "PROBLEM": {"en": "PROBLEM", "ja": "問題あり"},
    "poll done": {"en": "{n} active alerts{acked}; {sent} notifications sent{failed}",
                  "ja": "対応中のアラート {n} 件{acked}、通知 {sent} 件を送信{failed}"},
    "poll now": {"en": "{n} alerts as of {when}{acked}; --now only evaluates: no notification sent, nothing "
                       "recorded",
                 "ja": "{when} 時点のアラート {n} 件{acked}。--now は評価のみ: 通知は送らず、何も記録していません"},
    "acked apart": {"en": " ({n} acknowledged not counted)", "ja": "（確認済み {n} 件を除く）"},
    "failed n": {"en": ", {n} failed", "ja": "、失敗 {n} 件"},
    "demo head": {"en": "orders demo — {mails} sample mails from {dir} ({parsed} parsed, {suspicious} suspicious, "
                        "{ignored} ignored, {unrecognized} unrecognized), as of {when}",
                  "ja": "orders デモ — {dir} のサンプルメール {mails} 通（解析 {parsed}、不審 {suspicious}、"
                        "対象外 {ignored}、未対応 {unrecognized}）、{when} 時点"},
    "demo tail": {"en": "Try: orders parse fixtures/emails · orders --lang ja demo · orders demo --json",
                  "ja": "次に: orders parse fixtures/emails · orders --lang en demo · orders demo --json"},
    "no order": {"en": "alerts naming no order", "ja": "注文番号のないアラート"},
    "acked": {"en": "acknowledged {n} {what} alert(s): {target}",
              "ja": "{target}: {what} アラート {n} 件を確認済みにしました"},
}


def word(key: str, lang: str, **values: object) -> str:
    entry = WORDS.get(key)
    text = (entry.get(lang) or entry["en"]) if entry else key
    return text.format(**values) if values else text
