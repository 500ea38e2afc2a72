"""Fault tests: figures for the closing note (malformed inputs tried, slowest and largest parse,
crash trials run, events compared), printed in pytest's terminal summary."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass
class Figures:
    inputs_tried: int = 0
    slowest: tuple[float, str, int] = (0.0, "", 0)  # CPU seconds, label, bytes
    largest: tuple[int, str, float] = (0, "", 0.0)  # bytes, label, seconds
    peak_memory: tuple[int, str] = (0, "")  # bytes allocated at peak, label
    crash_trials: int = 0
    kills: int = 0
    events_compared: int = 0
    mails_compared: int = 0
    stored_at_kill: list[tuple[int, int]] = field(default_factory=list)  # (mails stored, of total)
    notes: list[str] = field(default_factory=list)

    def parsed(self, label: str, size: int, seconds: float) -> None:
        self.inputs_tried += 1
        if seconds > self.slowest[0]:
            self.slowest = (seconds, label, size)
        if size > self.largest[0]:
            self.largest = (size, label, seconds)

    def lines(self) -> list[str]:
        out = []
        if self.inputs_tried:
            out += [
                f"malformed inputs parsed: {self.inputs_tried}",
                f"slowest parse: {self.slowest[0] * 1000:.1f} ms of CPU ({self.slowest[1]}, {self.slowest[2]:,} bytes)",
                f"largest parse: {self.largest[0]:,} bytes ({self.largest[1]}, {self.largest[2] * 1000:.1f} ms)",
            ]
        if self.peak_memory[0]:
            out.append(f"peak parse memory: {self.peak_memory[0] / 2**20:.1f} MiB ({self.peak_memory[1]})")
        if self.crash_trials:
            out.append(f"crash trials: {self.crash_trials} ({self.kills} killed mid-sync); "
                       f"mails compared: {self.mails_compared}; events compared: {self.events_compared}")
            partial = sorted(n for n, total in self.stored_at_kill if 0 < n < total)
            out.append(f"kills that left a partial store: {len(partial)} (mails stored at those kills: "
                       f"{', '.join(map(str, partial))})")
        return out + self.notes


FIGURES = Figures()


@pytest.fixture(scope="session")
def figures() -> Figures:
    return FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = FIGURES.lines()
    if lines:
        terminalreporter.section("fault-test figures")
        for line in lines:
            terminalreporter.write_line(line)
