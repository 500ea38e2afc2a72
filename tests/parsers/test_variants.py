"""Robustness, not memory: every golden fixture with events, reworded and re-delivered, gives the same
events. Pass rate per variant kind must be >= 98 % and no variant may gain a wrong event (an event of
another kind or order than the golden file's). The rates are printed in the terminal summary.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from parsers.golden import parse_fixture
from tests.parsers.variants import KINDS, variants

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
MIN_RATE = 0.98
# kind -> [passed, total, wrong events]; read by conftest's terminal summary.
STATS: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])


def _with_events() -> list[tuple[Path, dict]]:
    out = []
    for eml in sorted(FIXTURES.rglob("*.eml")):
        golden = json.loads(eml.with_name(eml.name + ".events.json").read_text(encoding="utf-8"))
        if golden.get("events"):
            out.append((eml, golden))
    return out


CASES = _with_events()


def _comparable(event: dict, kind: str) -> dict:
    event = {k: (float(v) if k == "amount" and isinstance(v, int) else v) for k, v in event.items()}
    if kind in ("generic_subject", "combined"):
        event.pop("items", None)  # item names some templates only put in the subject
    if kind in ("wording", "combined"):
        event.pop("note", None)  # a quote of the reworded text
    return event


@pytest.mark.parametrize("kind", KINDS)
def test_variants_keep_the_events(kind: str) -> None:
    failures: list[str] = []
    wrong: list[str] = []
    stats = STATS[kind]
    stats[:] = [0, 0, 0]
    for eml, golden in CASES:
        language = "ja" if golden["events"][0]["market"] == "amazon.co.jp" else "en"
        expected = [_comparable(e, kind) for e in golden["events"]]
        allowed = {(e["kind"], e["order_id"]) for e in golden["events"]}
        for variant_kind, description, raw in variants(eml.read_bytes(), language, golden["events"][0]["order_id"]):
            if variant_kind != kind:
                continue
            result = parse_fixture(raw, golden.get("options"))
            got = [_comparable(e.to_dict(), kind) for e in result.events]
            stats[1] += 1
            bad = [(e["kind"], e["order_id"]) for e in got if (e["kind"], e["order_id"]) not in allowed]
            if bad:
                stats[2] += len(bad)
                wrong.append(f"{eml.relative_to(FIXTURES)} [{description}]: wrong events {bad}")
            if got == expected:
                stats[0] += 1
            else:
                why = result.reason or result.error or "fields differ"
                failures.append(f"{eml.relative_to(FIXTURES)} [{description}]: {result.status} ({why})")
    passed, total, _ = stats
    assert total > 0, f"no {kind} variant was produced"
    assert not wrong, "variants gained wrong events:\n" + "\n".join(wrong)
    rate = passed / total
    assert rate >= MIN_RATE, f"{kind}: {passed}/{total} = {rate:.1%} < {MIN_RATE:.0%}:\n" + "\n".join(failures)
