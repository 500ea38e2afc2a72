"""Money, dates, time zones and carriers as every marketplace writes them (pure functions)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from parsers.carriers import normalize_carrier
from parsers.dates import local_date, resolve_date
from parsers.money import parse_money, parse_number
from parsers.vocab import CARRIERS, MARKET_TIMEZONES, MARKETS


@pytest.mark.parametrize(("text", "market_currency", "decimal_comma", "expected"), [
    ("Gesamtsumme: 1.234,56 €", "EUR", True, (1234.56, "EUR")),
    ("€ 23,99", "EUR", True, (23.99, "EUR")),
    ("Totale ordine: EUR 23,99", "EUR", True, (23.99, "EUR")),
    ("Suma: 23,99 zł", "PLN", True, (23.99, "PLN")),
    ("Razem: 1 234,56 zł", "PLN", True, (1234.56, "PLN")),
    ("Total do pedido: R$ 1.234,56", "BRL", True, (1234.56, "BRL")),
    ("Order Total: ₹1,234.00", "INR", False, (1234.0, "INR")),
    ("Grand Total: Rs. 1,499.00", "INR", False, (1499.0, "INR")),
    ("Totalt: 1 234,56 kr", "SEK", True, (1234.56, "SEK")),
    ("Totalt: 1\u00a0234,56\u00a0kr", "SEK", True, (1234.56, "SEK")),
    ("Order Total: AED 12.50", "AED", False, (12.5, "AED")),
    ("Sipariş toplamı: 1.249,90 TL", "TRY", True, (1249.9, "TRY")),
    ("Toplam: ₺249,90", "TRY", True, (249.9, "TRY")),
    ("Order Total: SAR 45.00", "SAR", False, (45.0, "SAR")),
    ("Order Total: S$ 12.90", "SGD", False, (12.9, "SGD")),
    ("Order Total: A$ 59.95", "AUD", False, (59.95, "AUD")),
    ("Order Total: $59.95", "AUD", False, (59.95, "AUD")),
    ("Total del pedido: MX$ 1,249.00", "MXN", False, (1249.0, "MXN")),
    ("Total del pedido: $1,249.00", "MXN", False, (1249.0, "MXN")),
    ("Totaal: € 1.049,00", "EUR", True, (1049.0, "EUR")),
    ("Montant total : 1 049,00 €", "EUR", True, (1049.0, "EUR")),
    ("Montant total : 1\u202f049,00\u00a0€", "EUR", True, (1049.0, "EUR")),
    ("Summe: 1.234 €", "EUR", True, (1234.0, "EUR")),          # three digits after a dot: thousands
    ("Order Total: £35.99", "GBP", False, (35.99, "GBP")),
    ("注文合計: ¥ 1,010", "JPY", False, (1010.0, "JPY")),
    ("1,010 JPY", "JPY", False, (1010.0, "JPY")),
    ("CDN$ 67.77", "CAD", False, (67.77, "CAD")),
    ("Total $10.62", "EUR", True, (10.62, "USD")),             # a bare $ outside a dollar market is USD
])
def test_money_in_every_market_format(text: str, market_currency: str, decimal_comma: bool,
                                      expected: tuple[float, str]) -> None:
    assert parse_money(text, market_currency, decimal_comma) == expected


def test_money_needs_a_currency_and_ignores_words() -> None:
    assert parse_money("Bestellnummer 302-1234567-1234567", "EUR", True) is None
    assert parse_money("try 3 times", "TRY", True) is None       # "try" is not the lira
    assert parse_money("TOTAL 12", "TRY", True) is None           # "TL" inside a word is not the lira


@pytest.mark.parametrize(("number", "decimal_comma", "value"), [
    ("1.234,56", True, 1234.56), ("1,234.56", False, 1234.56), ("1.234", True, 1234.0), ("1,234", False, 1234.0),
    ("1.234.567", False, 1234567.0), ("23,99", False, 23.99), ("1'234.50", False, 1234.5), ("12", True, 12.0),
])
def test_number_separators(number: str, decimal_comma: bool, value: float) -> None:
    assert parse_number(number, decimal_comma) == value


BASE = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(("phrase", "languages", "expected"), [
    ("Zustellung: Dienstag, 3. Dezember", ("de",), date(2026, 12, 3)),
    ("Lieferung morgen", ("de",), date(2026, 12, 2)),
    ("übermorgen", ("de",), date(2026, 12, 3)),
    ("am 04.12.2026", ("de",), date(2026, 12, 4)),
    ("Livraison prévue : mardi 3 décembre", ("fr",), date(2026, 12, 3)),
    ("le 1er décembre", ("fr",), date(2026, 12, 1)),
    ("demain", ("fr",), date(2026, 12, 2)),
    ("domani", ("it",), date(2026, 12, 2)),
    ("giovedì 3 dicembre", ("it",), date(2026, 12, 3)),
    ("mañana", ("es",), date(2026, 12, 2)),
    ("el jueves por la mañana", ("es",), date(2026, 12, 3)),     # "la mañana" is the morning
    ("jueves, 3 de diciembre de 2026", ("es",), date(2026, 12, 3)),
    ("amanhã", ("pt",), date(2026, 12, 2)),
    ("quinta-feira, 3 de dezembro", ("pt",), date(2026, 12, 3)),
    ("donderdag 3 december", ("nl",), date(2026, 12, 3)),
    ("morgen", ("nl",), date(2026, 12, 2)),
    ("czwartek, 3 grudnia", ("pl",), date(2026, 12, 3)),
    ("jutro", ("pl",), date(2026, 12, 2)),
    ("torsdag 3 december", ("sv",), date(2026, 12, 3)),
    ("i morgon", ("sv",), date(2026, 12, 2)),
    ("3 Aralık Perşembe", ("tr",), date(2026, 12, 3)),
    ("yarın", ("tr",), date(2026, 12, 2)),
    ("Cumartesi", ("tr",), date(2026, 12, 5)),                   # not "Cuma" (Friday)
    ("الخميس 3 ديسمبر", ("ar",), date(2026, 12, 3)),
    ("غداً", ("ar",), date(2026, 12, 2)),
    ("Thursday, December 3", ("en",), date(2026, 12, 3)),
    ("3 Dec 2026", ("en",), date(2026, 12, 3)),
    ("05/12/2026", ("en",), date(2026, 5, 12)),
    ("明日5:00～13:00に到着予定", ("ja", "en"), date(2026, 12, 2)),
    ("12月3日(木)", ("ja",), date(2026, 12, 3)),
    ("Friday", ("en",), date(2026, 12, 4)),
    ("3 janvier", ("fr",), date(2027, 1, 3)),                    # a date weeks ahead is next year's
])
def test_dates_in_each_language(phrase: str, languages: tuple[str, ...], expected: date) -> None:
    assert resolve_date(phrase, BASE, languages=languages) == expected


def test_day_first_markets_and_unknown_words() -> None:
    assert resolve_date("05/12/2026", BASE, day_first=True, languages=("en",)) == date(2026, 12, 5)
    assert resolve_date("Dienstag", BASE, languages=("fr",)) is None   # a language the market doesn't write
    assert resolve_date("bientôt", BASE, languages=("fr",)) is None


def test_every_market_has_a_zone_with_daylight_saving() -> None:
    assert set(MARKET_TIMEZONES) == set(MARKETS)
    # 22:30 UTC is the next day in Berlin in winter (UTC+1) but the same day in New York.
    winter = datetime(2026, 1, 14, 23, 30, tzinfo=UTC)
    assert local_date(winter, MARKET_TIMEZONES["amazon.de"]) == date(2026, 1, 15)
    assert local_date(winter, MARKET_TIMEZONES["amazon.com"]) == date(2026, 1, 14)
    # 22:30 UTC in July is already tomorrow in Berlin (UTC+2, summer time); 04:30 UTC is still
    # yesterday in New York (UTC-4 in summer, -5 in winter).
    assert local_date(datetime(2026, 7, 14, 22, 30, tzinfo=UTC), "Europe/Berlin") == date(2026, 7, 15)
    assert local_date(datetime(2026, 7, 15, 3, 30, tzinfo=UTC), "America/New_York") == date(2026, 7, 14)
    assert local_date(datetime(2026, 1, 15, 4, 30, tzinfo=UTC), "America/New_York") == date(2026, 1, 14)
    assert local_date(datetime(2026, 1, 15, 5, 30, tzinfo=UTC), "America/New_York") == date(2026, 1, 15)
    # Sydney is in summer time in January (UTC+11).
    assert local_date(datetime(2026, 1, 14, 13, 30, tzinfo=UTC), "Australia/Sydney") == date(2026, 1, 15)
    assert local_date(winter, None) == winter.date()


@pytest.mark.parametrize(("written", "carrier"), [
    ("DHL Paket", "dhl"), ("Deutsche Post", "deutsche_post"), ("DPD", "dpd"), ("Hermes", "hermes"),
    ("Evri", "hermes"), ("GLS", "gls"), ("UPS", "ups"), ("Colissimo", "colissimo"), ("Chronopost", "chronopost"),
    ("La Poste", "la_poste"), ("Poste Italiane", "poste_italiane"), ("SDA Express Courier", "sda"),
    ("BRT", "brt"), ("Correos", "correos"), ("Correos Express", "correos"), ("SEUR", "seur"), ("MRW", "mrw"),
    ("InPost Paczkomaty", "inpost"), ("PostNL", "postnl"), ("bpost", "bpost"), ("PostNord", "postnord"),
    ("Yurtiçi Kargo", "yurtici"), ("Delhivery", "delhivery"), ("Blue Dart", "blue_dart"),
    ("India Post", "india_post"), ("Australia Post", "australia_post"), ("StarTrack", "startrack"),
    ("Estafeta", "estafeta"), ("Correios", "correios"), ("Aramex", "aramex"),
    ("Amazon Logistics", "amazon"), ("Amazon Logistique", "amazon"), ("ヤマト運輸", "yamato"),
    ("Royal Mail", "royal_mail"), ("Speedy Parcels Ltd", "other"),
])
def test_carriers_are_normalised(written: str, carrier: str) -> None:
    assert normalize_carrier(written) == carrier
    assert carrier in CARRIERS


def test_short_carrier_codes_are_whole_words() -> None:
    assert normalize_carrier("Groups Express") == "other"     # not UPS
    assert normalize_carrier("Seurat Transport") == "other"   # not SEUR
    assert normalize_carrier("") is None
