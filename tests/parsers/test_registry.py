"""The registry: explicit, both markets, and no fixture is claimed by two parsers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from parsers import registry
from parsers.message import MailError, ParsedMail
from parsers.patterns import ja

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
MAILS = sorted(FIXTURES.rglob("*.eml"))


def _mails(eml: Path) -> list[ParsedMail]:
    """The mail, and the quoted original when it is a forward (what parse_mail may identify)."""
    from parsers.forwarded import unwrap_forwarded

    try:
        mail = ParsedMail.from_bytes(eml.read_bytes())
    except MailError:  # hopeless input: no parser can claim it (parse_mail says "error")
        return []
    inner = unwrap_forwarded(mail)
    return [mail] if inner is None else [mail, inner]


def _expected_status(eml: Path) -> str:
    return json.loads(eml.with_name(eml.name + ".events.json").read_text(encoding="utf-8"))["status"]


@pytest.mark.parametrize("eml", MAILS, ids=[str(m.relative_to(FIXTURES)) for m in MAILS])
def test_at_most_one_parser_claims_a_fixture(eml: Path) -> None:
    for mail in _mails(eml):
        claimed = [p.name for p in registry.identify(mail)]
        assert len(claimed) <= 1, f"{eml.name} claimed by {claimed}: make the templates exclusive"
    if _expected_status(eml) == "parsed":
        # By a template (the fast path) or by phrase evidence (stage 1): either way a named parser.
        from parsers.golden import parse_fixture

        expected = json.loads(eml.with_name(eml.name + ".events.json").read_text(encoding="utf-8"))
        assert parse_fixture(eml.read_bytes(), expected.get("options")).parser, "a parsed fixture names its parser"


def test_registry_lists_both_markets_explicitly() -> None:
    markets = [m.market.table.market for m in registry.MARKETS]
    assert markets[0] == "amazon.co.jp" and "amazon.com" in markets
    assert len(set(markets)) == len(markets)
    names = [p.name for p in registry.PARSERS]
    assert len(set(names)) == len(names), "parser names must be unique"
    for parser in registry.PARSERS:
        assert callable(parser.identify) and callable(parser.extract)


def test_every_japanese_template_has_a_fixture() -> None:
    used: set[str] = set()
    for eml in MAILS:
        for mail in _mails(eml):
            used.update(p.name for p in registry.identify(mail))
    missing = {f"amazon.co.jp:{t.name}" for t in ja.TEMPLATES} - used
    assert not missing, f"templates without a fixture: {sorted(missing)}"


def test_table_regexes_compile_and_kinds_are_vocabulary() -> None:
    from parsers.vocab import EVENT_KINDS, PAYMENT_METHODS

    for market in registry.MARKETS:
        table = market.market.table
        for t in table.templates:
            assert t.kind in EVENT_KINDS, t
            for pattern in (t.sender, t.subject or "", *t.body, *t.not_body):
                re.compile(pattern)
        assert all(method in PAYMENT_METHODS for _, method in table.payment_methods)
        assert set(table.amounts) <= {"total", "charged", "refund"}


def test_ignore_rules_only_for_amazon_mail_without_orders() -> None:
    mails = {m.name: m for m in MAILS}
    promo = ParsedMail.from_bytes(mails["ignored-promotion-store-news.eml"].read_bytes())
    assert registry.ignore_reason(promo) == "Amazon promotion (no order events)"
    order = ParsedMail.from_bytes(mails["story1-250-1111111-ordered.eml"].read_bytes())
    assert registry.ignore_reason(order) is None


def test_two_matching_parsers_make_an_error_not_a_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    from parsers import parse_mail

    raw = next(m for m in MAILS if m.name == "story1-250-1111111-shipped.eml").read_bytes()
    assert parse_mail(raw).status == "parsed"
    two = list(registry.PARSERS[:2])
    monkeypatch.setattr(registry, "identify", lambda mail: two)
    result = parse_mail(raw)
    assert result.status == "error" and result.error.startswith("ambiguous: 2 parsers match")
    assert result.order_ids == ("250-1111111-1111111",) and result.events == ()


def test_unmatched_amazon_mail_is_unrecognized_never_dropped() -> None:
    from parsers import parse_mail

    raw = next(m for m in MAILS if m.name == "unrecognized-survey.eml").read_bytes()
    result = parse_mail(raw)
    assert result.status == "unrecognized" and "no kind evidence" in (result.reason or "")
    assert result.order_ids == ("250-4120876-3390145",)


def test_template_subjects_are_searched_never_anchored() -> None:
    """A tag or prefix in front of a subject must not hide it: only whole-subject lookaheads use ``^``."""
    for market in registry.MARKETS:
        for t in market.market.table.templates:
            subject = t.subject or ""
            assert "|^" not in subject and (not subject.startswith("^") or subject.startswith("^(?!")), t.name
