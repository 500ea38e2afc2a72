"""Robustness, not memory: every golden fixture with events, reworded and re-delivered, gives the same
events. Pass rate per variant kind and per market must be >= 98 % and no variant may gain a wrong event
(an event of another kind or order than the golden file's). The rates are printed in the terminal
summary.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from parsers import registry
from parsers.golden import parse_fixture
from parsers.message import ParsedMail
from tests.parsers.variants import KINDS, variants

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
MIN_RATE = 0.98
# kind -> [passed, total, wrong events] and market -> the same; read by conftest's terminal summary.
STATS: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
MARKET_STATS: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])


def _with_events() -> list[tuple[Path, dict]]:
    out = []
    for eml in sorted(FIXTURES.rglob("*.eml")):
        golden = json.loads(eml.with_name(eml.name + ".events.json").read_text(encoding="utf-8"))
        if golden.get("events"):
            out.append((eml, golden))
    return out


CASES = _with_events()
MARKETS = sorted({golden["events"][0]["market"] for _, golden in CASES})


def _comparable(event: dict, kind: str) -> dict:
    event = {k: (float(v) if k == "amount" and isinstance(v, int) else v) for k, v in event.items()}
    if kind in ("generic_subject", "combined"):
        event.pop("items", None)  # item names some templates only put in the subject
    if kind in ("wording", "combined"):
        event.pop("note", None)  # a quote of the reworded text
    return event


def _language(raw: bytes) -> str:
    """The first language of the sender's market table (the language its wording swaps are in)."""
    market = registry.market_of(ParsedMail.from_bytes(raw))
    return market.market.table.languages[0] if market is not None else "en"


@cache
def _results() -> tuple[tuple[str, str, bool, tuple[str, ...], str], ...]:
    """(variant kind, market, passed, wrong events, failure line) of every variant of every fixture."""
    out = []
    for eml, golden in CASES:
        raw = eml.read_bytes()
        market = golden["events"][0]["market"]
        allowed = {(e["kind"], e["order_id"]) for e in golden["events"]}
        for variant_kind, description, variant in variants(raw, _language(raw), golden["events"][0]["order_id"]):
            result = parse_fixture(variant, golden.get("options"))
            expected = [_comparable(e, variant_kind) for e in golden["events"]]
            got = [_comparable(e.to_dict(), variant_kind) for e in result.events]
            bad = tuple(f"{e['kind']}:{e['order_id']}" for e in got if (e["kind"], e["order_id"]) not in allowed)
            why = result.reason or result.error or "fields differ"
            line = f"{eml.relative_to(FIXTURES)} [{description}]: {result.status} ({why})"
            out.append((variant_kind, market, got == expected, bad, line))
    return tuple(out)


def _check(rows: list[tuple[str, str, bool, tuple[str, ...], str]], stats: list[int], what: str) -> None:
    passed = sum(1 for r in rows if r[2])
    wrong = [f"{r[4]}: wrong events {list(r[3])}" for r in rows if r[3]]
    stats[:] = [passed, len(rows), sum(len(r[3]) for r in rows)]
    assert rows, f"no {what} variant was produced"
    assert not wrong, "variants gained wrong events:\n" + "\n".join(wrong)
    rate = passed / len(rows)
    failures = [r[4] for r in rows if not r[2]]
    assert rate >= MIN_RATE, f"{what}: {passed}/{len(rows)} = {rate:.1%} < {MIN_RATE:.0%}:\n" + "\n".join(failures)


@pytest.mark.parametrize("kind", KINDS)
def test_variants_keep_the_events(kind: str) -> None:
    _check([r for r in _results() if r[0] == kind], STATS[kind], kind)


@pytest.mark.parametrize("market", MARKETS)
def test_variant_pass_rate_per_market(market: str) -> None:
    _check([r for r in _results() if r[1] == market], MARKET_STATS[market], market)
