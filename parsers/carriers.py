"""Carrier names as Amazon's mails write them, in every marketplace → one vocabulary value. Pure.

``CARRIER_NAMES`` is data: (lower-cased fragment, carrier), tried in order — the more specific name
first ("deutsche post" before "post", "amazon logistics" before "amazon", "correos express" before
"correos"). Short codes (UPS, DHL, DPD, GLS, SDA, BRT, MRW, Evri…) count only as whole words.
A carrier we don't know is ``other``; the vocabulary is ``parsers.vocab.Carrier``.
"""

from __future__ import annotations

import re
from functools import lru_cache

CARRIER_NAMES: tuple[tuple[str, str], ...] = (
    # Japan
    ("ヤマト", "yamato"), ("クロネコ", "yamato"), ("yamato", "yamato"), ("宅急便", "yamato"), ("ネコポス", "yamato"),
    ("佐川", "sagawa"), ("sagawa", "sagawa"), ("飛脚", "sagawa"),
    ("日本郵便", "japan_post"), ("ゆうパック", "japan_post"), ("ゆうパケット", "japan_post"), ("ゆうメール", "japan_post"),
    ("クリックポスト", "japan_post"), ("レターパック", "japan_post"),
    ("郵便", "japan_post"), ("japan post", "japan_post"),
    ("西濃", "seino"), ("カンガルー", "seino"), ("福山通運", "fukuyama"),
    # Amazon's own delivery, every language ("Amazon Logistics", "Amazon Logistique", "Amazon Shipping")
    ("amazon", "amazon"), ("アマゾン", "amazon"), ("amzl", "amazon"), ("デリバリープロバイダ", "amazon"),
    # Europe
    ("deutsche post", "deutsche_post"), ("dhl", "dhl"),
    ("hermes", "hermes"), ("evri", "hermes"), ("dpd", "dpd"), ("gls", "gls"),
    ("colissimo", "colissimo"), ("chronopost", "chronopost"), ("mondial relay", "mondial_relay"),
    ("poste italiane", "poste_italiane"), ("poste ital", "poste_italiane"), ("la poste", "la_poste"),
    ("sda", "sda"), ("brt", "brt"), ("bartolini", "brt"),
    ("correos express", "correos"), ("correos", "correos"), ("seur", "seur"), ("mrw", "mrw"),
    ("inpost", "inpost"), ("paczkomat", "inpost"), ("poczta polska", "poczta_polska"),
    ("postnl", "postnl"), ("bpost", "bpost"), ("postnord", "postnord"), ("budbee", "budbee"),
    ("royal mail", "royal_mail"), ("an post", "an_post"),
    ("yurtiçi", "yurtici"), ("yurtici", "yurtici"), ("aras kargo", "aras"), ("ptt", "ptt"),
    # India, Australia, Singapore, Middle East
    ("delhivery", "delhivery"), ("blue dart", "blue_dart"), ("bluedart", "blue_dart"),
    ("india post", "india_post"), ("speed post", "india_post"), ("xpressbees", "xpressbees"),
    ("ecom express", "ecom_express"),
    ("australia post", "australia_post"), ("auspost", "australia_post"), ("startrack", "startrack"),
    ("star track", "startrack"), ("singpost", "singpost"), ("singapore post", "singpost"), ("ninja van", "ninja_van"),
    ("aramex", "aramex"), ("أرامكس", "aramex"), ("smsa", "smsa"),
    # Americas
    ("estafeta", "estafeta"), ("correios", "correios"), ("jadlog", "jadlog"),
    ("canada post", "canada_post"), ("postes canada", "canada_post"), ("purolator", "purolator"),
    ("usps", "usps"), ("postal service", "usps"), ("ups", "ups"), ("fedex", "fedex"),
    ("ontrac", "ontrac"), ("lasership", "lasership"),
)


def _piece(fragment: str) -> str:
    if fragment.isascii() and fragment.replace(" ", "").isalpha() and len(fragment) <= 4:
        # Short codes only as whole words: "groups" is not UPS, "seurat" not SEUR.
        return rf"(?<![a-z]){re.escape(fragment)}(?![a-z])"
    return re.escape(fragment)


_MATCHERS = tuple((re.compile(_piece(fragment)), carrier) for fragment, carrier in CARRIER_NAMES)


@lru_cache(maxsize=1024)
def normalize_carrier(name: str | None) -> str | None:
    """A carrier as written ("ヤマト運輸", "Amazon Logistics", "Poste Italiane", "Yurtiçi Kargo") →
    vocabulary value; ``other`` for a named carrier we don't know; None when nothing is named."""
    if not name or not name.strip():
        return None
    low = name.lower()
    for regex, carrier in _MATCHERS:
        if regex.search(low):
            return carrier
    return "other"
