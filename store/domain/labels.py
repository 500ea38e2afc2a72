"""The labels the user sees for codes — order states, event kinds, alert kinds, severities, payment
methods, refund places, carriers, authentication results — in every language: ``table[key][lang]``.

Japanese and English first; ``_OTHERS`` adds German, French, Italian and Spanish (and the codes only
some markets use). A language an entry lacks shows the English label; carrier names are proper names,
the same in every language. Pure data and one lookup.
"""

from __future__ import annotations

from collections.abc import Mapping

# Labels: table[key][lang]. ``None`` keys mean "not known".
STATE_LABELS: dict[str | None, dict[str, str]] = {
    "ordered": {"ja": "注文済み", "en": "ordered"},
    "cancel_requested": {"ja": "キャンセル依頼中", "en": "cancellation requested"},
    "cancelled": {"ja": "キャンセル済み", "en": "cancelled"},
    "cancel_rejected": {"ja": "キャンセル不可", "en": "cancellation declined"},
    "shipped": {"ja": "発送済み", "en": "shipped"},
    "out_for_delivery": {"ja": "配達中", "en": "out for delivery"},
    "delivered": {"ja": "配達済み", "en": "delivered"},
    "delivery_refused": {"ja": "受取拒否", "en": "delivery refused"},
    "return_requested": {"ja": "返品手続き中", "en": "return requested"},
    "return_received": {"ja": "返品受領済み", "en": "return received"},
    "refunded": {"ja": "返金済み", "en": "refunded"},
}
KIND_LABELS: dict[str | None, dict[str, str]] = {
    "ordered": {"ja": "注文", "en": "Ordered"},
    "cancel_requested": {"ja": "キャンセル依頼", "en": "Cancellation requested"},
    "cancelled": {"ja": "キャンセル完了", "en": "Cancelled"},
    "cancel_rejected": {"ja": "キャンセル不可の連絡", "en": "Cancellation declined"},
    "seller_message": {"ja": "出品者からのメッセージ", "en": "Message from the seller"},
    "shipped": {"ja": "発送", "en": "Shipped"},
    "out_for_delivery": {"ja": "配達中", "en": "Out for delivery"},
    "delivery_delayed": {"ja": "配達の遅れ", "en": "Delivery delayed"},
    "delivered": {"ja": "配達完了", "en": "Delivered"},
    "delivery_refused": {"ja": "受取拒否", "en": "Delivery refused"},
    "return_requested": {"ja": "返品の申請", "en": "Return requested"},
    "return_received": {"ja": "返品の受領", "en": "Return received"},
    "refunded": {"ja": "返金", "en": "Refunded"},
}
ALERT_LABELS: dict[str | None, dict[str, str]] = {
    "shipped_after_cancel": {"ja": "キャンセル後の発送", "en": "shipped after cancel"},
    "seller_no_reply": {"ja": "出品者の返信なし", "en": "no seller reply"},
    "refund_overdue": {"ja": "返金の遅れ", "en": "refund overdue"},
    "cancel_unconfirmed": {"ja": "キャンセル未確定", "en": "cancellation unconfirmed"},
    "mail_in_spam": {"ja": "迷惑メール内の通知", "en": "mail in spam"},
    "phishing": {"ja": "なりすましメール", "en": "phishing"},
    "unread_amazon_mail": {"ja": "読み取れなかったAmazonのメール", "en": "unread Amazon mail"},
}
SEVERITY_LABELS: dict[str | None, dict[str, str]] = {
    "info": {"ja": "お知らせ", "en": "info"},
    "warning": {"ja": "注意", "en": "warning"},
    "critical": {"ja": "緊急", "en": "critical"},
}
PAYMENT_LABELS: dict[str | None, dict[str, str]] = {
    "credit_card": {"ja": "クレジットカード", "en": "credit card"},
    "gift_card": {"ja": "Amazonギフトカード", "en": "gift card"},
    "points": {"ja": "Amazonポイント", "en": "Amazon points"},
    "convenience_store": {"ja": "コンビニ払い", "en": "convenience store payment"},
    "atm": {"ja": "ATM払い", "en": "ATM payment"},
    "net_banking": {"ja": "ネットバンキング払い", "en": "net banking"},
    "e_money": {"ja": "電子マネー払い", "en": "e-money"},
    "cash_on_delivery": {"ja": "代金引換", "en": "cash on delivery"},
    "carrier_billing": {"ja": "携帯決済", "en": "carrier billing"},
    "other": {"ja": "その他のお支払い", "en": "other payment"},
    None: {"ja": "お支払い方法不明", "en": "unknown payment method"},
}
# Where a refund shows up, per payment method (the seed's table: card statement, balances, bank).
REFUND_PLACES: dict[str | None, dict[str, str]] = {
    "credit_card": {"ja": "カードの利用明細", "en": "your card statement"},
    "gift_card": {"ja": "ギフトカード残高", "en": "your gift card balance"},
    "points": {"ja": "ポイント残高", "en": "your points balance"},
    "carrier_billing": {"ja": "携帯電話の利用明細", "en": "your phone bill"},
    None: {"ja": "返金先の口座や残高", "en": "the account or balance the refund goes to"},
}
CARRIER_LABELS: dict[str | None, dict[str, str]] = {
    "yamato": {"ja": "ヤマト運輸", "en": "Yamato Transport"},
    "sagawa": {"ja": "佐川急便", "en": "Sagawa Express"},
    "japan_post": {"ja": "日本郵便", "en": "Japan Post"},
    "amazon": {"ja": "Amazon配送", "en": "Amazon Logistics"},
    "seino": {"ja": "西濃運輸", "en": "Seino Transportation"},
    "fukuyama": {"ja": "福山通運", "en": "Fukuyama Transporting"},
    "ups": {"ja": "UPS", "en": "UPS"},
    "usps": {"ja": "USPS", "en": "USPS"},
    "fedex": {"ja": "FedEx", "en": "FedEx"},
    "dhl": {"ja": "DHL", "en": "DHL"},
    "royal_mail": {"ja": "ロイヤルメール", "en": "Royal Mail"},
    "canada_post": {"ja": "カナダポスト", "en": "Canada Post"},
    "ontrac": {"ja": "OnTrac", "en": "OnTrac"},
    "lasership": {"ja": "LaserShip", "en": "LaserShip"},
    "other": {"ja": "その他の配送業者", "en": "another carrier"},
}
AUTH_LABELS: dict[str | None, dict[str, str]] = {
    "pass": {"ja": "認証済み", "en": "verified"},
    "fail": {"ja": "認証失敗", "en": "failed"},
    "unknown": {"ja": "未確認", "en": "unverified"},
}


def label(table: Mapping[str | None, Mapping[str, str]], key: str | None, lang: str) -> str:
    """A label from one of the tables above; an unknown key shows as itself (never raises); a language
    the entry lacks shows the English label."""
    entry = table.get(key) or table.get(None)
    if entry is None:
        return key or ""
    return entry.get(lang) or entry["en"]


def refund_place(payment_method: str | None, lang: str) -> str:
    return label(REFUND_PLACES, payment_method if payment_method in REFUND_PLACES else None, lang)


_OTHERS: dict[str, dict[str, dict[str | None, str]]] = {
    "STATE_LABELS": {
        "de": {"ordered": "bestellt", "cancel_requested": "Stornierung angefragt", "cancelled": "storniert",
               "cancel_rejected": "Stornierung abgelehnt", "shipped": "versandt", "out_for_delivery": "in Zustellung",
               "delivered": "zugestellt", "delivery_refused": "Annahme verweigert", "return_requested": "Rücksendung angemeldet",
               "return_received": "Rücksendung eingegangen", "refunded": "erstattet"},
        "fr": {"ordered": "commandé", "cancel_requested": "annulation demandée", "cancelled": "annulé",
               "cancel_rejected": "annulation refusée", "shipped": "expédié", "out_for_delivery": "en cours de livraison",
               "delivered": "livré", "delivery_refused": "livraison refusée", "return_requested": "retour demandé",
               "return_received": "retour reçu", "refunded": "remboursé"},
        "it": {"ordered": "ordinato", "cancel_requested": "cancellazione richiesta", "cancelled": "cancellato",
               "cancel_rejected": "cancellazione rifiutata", "shipped": "spedito", "out_for_delivery": "in consegna",
               "delivered": "consegnato", "delivery_refused": "consegna rifiutata", "return_requested": "reso richiesto",
               "return_received": "reso ricevuto", "refunded": "rimborsato"},
        "es": {"ordered": "pedido", "cancel_requested": "cancelación solicitada", "cancelled": "cancelado",
               "cancel_rejected": "cancelación rechazada", "shipped": "enviado", "out_for_delivery": "en reparto",
               "delivered": "entregado", "delivery_refused": "entrega rechazada", "return_requested": "devolución solicitada",
               "return_received": "devolución recibida", "refunded": "reembolsado"},
    },
    "KIND_LABELS": {
        "de": {"ordered": "Bestellt", "cancel_requested": "Stornierung angefragt", "cancelled": "Storniert",
               "cancel_rejected": "Stornierung abgelehnt", "seller_message": "Nachricht des Verkäufers", "shipped": "Versandt",
               "out_for_delivery": "In Zustellung", "delivery_delayed": "Lieferung verzögert", "delivered": "Zugestellt",
               "delivery_refused": "Annahme verweigert", "return_requested": "Rücksendung angemeldet",
               "return_received": "Rücksendung eingegangen", "refunded": "Erstattet"},
        "fr": {"ordered": "Commandé", "cancel_requested": "Annulation demandée", "cancelled": "Annulé",
               "cancel_rejected": "Annulation refusée", "seller_message": "Message du vendeur", "shipped": "Expédié",
               "out_for_delivery": "En cours de livraison", "delivery_delayed": "Livraison retardée", "delivered": "Livré",
               "delivery_refused": "Livraison refusée", "return_requested": "Retour demandé",
               "return_received": "Retour reçu", "refunded": "Remboursé"},
        "it": {"ordered": "Ordinato", "cancel_requested": "Cancellazione richiesta", "cancelled": "Cancellato",
               "cancel_rejected": "Cancellazione rifiutata", "seller_message": "Messaggio del venditore", "shipped": "Spedito",
               "out_for_delivery": "In consegna", "delivery_delayed": "Consegna in ritardo", "delivered": "Consegnato",
               "delivery_refused": "Consegna rifiutata", "return_requested": "Reso richiesto",
               "return_received": "Reso ricevuto", "refunded": "Rimborsato"},
        "es": {"ordered": "Pedido", "cancel_requested": "Cancelación solicitada", "cancelled": "Cancelado",
               "cancel_rejected": "Cancelación rechazada", "seller_message": "Mensaje del vendedor", "shipped": "Enviado",
               "out_for_delivery": "En reparto", "delivery_delayed": "Entrega retrasada", "delivered": "Entregado",
               "delivery_refused": "Entrega rechazada", "return_requested": "Devolución solicitada",
               "return_received": "Devolución recibida", "refunded": "Reembolsado"},
    },
    "ALERT_LABELS": {
        "de": {"shipped_after_cancel": "Versand trotz Stornierung", "seller_no_reply": "keine Antwort des Verkäufers",
               "refund_overdue": "Erstattung überfällig", "cancel_unconfirmed": "Stornierung unbestätigt",
               "mail_in_spam": "Mail im Spam", "unread_amazon_mail": "ungelesene Amazon-Mail", "phishing": "Phishing"},
        "fr": {"shipped_after_cancel": "expédié malgré l'annulation", "seller_no_reply": "pas de réponse du vendeur",
               "refund_overdue": "remboursement en retard", "cancel_unconfirmed": "annulation non confirmée",
               "mail_in_spam": "e-mail dans les spams", "unread_amazon_mail": "e-mail Amazon non lu", "phishing": "hameçonnage"},
        "it": {"shipped_after_cancel": "spedito nonostante la cancellazione", "seller_no_reply": "nessuna risposta del venditore",
               "refund_overdue": "rimborso in ritardo", "cancel_unconfirmed": "cancellazione non confermata",
               "mail_in_spam": "e-mail nello spam", "unread_amazon_mail": "e-mail Amazon non letta", "phishing": "phishing"},
        "es": {"shipped_after_cancel": "enviado pese a la cancelación", "seller_no_reply": "sin respuesta del vendedor",
               "refund_overdue": "reembolso atrasado", "cancel_unconfirmed": "cancelación sin confirmar",
               "mail_in_spam": "correo en spam", "unread_amazon_mail": "correo de Amazon sin leer", "phishing": "phishing"},
    },
    "SEVERITY_LABELS": {
        "de": {"info": "Hinweis", "warning": "Warnung", "critical": "kritisch"},
        "fr": {"info": "info", "warning": "attention", "critical": "critique"},
        "it": {"info": "info", "warning": "attenzione", "critical": "critico"},
        "es": {"info": "aviso", "warning": "atención", "critical": "crítico"},
    },
    "PAYMENT_LABELS": {
        "en": {"bank_transfer": "bank transfer", "sepa_direct_debit": "SEPA direct debit", "invoice": "invoice",
               "upi": "UPI", "boleto": "Boleto", "pix": "Pix"},
        "ja": {"bank_transfer": "銀行振込", "sepa_direct_debit": "SEPA口座引き落とし", "invoice": "請求書払い",
               "upi": "UPI", "boleto": "ボレート", "pix": "Pix"},
        "de": {"credit_card": "Kreditkarte", "gift_card": "Geschenkgutschein/Guthaben", "points": "Amazon-Punkte",
               "net_banking": "Online-Banking", "cash_on_delivery": "Nachnahme", "bank_transfer": "Überweisung",
               "sepa_direct_debit": "SEPA-Lastschrift", "invoice": "Rechnung", "other": "andere Zahlungsart",
               None: "Zahlungsart unbekannt"},
        "fr": {"credit_card": "carte bancaire", "gift_card": "chèque-cadeau/solde", "points": "points Amazon",
               "net_banking": "paiement en ligne", "cash_on_delivery": "contre-remboursement", "bank_transfer": "virement",
               "sepa_direct_debit": "prélèvement SEPA", "invoice": "facture", "other": "autre moyen de paiement",
               None: "moyen de paiement inconnu"},
        "it": {"credit_card": "carta di credito", "gift_card": "buono regalo/saldo", "points": "punti Amazon",
               "net_banking": "home banking", "cash_on_delivery": "contrassegno", "bank_transfer": "bonifico",
               "sepa_direct_debit": "addebito diretto SEPA", "invoice": "fattura", "other": "altro metodo di pagamento",
               None: "metodo di pagamento sconosciuto"},
        "es": {"credit_card": "tarjeta", "gift_card": "cheque regalo/saldo", "points": "puntos de Amazon",
               "net_banking": "banca en línea", "cash_on_delivery": "contra reembolso", "bank_transfer": "transferencia",
               "sepa_direct_debit": "adeudo SEPA", "invoice": "factura", "convenience_store": "pago en tienda (OXXO)",
               "other": "otro método de pago", None: "método de pago desconocido"},
    },
    "REFUND_PLACES": {
        "en": {k: "your bank account" for k in ("bank_transfer", "sepa_direct_debit", "invoice", "upi", "boleto", "pix")},
        "ja": {k: "銀行口座" for k in ("bank_transfer", "sepa_direct_debit", "invoice", "upi", "boleto", "pix")},
        "de": {k: "Ihr Bankkonto" for k in ("bank_transfer", "sepa_direct_debit", "invoice", "upi", "boleto", "pix")} | {"credit_card": "Ihre Kreditkartenabrechnung", "gift_card": "Ihr Amazon-Guthaben",
               "points": "Ihr Punktestand", None: "das Konto oder Guthaben, auf das erstattet wird"},
        "fr": {k: "votre compte bancaire" for k in ("bank_transfer", "sepa_direct_debit", "invoice")} | {
               "credit_card": "votre relevé de carte", "gift_card": "votre solde Amazon", "points": "votre solde de points",
               None: "le compte ou le solde crédité"},
        "it": {k: "il tuo conto bancario" for k in ("bank_transfer", "sepa_direct_debit", "invoice")} | {
               "credit_card": "l'estratto conto della carta", "gift_card": "il tuo saldo Amazon",
               "points": "il saldo punti", None: "il conto o il saldo su cui arriva il rimborso"},
        "es": {k: "tu cuenta bancaria" for k in ("bank_transfer", "sepa_direct_debit", "invoice")} | {
               "credit_card": "el extracto de tu tarjeta", "gift_card": "tu saldo de Amazon", "points": "tu saldo de puntos",
               None: "la cuenta o el saldo donde llega el reembolso"},
    },
    "CARRIER_LABELS": {
        # Proper names: the same in every language (ja falls back to them too).
        "en": {"deutsche_post": "Deutsche Post", "hermes": "Hermes/Evri", "dpd": "DPD", "gls": "GLS",
               "colissimo": "Colissimo", "chronopost": "Chronopost", "mondial_relay": "Mondial Relay",
               "poste_italiane": "Poste Italiane", "la_poste": "La Poste", "sda": "SDA", "brt": "BRT", "correos": "Correos",
               "seur": "SEUR", "mrw": "MRW", "inpost": "InPost", "poczta_polska": "Poczta Polska", "postnl": "PostNL",
               "bpost": "bpost", "postnord": "PostNord", "budbee": "Budbee", "an_post": "An Post", "yurtici": "Yurtiçi Kargo",
               "aras": "Aras Kargo", "ptt": "PTT Kargo", "delhivery": "Delhivery", "blue_dart": "Blue Dart",
               "india_post": "India Post", "xpressbees": "Xpressbees", "ecom_express": "Ecom Express",
               "australia_post": "Australia Post", "startrack": "StarTrack", "singpost": "SingPost", "ninja_van": "Ninja Van",
               "aramex": "Aramex", "smsa": "SMSA Express", "estafeta": "Estafeta", "correios": "Correios", "jadlog": "Jadlog",
               "purolator": "Purolator"},
        "de": {"other": "ein anderer Zusteller", "amazon": "Amazon Logistics"},
        "fr": {"other": "un autre transporteur", "amazon": "Amazon Logistics"},
        "it": {"other": "un altro corriere", "amazon": "Amazon Logistics"},
        "es": {"other": "otro transportista", "amazon": "Amazon Logistics"},
    },
    "AUTH_LABELS": {
        "de": {"pass": "geprüft", "fail": "fehlgeschlagen", "unknown": "ungeprüft"},
        "fr": {"pass": "vérifié", "fail": "échec", "unknown": "non vérifié"},
        "it": {"pass": "verificato", "fail": "fallito", "unknown": "non verificato"},
        "es": {"pass": "verificado", "fail": "fallido", "unknown": "sin verificar"},
    },
}


_TABLES = {"STATE_LABELS": STATE_LABELS, "KIND_LABELS": KIND_LABELS, "ALERT_LABELS": ALERT_LABELS,
           "SEVERITY_LABELS": SEVERITY_LABELS, "PAYMENT_LABELS": PAYMENT_LABELS, "REFUND_PLACES": REFUND_PLACES,
           "CARRIER_LABELS": CARRIER_LABELS, "AUTH_LABELS": AUTH_LABELS}


def _merge() -> None:
    """Fold ``_OTHERS`` into the tables above (one dict per key, every language in it)."""
    for name, by_lang in _OTHERS.items():
        table = _TABLES[name]
        for lang, entries in by_lang.items():
            for key, text in entries.items():
                table.setdefault(key, {"ja": text, "en": text})[lang] = text


_merge()
