"""Marketplaces that write in several languages: one table each, joined from the language tables.

amazon.com.be writes French and Dutch; amazon.ca English and French (Québec); amazon.ae and amazon.sa
English and Arabic, as the buyer chose. A mail is read with every language of its market (the phrase
evidence of a language a mail is not written in simply finds nothing).
"""

from __future__ import annotations

from dataclasses import replace

from parsers.patterns import Market, Phrases, ar, en, fr, nl
from parsers.patterns.shared import AMAZON_SELLER, market, merge_fields, merge_phrases

BE = market("amazon.com.be", "EUR", merge_fields(fr.FIELDS, nl.FIELDS), merge_phrases(fr.PHRASES, nl.PHRASES),
            languages=("fr", "nl"), decimal_comma=True)


def _with(base: Market, lang_fields: dict, lang_phrases: Phrases, languages: tuple[str, ...]) -> Market:
    """An English market's table that also reads another language (its templates stay the fast path)."""
    fields = merge_fields({k: getattr(base, k) for k in lang_fields}, lang_fields)
    fields["amazon_seller"] = AMAZON_SELLER
    return replace(base, phrases=merge_phrases(base.phrases, lang_phrases), languages=languages, **fields)


CA = _with(en.CA, fr.FIELDS, fr.PHRASES, ("en", "fr"))
AE = _with(en.english_market("amazon.ae", "AED"), ar.FIELDS, ar.PHRASES, ("en", "ar"))
SA = _with(en.english_market("amazon.sa", "SAR"), ar.FIELDS, ar.PHRASES, ("en", "ar"))

MARKETS = (BE, CA, AE, SA)
