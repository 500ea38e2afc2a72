"""Issue 14's small things: ack without an order, full-width order numbers, import of no mail, --help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daemon.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "emails"
NOW = "2026-11-20T12:00:00+09:00"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("small")
    path = tmp / "config.toml"
    path.write_text(f'lang = "en"\n[store]\nurl = "sqlite:///{tmp / "o.db"}"\n', encoding="utf-8")
    assert main(["--config", str(path), "import", str(FIXTURES)]) == 0
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ack_phishing_that_names_no_order(config, capsys):
    code, out, _ = run(capsys, "--config", str(config), "--now", NOW, "alerts", "--json")
    orderless = [a for a in json.loads(out) if a["kind"] == "phishing" and not a["order_id"]]
    assert orderless, "the fixtures hold a forged mail naming no order"
    code, out, err = run(capsys, "--config", str(config), "--now", NOW, "ack", "phishing")
    assert code == 0, err
    assert "naming no order" in out and "for \n" not in out
    code, out, _ = run(capsys, "--config", str(config), "--now", NOW, "alerts", "--json")
    assert not [a for a in json.loads(out) if a["kind"] == "phishing" and not a["order_id"]]


def test_full_width_order_numbers_are_accepted(config, capsys):
    code, out, err = run(capsys, "--config", str(config), "--now", NOW, "show", "--json", "２５０－１１１１１１１－１１１１１１１")
    assert code == 0, err
    assert json.loads(out)["order_id"] == "250-1111111-1111111"


def test_poll_and_alerts_count_the_same(config, capsys):
    # `alerts` lists the unacknowledged ones; import (like poll) reports that same number.
    code, out, _ = run(capsys, "--config", str(config), "--now", NOW, "alerts", "--json")
    listed = len(json.loads(out))
    code, out, _ = run(capsys, "--config", str(config), "--now", NOW, "import", "--json", str(FIXTURES / "jp"))
    assert json.loads(out)["active_alerts"] == listed


def test_import_of_something_that_is_not_mail(config, capsys):
    code, out, err = run(capsys, "--config", str(config), "import", str(ROOT / "README.md"))
    assert code == 0, err
    assert "no mail found" in out and "()" not in out and "; )" not in out


def test_help_describes_arguments_and_offers_only_flags_that_work():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        for action in p._actions:
            if action.dest in ("help", "version"):
                continue
            assert action.help, f"orders {name}: {action.option_strings or action.dest} has no help"
    flags = {name: {o for a in p._actions for o in a.option_strings} for name, p in sub.choices.items()}
    assert "--now" not in flags["watch"] and "--json" not in flags["watch"]
    assert "--json" not in flags["config"] and "--now" not in flags["init"]
    assert {"--now", "--lang", "--json", "--wide"} <= flags["status"]


def test_demo_in_japanese_from_first_line_to_last(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    code, out, err = run(capsys, "--lang", "ja", "demo")
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines[0].startswith("orders デモ") and "時点" in lines[0]
    assert lines[-1].startswith("次に:")
    assert "shipped_after_cancel" not in out  # codes shown as words in Japanese
    assert "キャンセル後の発送" in out
