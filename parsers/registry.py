"""The explicit parser registry: every market's table, in a fixed order.

A parser has ``name``, ``identify(mail) -> bool`` and ``extract(mail) -> list[Event]``; each template of
each market table is one parser. A mail identified by two parsers is an error (the tables must keep
their templates exclusive); ``tests/parsers/test_registry.py`` checks every fixture.
"""

from __future__ import annotations

from importlib import import_module
from typing import Protocol

from parsers.amazon import MarketParsers, market_parsers
from parsers.events import Event
from parsers.message import ParsedMail

# The table modules under parsers/patterns/, in order; each exports ``MARKETS``. A new market or
# language is one data module listed here.
MARKET_MODULES: tuple[str, ...] = ("ja", "en", "multi", "de", "fr", "it", "es", "nl", "pl", "sv", "tr", "pt", "ar")


class Parser(Protocol):
    name: str

    def identify(self, mail: ParsedMail) -> bool: ...

    def extract(self, mail: ParsedMail) -> list[Event]: ...


MARKETS: tuple[MarketParsers, ...] = tuple(
    market_parsers(table) for name in MARKET_MODULES for table in import_module(f"parsers.patterns.{name}").MARKETS)
PARSERS: tuple[Parser, ...] = tuple(p for market in MARKETS for p in market.parsers)


def market_of(mail: ParsedMail) -> MarketParsers | None:
    """The market whose sender domains the mail comes from."""
    return next((m for m in MARKETS if m.market.owns(mail)), None)


def identify(mail: ParsedMail) -> list[Parser]:
    """Every parser that claims ``mail`` (none, one, or — a table bug — several)."""
    return [p for market in MARKETS if market.market.owns(mail) for p in market.parsers if p.identify(mail)]


def ignore_reason(mail: ParsedMail) -> str | None:
    """Why an Amazon mail carries no order events (promotion, Amazon Pay, one-time password…)."""
    for market in MARKETS:
        if market.market.owns(mail):
            reason = market.market.ignore_reason(mail)
            if reason is not None:
                return reason
    return None
