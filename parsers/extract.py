"""Generic field extractors: order ids, money, carriers, dates, names. Pure functions over text.

Market-specific wording lives in ``parsers.patterns``; these helpers only know formats that every
market shares (currency symbols, date shapes, carrier names in Japanese and English).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

# Amazon order ids: retail/marketplace NNN-NNNNNNN-NNNNNNN and digital D01-NNNNNNN-NNNNNNN.
ORDER_ID = re.compile(r"(?<![\w-])((?:\d{3}|D\d{2})-\d{7}-\d{7})(?![\w-])")
# Ids inside links (refund mails sometimes name the order only there), raw or URL-encoded.
URL_ORDER_ID = re.compile(r"orderI[dD](?:=|%3D)((?:\d{3}|D\d{2})-\d{7}-\d{7})", re.IGNORECASE)

# Amazon Pay JP payments at other shops: not Amazon orders, never events.
AMAZON_PAY_ID = re.compile(r"(?<![\w-])P\d{2}-\d{7}-\d{7}(?![\w-])")


def order_ids(text: str, links: str = "") -> list[str]:
    """Distinct order ids in ``text`` in order of appearance, then those only found in links
    (``orderId=…`` in ``text`` or in ``links``, typically the HTML markup)."""
    seen: dict[str, None] = dict.fromkeys(m.group(1).upper() for m in ORDER_ID.finditer(text))
    for source in (text, links):
        for m in URL_ORDER_ID.finditer(source):
            seen.setdefault(m.group(1).upper(), None)
    return list(seen)


def order_mentions(text: str) -> list[tuple[str, int]]:
    """Every (order id, position) in ``text``, by position."""
    return [(m.group(1).upper(), m.start()) for m in ORDER_ID.finditer(text)]


# --- money -------------------------------------------------------------------------------------

_SYMBOLS = {
    "¥": "JPY", "円": "JPY", "£": "GBP", "€": "EUR", "us$": "USD", "usd$": "USD",
    "cdn$": "CAD", "ca$": "CAD", "c$": "CAD", "a$": "AUD", "au$": "AUD",
}
_CODES = ("JPY", "USD", "CAD", "GBP", "EUR", "AUD")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
MONEY = re.compile(
    rf"(?P<sym>CDN\$|CA\$|C\$|AU\$|A\$|US\$|[¥£€$])\s?(?P<num1>{_NUM})"
    rf"|(?P<num2>{_NUM})\s?(?P<code>{'|'.join(_CODES)}|円)(?![A-Za-z])",
    re.IGNORECASE,
)


def parse_money(text: str, default_currency: str) -> tuple[float, str] | None:
    """The first money value in ``text`` as (amount, ISO currency); a bare ``$`` is ``default_currency``."""
    m = MONEY.search(text)
    if m is None:
        return None
    if m.group("sym"):
        sym, num = m.group("sym").lower(), m.group("num1")
        currency = _SYMBOLS.get(sym) or (default_currency if sym == "$" else "USD")
        if sym == "$" and default_currency not in ("USD", "CAD", "AUD"):
            currency = "USD"
    else:
        code, num = m.group("code"), m.group("num2")
        currency = _SYMBOLS.get(code, code.upper())
    return float(num.replace(",", "")), currency


def money_after(labels: Iterable[re.Pattern[str]], text: str, default_currency: str,
                reach: int = 80) -> tuple[float, str] | None:
    """Money right after the first label (in table order) that is followed by one within ``reach``."""
    for label in labels:
        for m in label.finditer(text):
            tail = text[m.end():m.end() + reach]
            # Only the rest of the label's line and the next non-empty line.
            lines = [ln for ln in tail.split("\n")[:3] if ln.strip()][:2]
            found = parse_money("\n".join(lines), default_currency)
            if found is not None:
                return found
    return None


# --- carriers ----------------------------------------------------------------------------------

# Lower-cased fragments of carrier names as mails write them → normalised carrier. Order matters:
# longer/more specific names first ("amazon logistics" before "amazon").
CARRIER_NAMES: tuple[tuple[str, str], ...] = (
    ("ヤマト", "yamato"), ("クロネコ", "yamato"), ("yamato", "yamato"), ("宅急便", "yamato"), ("ネコポス", "yamato"),
    ("佐川", "sagawa"), ("sagawa", "sagawa"), ("飛脚", "sagawa"),
    ("日本郵便", "japan_post"), ("ゆうパック", "japan_post"), ("ゆうパケット", "japan_post"), ("ゆうメール", "japan_post"),
    ("クリックポスト", "japan_post"), ("レターパック", "japan_post"),
    ("郵便", "japan_post"), ("japan post", "japan_post"),
    ("西濃", "seino"), ("カンガルー", "seino"), ("福山通運", "fukuyama"),
    ("royal mail", "royal_mail"), ("canada post", "canada_post"), ("postes canada", "canada_post"),
    ("usps", "usps"), ("postal service", "usps"), ("ups", "ups"), ("fedex", "fedex"),
    ("dhl", "dhl"), ("ontrac", "ontrac"), ("lasership", "lasership"),
    ("amazon", "amazon"), ("アマゾン", "amazon"), ("amzl", "amazon"), ("デリバリープロバイダ", "amazon"),
)


def normalize_carrier(name: str | None) -> str | None:
    """A carrier as written ("ヤマト運輸", "Amazon Logistics", "UPS") → vocabulary value, or ``other``."""
    if not name or not name.strip():
        return None
    low = name.lower()
    for fragment, carrier in CARRIER_NAMES:
        if fragment.isascii() and fragment.isalpha() and len(fragment) <= 4:
            # Short codes (ups, dhl, usps) only as whole words: "groups" is not UPS.
            if re.search(rf"(?<![a-z]){re.escape(fragment)}(?![a-z])", low):
                return carrier
        elif fragment in low:
            return carrier
    return "other"


def clean_tracking(number: str | None) -> str | None:
    if not number:
        return None
    cleaned = re.sub(r"[\s-]", "", number).upper()
    return cleaned or None


# --- dates -------------------------------------------------------------------------------------

_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_MONTH_WORD = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_WEEKDAYS = {
    "月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
_FULL_DATE = re.compile(
    r"(?P<y>20\d{2})\s*[/.\-年]\s*(?P<m>\d{1,2})\s*[/.\-月]\s*(?P<d>\d{1,2})"
    r"|(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y2>20\d{2})"
    rf"|{_MONTH_WORD}\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>20\d{{2}})"
    rf"|(?P<dm>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?P<dy>20\d{{2}})",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])"
    rf"|{_MONTH_WORD}\s+(?P<md>\d{{1,2}})(?!\d)"
    r"|(?P<dm>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"明後日|明日|本日|今日|tomorrow|today|tonight", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"(?P<ja>[月火水木金土日])曜日?|\((?P<jp>[月火水木金土日])\)"
    r"|\b(?P<en>mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b",
    re.IGNORECASE,
)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _near_year(base: date, month: int, day: int) -> date | None:
    """Month/day without a year: the occurrence nearest to ``base`` (deliveries lie ahead)."""
    candidate = _safe_date(base.year, month, day)
    if candidate is None:
        return None
    if candidate < base - timedelta(days=60):
        return _safe_date(base.year + 1, month, day)
    if candidate > base + timedelta(days=300):
        return _safe_date(base.year - 1, month, day)
    return candidate


def resolve_date(phrase: str, base: date, *, day_first: bool = False) -> date | None:
    """The (first) date a delivery phrase names, relative to the mail's local date ``base``.

    Explicit dates win over month-day, then "today/tomorrow", then a weekday name (the next such
    day on or after ``base``). In a range the first date comes first in the phrase, so it wins.
    """
    m = _FULL_DATE.search(phrase)
    if m:
        if m.group("y"):
            return _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if m.group("y2"):
            a, b = int(m.group("a")), int(m.group("b"))
            month, day = (b, a) if day_first else (a, b)
            return _safe_date(int(m.group("y2")), month, day)
        if m.group("my"):
            return _safe_date(int(m.group("my")), _MONTHS[m.group("mon")[:3].lower()], int(m.group("md")))
        return _safe_date(int(m.group("dy")), _MONTHS[m.group("mon2")[:3].lower()], int(m.group("dm")))
    m = _MONTH_DAY.search(phrase)
    if m:
        if m.group("m"):
            return _near_year(base, int(m.group("m")), int(m.group("d")))
        if m.group("a"):
            a, b = int(m.group("a")), int(m.group("b"))
            month, day = (b, a) if day_first else (a, b)
            return _near_year(base, month, day)
        if m.group("mon"):
            return _near_year(base, _MONTHS[m.group("mon")[:3].lower()], int(m.group("md")))
        return _near_year(base, _MONTHS[m.group("mon2")[:3].lower()], int(m.group("dm")))
    m = _RELATIVE.search(phrase)
    if m:
        word = m.group(0).lower()
        offset = 2 if word == "明後日" else 1 if word in ("明日", "tomorrow") else 0
        return base + timedelta(days=offset)
    m = _WEEKDAY.search(phrase)
    if m:
        key = m.group("ja") or m.group("jp") or m.group("en").lower()[:3]
        return base + timedelta(days=(_WEEKDAYS[key] - base.weekday()) % 7)
    return None


# --- names -------------------------------------------------------------------------------------

_QUOTES = "\"'「」『』“”‘’"


def clean_name(name: str) -> str:
    """An item or seller name as written: outer quotes/brackets, bullets and spaces stripped."""
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"^(?:[*・•\-]\s*)+", "", name)
    return name.strip(_QUOTES + " ").strip()


def dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def first_line(text: str, skip: Iterable[re.Pattern[str]], limit: int = 200) -> str | None:
    """The first line of ``text`` that says something: not empty, not a separator, not ``skip``."""
    patterns = tuple(skip)
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or not re.search(r"\w", line):
            continue
        if any(p.search(line) for p in patterns):
            continue
        return line[:limit]
    return None
