"""Every marketplace is read: a table per market, ≥ 8 golden mails covering the main events in its
folder, its lookalike domains caught as phishing. A new market is data: a table module, fixtures, a zone."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from parsers import parse_mail, registry
from parsers.vocab import MARKET_TIMEZONES, MARKETS

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
# The issue-15 markets and the kinds every one of them must show in its golden mails.
NEW_MARKETS = ("amazon.de", "amazon.fr", "amazon.it", "amazon.es", "amazon.nl", "amazon.pl", "amazon.se",
               "amazon.com.be", "amazon.ie", "amazon.com.tr", "amazon.in", "amazon.com.au", "amazon.sg", "amazon.ae",
               "amazon.sa", "amazon.com.mx", "amazon.com.br", "amazon.ca")
REQUIRED = {"ordered", "shipped", "delivered", "cancelled", "refunded"}


def _goldens() -> dict[str, Counter[str]]:
    kinds: dict[str, Counter[str]] = {}
    for golden in FIXTURES.rglob("*.eml.events.json"):
        for event in json.loads(golden.read_text(encoding="utf-8"))["events"]:
            kinds.setdefault(event["market"], Counter())[event["kind"]] += 1
    return kinds


GOLDENS = _goldens()


def test_every_market_has_a_table_and_a_zone() -> None:
    tables = {m.market.table.market for m in registry.MARKETS}
    assert set(MARKETS) == tables == set(MARKET_TIMEZONES)
    for market in registry.MARKETS:
        assert market.market.table.phrases is not None, f"{market.market.table.market} has no phrase table"


@pytest.mark.parametrize("market", NEW_MARKETS)
def test_each_market_has_golden_mails_of_every_main_kind(market: str) -> None:
    kinds = GOLDENS.get(market, Counter())
    assert sum(kinds.values()) >= 8, f"{market}: {sum(kinds.values())} golden events"
    assert set(kinds) >= REQUIRED, f"{market}: missing {sorted(REQUIRED - set(kinds))}"


@pytest.mark.parametrize("market", ("amazon.de", "amazon.fr", "amazon.it", "amazon.es", "amazon.nl", "amazon.pl",
                                    "amazon.se", "amazon.com.tr", "amazon.com.br", "amazon.com.mx"))
def test_every_event_kind_is_read_in_the_market_language(market: str) -> None:
    kinds = set(GOLDENS.get(market, Counter()))
    assert {"ordered", "cancel_requested", "cancelled", "cancel_rejected", "seller_message", "shipped",
            "out_for_delivery", "delivery_delayed", "delivered", "return_requested", "return_received",
            "refunded"} <= kinds


def _mail(from_domain: str, subject: str) -> bytes:
    return (f"From: \"Amazon.de\" <auto-confirm@{from_domain}>\r\nTo: lena@example.de\r\nSubject: {subject}\r\n"
            "Date: Tue, 01 Dec 2026 09:00:00 +0000\r\nMessage-ID: <x@example>\r\nContent-Type: text/plain; "
            "charset=UTF-8\r\n\r\nVielen Dank für Ihre Bestellung.\r\nBestellnummer: 302-1234567-1000001\r\n").encode()


@pytest.mark.parametrize("domain", ["amazon-de.shop", "amazon.de.secure-verify.xyz", "arnazon.de", "amazon-fr.com",
                                    "amazon.com.tr.odeme-onay.net", "amazon-in.kyc-update.top"])
def test_lookalike_market_domains_are_phishing(domain: str) -> None:
    result = parse_mail(_mail(domain, "Bestellt: „Bohrschrauber“"))
    assert result.status == "suspicious" and not result.events
    assert result.order_ids == ("302-1234567-1000001",)
