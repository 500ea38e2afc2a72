"""The variant pass rates, printed at the end of every run that ran them."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.parsers.test_variants import MARKET_STATS, STATS

    for title, stats in (("per variant kind", STATS), ("per market", MARKET_STATS)):
        if not stats:
            continue
        terminalreporter.section(f"wording variants: same events {title} (floor 98 %, 0 wrong)")
        for key, (passed, total, wrong) in stats.items():
            rate = passed / total if total else 0.0
            terminalreporter.write_line(f"{key:<16} {passed:>4}/{total:<4} {rate:7.1%}   wrong events: {wrong}")
