"""The recognition rules in every marketplace language: negation turns a cancel into cancel_rejected and
keeps a declined refund from being `refunded`; a conditional mention never counts; payment methods of
each market are named. Genuine-looking mail, canned text."""

from __future__ import annotations

import pytest

from parsers import parse_mail, registry

AUTH = ("Authentication-Results: mx.google.com;\r\n       dkim=pass header.i=@{dom};\r\n"
        "       spf=pass smtp.mailfrom=bounce@bounces.{dom};\r\n       dmarc=pass (p=QUARANTINE) header.from={dom}\r\n")
OID = "302-1234567-1000001"


def mail(dom: str, sender: str, subject: str, body: str) -> bytes:
    head = (AUTH.format(dom=dom) + f'From: "Amazon" <{sender}@{dom}>\r\nTo: buyer@example.com\r\n'
            f"Subject: {subject}\r\nDate: Tue, 01 Dec 2026 09:00:00 +0000\r\nMessage-ID: <t@{dom}>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
    return (head + body.replace("\n", "\r\n") + "\r\n").encode("utf-8")


# (domain, subject, body, kind or None = unrecognized)
CASES = [
    # A refused cancellation, in each language: the cancel verb is negated.
    ("amazon.de", f"Bestellung {OID}", f"Leider konnte der Verkäufer Ihre Bestellung {OID} nicht mehr stornieren.",
     "cancel_rejected"),
    ("amazon.de", f"Stornierungsanfrage für {OID} abgelehnt", f"Ihre Stornierungsanfrage wurde abgelehnt.\nBestellnummer: {OID}",
     "cancel_rejected"),
    ("amazon.fr", f"Commande {OID}", f"Nous n'avons pas pu annuler votre commande {OID}.", "cancel_rejected"),
    ("amazon.it", f"Ordine {OID}", f"Purtroppo non è stato possibile cancellare il tuo ordine {OID}.", "cancel_rejected"),
    ("amazon.es", f"Pedido {OID}", f"Lamentablemente no hemos podido cancelar tu pedido {OID}.", "cancel_rejected"),
    ("amazon.nl", f"Bestelling {OID}", f"Helaas konden we je bestelling {OID} niet annuleren.", "cancel_rejected"),
    ("amazon.pl", f"Zamówienie {OID}", f"Niestety nie mogliśmy anulować zamówienia {OID}.", "cancel_rejected"),
    ("amazon.se", f"Beställning {OID}", f"Tyvärr kunde vi inte avbryta din beställning {OID}.", "cancel_rejected"),
    ("amazon.com.tr", f"Sipariş {OID}", f"Maalesef {OID} numaralı siparişinizi iptal edemedik.", "cancel_rejected"),
    ("amazon.com.br", f"Pedido {OID}", f"Infelizmente não conseguimos cancelar o seu pedido {OID}.", "cancel_rejected"),
    # A refund declined is never a refund.
    ("amazon.de", f"Ihre Bestellung {OID}", f"Eine Erstattung ist für Bestellung {OID} leider nicht möglich.", None),
    ("amazon.fr", f"Votre commande {OID}", f"Le remboursement de la commande {OID} a été refusé.", None),
    ("amazon.es", f"Tu pedido {OID}", f"No podemos emitir un reembolso para el pedido {OID}.", None),
    # A conditional mention does not count: an order confirmation that says what happens once it ships.
    ("amazon.de", "Bestellt: „Bohrer“", f"Vielen Dank für Ihre Bestellung.\nFalls Ihre Bestellung bereits versandt wurde, "
                  f"erhalten Sie eine Mail.\nBestellnummer: {OID}", "ordered"),
    ("amazon.fr", "Commandé : « Perceuse »", f"Merci pour votre commande.\nSi votre colis a été expédié, vous recevrez un "
                  f"e-mail.\nNuméro de commande : {OID}", "ordered"),
    ("amazon.it", "Ordinato: «Trapano»", f"Grazie per il tuo ordine.\nSe il pacco è stato spedito, riceverai un'e-mail.\n"
                  f"Numero d'ordine: {OID}", "ordered"),
    # Polish status words as amazon.pl subjects write them (past participles followed by a colon).
    ("amazon.pl", "Wysłane: „Ekspres”", f"Twoje zamówienie {OID}.", "shipped"),
    ("amazon.pl", "Przekazano do doręczenia: „Ekspres”", f"Zamówienie {OID}", "out_for_delivery"),
    ("amazon.pl", f"Próba dostarczenia: zamówienie {OID}", "Kurier nie zastał odbiorcy.", "delivery_delayed"),
    ("amazon.pl", "Dostarczone: „Ekspres”", f"Zamówienie {OID}", "delivered"),
    # A mail with an order number and no statement at all stays unrecognized, with its reason.
    ("amazon.nl", f"Informatie over {OID}", f"Bekijk de details van bestelling {OID} in je account.", None),
]


@pytest.mark.parametrize(("dom", "subject", "body", "kind"), CASES)
def test_rules_in_every_language(dom: str, subject: str, body: str, kind: str | None) -> None:
    result = parse_mail(mail(dom, "auto-confirm", subject, body))
    if kind is None:
        assert result.status == "unrecognized" and not result.events and result.reason, result
    else:
        assert result.status == "parsed", result.reason
        assert [(e.kind, e.order_id, e.market) for e in result.events] == [(kind, OID, dom)]


@pytest.mark.parametrize(("market", "text", "method"), [
    ("amazon.de", "Zahlungsart: SEPA-Lastschrift", "sepa_direct_debit"),
    ("amazon.de", "Zahlungsart: Monatsabrechnung", "invoice"),
    ("amazon.de", "Zahlungsart: Visa endend auf 4242", "credit_card"),
    ("amazon.fr", "Mode de paiement : Chèque-cadeau Amazon", "gift_card"),
    ("amazon.it", "Metodo di pagamento: Contrassegno", "cash_on_delivery"),
    ("amazon.es", "Método de pago: Transferencia bancaria", "bank_transfer"),
    ("amazon.com.mx", "Método de pago: Efectivo en tiendas OXXO", "convenience_store"),
    ("amazon.nl", "Betaalmethode: iDEAL", "net_banking"),
    ("amazon.pl", "Metoda płatności: BLIK", "net_banking"),
    ("amazon.se", "Betalningsmetod: Faktura via Klarna", "invoice"),
    ("amazon.com.tr", "Ödeme yöntemi: Kapıda ödeme", "cash_on_delivery"),
    ("amazon.com.br", "Forma de pagamento: Boleto bancário", "boleto"),
    ("amazon.com.br", "Forma de pagamento: Pix", "pix"),
    ("amazon.in", "Payment method: UPI", "upi"),
    ("amazon.in", "Payment method: Net Banking", "net_banking"),
    ("amazon.in", "Payment method: Pay on Delivery", "cash_on_delivery"),
    ("amazon.ae", "طريقة الدفع: الدفع عند الاستلام", "cash_on_delivery"),
])
def test_payment_methods_per_market(market: str, text: str, method: str) -> None:
    parser = next(m for m in registry.MARKETS if m.market.table.market == market).parsers[0]
    from parsers.normalize import normalize

    assert parser._payment(normalize(text)) == method
