"""`orders demo --market`: each marketplace's own story, at its own moment, in the user's language."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "daemon.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


def test_european_story_in_german() -> None:
    out = demo("--lang", "de", "demo", "--market", "amazon.de")
    assert out.returncode == 0, out.stderr
    assert "15 Beispiel-Mails" in out.stdout and "15 gelesen" in out.stdout  # the first line in German too
    assert "Trotz Stornierung versandt (302-1234567-1000001)" in out.stdout      # shipped after the cancel request
    assert "Erstattung überfällig (302-2345678-2000002)" in out.stdout          # return received, no refund
    assert "Sie haben die Annahme von Bestellung 302-5678901-5000005" in out.stdout  # refused parcel, no refund
    assert "02.12.2026 08:30 CET" in out.stdout                                   # Berlin time, German format
    assert "Offene Bestellungen" in out.stdout and "Warnungen" in out.stdout        # the table speaks German too


@pytest.mark.parametrize(("market", "prefix"), [("amazon.de", "302"), ("amazon.com.br", "702")])
def test_market_story_as_json(market: str, prefix: str) -> None:
    """A: shipped after its cancel request; B: returned, no refund; E: cancel refused, parcel refused, no refund."""
    out = demo("--lang", "en", "demo", "--market", market, "--json")
    assert out.returncode == 0, out.stderr
    alerts = json.loads(out.stdout)
    ids = {"amazon.de": ("1234567-1000001", "2345678-2000002", "5678901-5000005"),
           "amazon.com.br": ("7021001-1000131", "7021002-2000132", "7021005-5000135")}[market]
    a, b, e = (f"{prefix}-{i}" for i in ids)
    assert {(x["kind"], x["order_id"]) for x in alerts} == {
        ("shipped_after_cancel", a), ("refund_overdue", b), ("refund_overdue", e)}
    assert all(a["title"] and a["message"] and a["action"] for a in alerts)


def test_unknown_market_is_a_one_line_error() -> None:
    out = demo("demo", "--market", "amazon.example")
    assert out.returncode != 0 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "use one of amazon.co.jp" in out.stderr
