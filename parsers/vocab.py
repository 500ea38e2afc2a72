"""The shared vocabularies: a contract read by parsers, store, rules, CLI and JSON.

Extend these, never rename a value: other tools read them.
"""

from __future__ import annotations

from typing import Literal, get_args

EventKind = Literal[
    "ordered",
    "cancel_requested",
    "cancelled",
    "cancel_rejected",
    "seller_message",
    "shipped",
    "out_for_delivery",
    "delivery_delayed",
    "delivered",
    "delivery_refused",
    "return_requested",
    "return_received",
    "refunded",
]
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)

PaymentMethod = Literal[
    "credit_card",
    "gift_card",
    "points",
    "convenience_store",
    "atm",
    "net_banking",
    "e_money",
    "cash_on_delivery",
    "carrier_billing",
    "other",
    # the other marketplaces
    "bank_transfer",       # Überweisung, virement, bonifico, transferencia, przelew
    "sepa_direct_debit",   # Lastschrift, prélèvement SEPA, addebito diretto
    "invoice",             # Kauf auf Rechnung / Monatsabrechnung (paid later by transfer)
    "upi",
    "boleto",
    "pix",
]
PAYMENT_METHODS: tuple[str, ...] = get_args(PaymentMethod)

Seller = Literal["amazon", "marketplace"]

Authenticity = Literal["pass", "fail", "unknown"]
AUTHENTICITIES: tuple[str, ...] = get_args(Authenticity)

MailStatus = Literal["parsed", "unrecognized", "ignored", "suspicious", "error"]
MAIL_STATUSES: tuple[str, ...] = get_args(MailStatus)

Market = Literal["amazon.co.jp", "amazon.com", "amazon.co.uk", "amazon.ca", "amazon.de", "amazon.fr",
                 "amazon.it", "amazon.es", "amazon.com.au", "amazon.in", "amazon.com.mx", "amazon.com.br",
                 "amazon.nl", "amazon.pl", "amazon.se", "amazon.com.be", "amazon.ie", "amazon.com.tr",
                 "amazon.sg", "amazon.ae", "amazon.sa"]
MARKETS: tuple[str, ...] = get_args(Market)

# The zone each market's mail means by "today", "tomorrow" and a weekday (IANA names: zoneinfo applies
# daylight saving). Countries with several zones use the one most of the market's buyers live in.
MARKET_TIMEZONES: dict[str, str] = {
    "amazon.co.jp": "Asia/Tokyo", "amazon.com": "America/New_York", "amazon.co.uk": "Europe/London",
    "amazon.ca": "America/Toronto", "amazon.de": "Europe/Berlin", "amazon.fr": "Europe/Paris",
    "amazon.it": "Europe/Rome", "amazon.es": "Europe/Madrid", "amazon.com.au": "Australia/Sydney",
    "amazon.in": "Asia/Kolkata", "amazon.com.mx": "America/Mexico_City", "amazon.com.br": "America/Sao_Paulo",
    "amazon.nl": "Europe/Amsterdam", "amazon.pl": "Europe/Warsaw", "amazon.se": "Europe/Stockholm",
    "amazon.com.be": "Europe/Brussels", "amazon.ie": "Europe/Dublin", "amazon.com.tr": "Europe/Istanbul",
    "amazon.sg": "Asia/Singapore", "amazon.ae": "Asia/Dubai", "amazon.sa": "Asia/Riyadh",
}

Carrier = Literal[
    "yamato", "sagawa", "japan_post", "amazon", "seino", "fukuyama", "ups", "usps", "fedex", "dhl",
    "royal_mail", "canada_post", "ontrac", "lasership", "other",
    # the other marketplaces (parsers.carriers)
    "deutsche_post", "hermes", "dpd", "gls", "colissimo", "chronopost", "mondial_relay", "poste_italiane",
    "la_poste", "sda", "brt", "correos", "seur", "mrw", "inpost", "poczta_polska", "postnl", "bpost",
    "postnord", "budbee", "an_post", "yurtici", "aras", "ptt", "delhivery", "blue_dart", "india_post",
    "xpressbees", "ecom_express", "australia_post", "startrack", "singpost", "ninja_van", "aramex", "smsa",
    "estafeta", "correios", "jadlog", "purolator",
]
CARRIERS: tuple[str, ...] = get_args(Carrier)
