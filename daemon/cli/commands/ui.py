"""The words around the data in terminal output, in every alert language (JSON keeps its codes)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "order": {"en": "order", "ja": "注文番号",
              "de": "Bestellung", "fr": "commande", "it": "ordine", "es": "pedido"},
    "market": {"en": "market", "ja": "サイト",
               "de": "Marktplatz", "fr": "boutique", "it": "negozio", "es": "tienda"},
    "seller": {"en": "seller", "ja": "販売者",
               "de": "Verkäufer", "fr": "vendeur", "it": "venditore", "es": "vendedor"},
    "items": {"en": "items", "ja": "商品",
              "de": "Artikel", "fr": "articles", "it": "articoli", "es": "artículos"},
    "state": {"en": "state", "ja": "状態",
              "de": "Status", "fr": "état", "it": "stato", "es": "estado"},
    "last event": {"en": "last event", "ja": "最新の出来事",
                   "de": "letztes Ereignis", "fr": "dernier événement", "it": "ultimo evento", "es": "último evento"},
    "payment": {"en": "payment", "ja": "支払い",
                "de": "Zahlung", "fr": "paiement", "it": "pagamento", "es": "pago"},
    "alerts": {"en": "alerts", "ja": "アラート",
               "de": "Warnungen", "fr": "alertes", "it": "avvisi", "es": "alertas"},
    "Open orders": {"en": "Open orders", "ja": "対応中の注文",
                    "de": "Offene Bestellungen", "fr": "Commandes en cours", "it": "Ordini aperti", "es": "Pedidos abiertos"},
    "Orders": {"en": "Orders", "ja": "注文",
               "de": "Bestellungen", "fr": "Commandes", "it": "Ordini", "es": "Pedidos"},
    "no open orders": {"en": "no open orders", "ja": "対応中の注文はありません",
                       "de": "keine offenen Bestellungen", "fr": "aucune commande en cours", "it": "nessun ordine aperto", "es": "ningún pedido abierto"},
    "Alerts": {"en": "Alerts", "ja": "アラート",
               "de": "Warnungen", "fr": "Alertes", "it": "Avvisi", "es": "Alertas"},
    "no active alerts": {"en": "no active alerts", "ja": "アラートはありません",
                         "de": "keine aktiven Warnungen", "fr": "aucune alerte active", "it": "nessun avviso attivo", "es": "ninguna alerta activa"},
    "deadline": {"en": "deadline", "ja": "期限",
                 "de": "Frist", "fr": "échéance", "it": "scadenza", "es": "plazo"},
    "acknowledged": {"en": "(acknowledged)", "ja": "（確認済み）",
                     "de": "(bestätigt)", "fr": "(pris en compte)", "it": "(confermato)", "es": "(confirmada)"},
    "more fakes": {"en": "… and {n} more fake mail(s) like it; `orders alerts --json` lists each",
                   "ja": "…ほかに同様の偽メールが {n} 通あります（`orders alerts --json` で一覧）",
                   "de": "… und {n} weitere gefälschte Mail(s) dieser Art; `orders alerts --json` listet jede", "fr": "… et {n} autre(s) faux e-mail(s) du même genre ; `orders alerts --json` les liste", "it": "… e altre {n} e-mail false simili; `orders alerts --json` le elenca", "es": "… y {n} correo(s) falso(s) más como este; `orders alerts --json` los lista"},
    "Timeline": {"en": "Timeline", "ja": "経緯",
                 "de": "Verlauf", "fr": "Historique", "it": "Cronologia", "es": "Historial"},
    "at": {"en": "at", "ja": "日時",
           "de": "Zeit", "fr": "date", "it": "data", "es": "fecha"},
    "event": {"en": "event", "ja": "出来事",
              "de": "Ereignis", "fr": "événement", "it": "evento", "es": "evento"},
    "mail subject": {"en": "mail subject", "ja": "メールの件名",
                     "de": "Betreff", "fr": "objet de l'e-mail", "it": "oggetto dell'e-mail", "es": "asunto del correo"},
    "folder": {"en": "folder", "ja": "フォルダ",
               "de": "Ordner", "fr": "dossier", "it": "cartella", "es": "carpeta"},
    "auth": {"en": "auth", "ja": "認証",
             "de": "Echtheit", "fr": "authenticité", "it": "autenticità", "es": "autenticidad"},
    "amount": {"en": "amount", "ja": "金額",
               "de": "Betrag", "fr": "montant", "it": "importo", "es": "importe"},
    "carrier": {"en": "carrier", "ja": "配送",
                "de": "Zusteller", "fr": "transporteur", "it": "corriere", "es": "transportista"},
    "unread mail": {"en": "{n} Amazon mail(s) not understood — `orders unrecognized` lists them",
                    "ja": "読み取れなかったAmazonのメールが {n} 通あります（`orders unrecognized` で一覧）",
                    "de": "{n} Amazon-Mail(s) nicht verstanden — `orders unrecognized` listet sie", "fr": "{n} e-mail(s) Amazon non compris — `orders unrecognized` les liste", "it": "{n} e-mail Amazon non capite — `orders unrecognized` le elenca", "es": "{n} correo(s) de Amazon no entendido(s) — `orders unrecognized` los lista"},
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
    "demo tail": {"en": "Try: orders parse fixtures/emails · orders --lang ja demo · orders --lang de demo "
                        "--market amazon.de · orders demo --json",
                  "ja": "次に: orders parse fixtures/emails · orders --lang en demo · orders --lang de demo "
                        "--market amazon.de · orders demo --json"},
    "no order": {"en": "alerts naming no order", "ja": "注文番号のないアラート"},
    "acked": {"en": "acknowledged {n} {what} alert(s): {target}",
              "ja": "{target}: {what} アラート {n} 件を確認済みにしました"},
}


def word(key: str, lang: str, **values: object) -> str:
    entry = WORDS.get(key)
    text = (entry.get(lang) or entry["en"]) if entry else key
    return text.format(**values) if values else text
