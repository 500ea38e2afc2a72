"""The variant pass rates, printed at the end of every run that ran them."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.parsers.test_variants import STATS

    if not STATS:
        return
    terminalreporter.section("wording variants: same events per variant kind (floor 98 %, 0 wrong)")
    for kind, (passed, total, wrong) in STATS.items():
        rate = passed / total if total else 0.0
        terminalreporter.write_line(f"{kind:<16} {passed:>4}/{total:<4} {rate:7.1%}   wrong events: {wrong}")
