"""Money as every Amazon marketplace writes it → (amount, ISO 4217 currency). Pure: no I/O.

Shapes read (symbol or code before or after the number, any spacing, NBSP/narrow-NBSP/space/dot/
apostrophe thousands): ``1.234,56 €``, ``€ 23,99``, ``EUR 23,99``, ``23,99 zł``, ``R$ 1.234,56``,
``₹1,234.00``, ``Rs. 1,234``, ``1 234,56 kr``, ``AED 12.50``, ``12,50 TL``, ``₺12,50``, ``SAR 45.00``,
``S$ 12.90``, ``A$ 12.90``, ``MX$ 249.00``, ``CDN$ 67.77``, ``£35.99``, ``¥1,010``, ``1,010円``.

The decimal separator is read from the number itself when it can be (``1.234,56``: the last separator
is the decimal one; ``23,99``: two digits after it); only ``1.234`` / ``1,234`` — three digits after a
single separator — is ambiguous, and the market's convention decides (``decimal_comma``).
A bare ``$`` or ``kr`` takes the market's currency when that currency writes itself so.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Currency tokens as written → ISO 4217. Matched case-insensitively, longest first.
SYMBOLS: dict[str, str] = {
    "¥": "JPY", "円": "JPY", "jpy": "JPY",
    "£": "GBP", "gbp": "GBP",
    "€": "EUR", "eur": "EUR",
    "us$": "USD", "usd$": "USD", "usd": "USD",
    "cdn$": "CAD", "ca$": "CAD", "c$": "CAD", "cad": "CAD",
    "a$": "AUD", "au$": "AUD", "aud": "AUD",
    "s$": "SGD", "sgd": "SGD",
    "mx$": "MXN", "mxn": "MXN",
    "r$": "BRL", "brl": "BRL",
    "₹": "INR", "rs.": "INR", "rs": "INR", "inr": "INR",
    "zł": "PLN", "zl": "PLN", "pln": "PLN",
    "kr": "SEK", "sek": "SEK",
    "tl": "TRY", "₺": "TRY",  # not "try": an English word
    "aed": "AED", "د.إ": "AED", "درهم": "AED",
    "sar": "SAR", "ر.س": "SAR", "﷼": "SAR", "ريال": "SAR",
    "$": "USD",
}
# Bare tokens several currencies write: the market's own currency when it is one of these.
SHARED: dict[str, frozenset[str]] = {
    "$": frozenset({"USD", "CAD", "AUD", "SGD", "MXN"}),
    "kr": frozenset({"SEK"}),
}
# Currencies written without decimals.
NO_CENTS = frozenset({"JPY"})


def _token_regex() -> str:
    tokens = sorted(SYMBOLS, key=len, reverse=True)
    # Letter codes must stand alone ("TL" not inside "TOTAL"; "kr" not inside "krone").
    parts = [re.escape(t) if not t[-1].isalpha() or not t.isascii()
             else rf"(?<![A-Za-z]){re.escape(t)}(?![A-Za-z])" for t in tokens]
    return "|".join(parts)


# A number: digits with optional thousands groups (, . space NBSP narrow-NBSP ') and decimals.
_NUMBER = r"\d{1,3}(?:[.,'\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)"
_SPACE = r"[ \u00a0\u202f]?"
MONEY = re.compile(
    rf"(?P<pre>{_token_regex()}){_SPACE}(?P<n1>{_NUMBER})"
    rf"|(?P<n2>{_NUMBER}){_SPACE}(?P<post>{_token_regex()})",
    re.IGNORECASE,
)


def parse_number(text: str, decimal_comma: bool = False) -> float | None:
    """``1.234,56`` / ``1,234.56`` / ``1 234,56`` / ``23,99`` / ``1'234.50`` → float."""
    s = re.sub(r"[\s\u00a0\u202f']", "", text)
    if not s or not s[0].isdigit():
        return None
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    sep = max(last_dot, last_comma)
    if sep == -1:
        return float(s)
    tail = len(s) - sep - 1
    if last_dot != -1 and last_comma != -1:
        decimal = s[sep]                          # both: the last one is the decimal separator
    elif s.count(s[sep]) > 1:
        decimal = None                            # "1.234.567": thousands only
    elif tail != 3:
        decimal = s[sep]                          # "23,99", "12.5"
    else:
        decimal = "," if decimal_comma else "."   # "1.234" / "1,234": the market decides
        if s[sep] != decimal:
            decimal = None
    if decimal is None:
        return float(s.replace(".", "").replace(",", ""))
    whole, frac = s[:sep], s[sep + 1:]
    return float(whole.replace(".", "").replace(",", "") + "." + frac)


def currency_of(token: str, default_currency: str) -> str:
    key = token.lower()
    if key in SHARED and default_currency in SHARED[key]:
        return default_currency
    return SYMBOLS.get(key, default_currency)


@lru_cache(maxsize=4096)
def parse_money(text: str, default_currency: str, decimal_comma: bool = False) -> tuple[float, str] | None:
    """The first money value in ``text`` as (amount, ISO currency), or None."""
    for m in MONEY.finditer(text):
        token = m.group("pre") or m.group("post")
        number = m.group("n1") or m.group("n2")
        amount = parse_number(number, decimal_comma)
        if amount is not None:
            return amount, currency_of(token, default_currency)
    return None
