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
]
PAYMENT_METHODS: tuple[str, ...] = get_args(PaymentMethod)

Seller = Literal["amazon", "marketplace"]

Authenticity = Literal["pass", "fail", "unknown"]
AUTHENTICITIES: tuple[str, ...] = get_args(Authenticity)

MailStatus = Literal["parsed", "unrecognized", "ignored", "suspicious", "error"]
MAIL_STATUSES: tuple[str, ...] = get_args(MailStatus)

Market = Literal["amazon.co.jp", "amazon.com", "amazon.co.uk", "amazon.ca", "amazon.de", "amazon.fr",
                 "amazon.it", "amazon.es", "amazon.com.au", "amazon.in", "amazon.com.mx", "amazon.com.br"]

Carrier = Literal[
    "yamato", "sagawa", "japan_post", "amazon", "seino", "fukuyama", "ups", "usps", "fedex", "dhl",
    "royal_mail", "canada_post", "ontrac", "lasership", "other",
]
