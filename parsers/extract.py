"""Generic field extractors: order ids, money, carriers, dates, names. Pure functions over text.

Market-specific wording lives in ``parsers.patterns``; these helpers only know formats that every
market shares. Money, carriers and dates have their own modules (``parsers.money``,
``parsers.carriers``, ``parsers.dates``); their entry points are re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from parsers.carriers import normalize_carrier
from parsers.dates import resolve_date
from parsers.money import parse_money

__all__ = ["normalize_carrier", "parse_money", "resolve_date"]

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


# --- money (formats: ``parsers.money``) ---------------------------------------------------------

def money_after(labels: Iterable[re.Pattern[str]], text: str, default_currency: str,
                reach: int = 80, *, decimal_comma: bool = False) -> tuple[float, str] | None:
    """Money right after the first label (in table order) that is followed by one within ``reach``."""
    for label in labels:
        for m in label.finditer(text):
            tail = text[m.end():m.end() + reach]
            # Only the rest of the label's line and the next non-empty line.
            lines = [ln for ln in tail.split("\n")[:3] if ln.strip()][:2]
            found = parse_money("\n".join(lines), default_currency, decimal_comma)
            if found is not None:
                return found
    return None


# --- carriers (names: ``parsers.carriers``) -----------------------------------------------------

def clean_tracking(number: str | None) -> str | None:
    if not number:
        return None
    cleaned = re.sub(r"[\s-]", "", number).upper()
    return cleaned or None


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
