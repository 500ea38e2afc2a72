"""One clock: every time the user sees — show, alerts, a notification, the evidence — in the configured
zone and labelled, the market's local time in brackets where it differs (issue 14)."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from daemon.cli import main
from daemon.config import load_config
from daemon.service.notify.base import render
from daemon.service.pipeline import evaluate
from store.repository import Store

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
NOW = "2026-11-20T12:00:00+09:00"
MAILS = ["jp/story1-250-1111111-ordered.eml", "jp/story1-250-1111111-cancel-requested.eml",
         "jp/story1-250-1111111-shipped.eml", "jp/story3-249-3333333-ordered-iso2022jp.eml",
         "jp/story3-249-3333333-cancelled.eml"]
CLOCK = re.compile(r"\d{2}:\d{2}")
LABEL = re.compile(r" (?:CET|CEST|JST|UTC(?:[+-]\d{2}:\d{2})?)\b")


def unlabelled(text: str) -> list[str]:
    """Every hh:mm in ``text`` not followed by its zone."""
    return [text[max(0, m.start() - 20):m.end() + 8] for m in CLOCK.finditer(text)
            if not LABEL.match(text, m.end())]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'lang = "en"\ntimezone = "Europe/Berlin"\n[store]\nurl = "sqlite:///{tmp_path / "o.db"}"\n',
                    encoding="utf-8")
    assert main(["--config", str(path), "import", *(str(FIXTURES / m) for m in MAILS)]) == 0
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_show_and_alerts_label_every_time(config, capsys, monkeypatch, lang):
    monkeypatch.setenv("COLUMNS", "250")
    for args in (["show", "250-1111111-1111111"], ["show", "249-3333333-3333333"], ["alerts"]):
        out = run(capsys, "--config", str(config), "--now", NOW, "--lang", lang, *args)
        assert CLOCK.search(out), out
        assert unlabelled(out) == [], out
        assert "CET" in out  # the user's zone, not the market's or the machine's
    alerts = run(capsys, "--config", str(config), "--now", NOW, "--lang", lang, "alerts")
    assert re.search(r"CET \((?:\d{2}-\d{2} |\d{2}/\d{2} )?\d{2}:\d{2} JST\)", alerts)  # the market's time


def test_a_notification_labels_its_times(config):
    cfg = load_config(config)
    store = Store.open(cfg.store_url)
    try:
        now = datetime.fromisoformat(NOW).astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
        records = evaluate(store, cfg, now)
    finally:
        store.close()
    assert records
    for record in records:
        for lang in ("en", "ja"):
            body = render(record, lang, now.tzinfo).body
            assert unlabelled(body) == [], body
            if record.deadline is not None:
                assert "CET" in body.splitlines()[-1]


def test_evidence_labels_times_and_holds_the_alert(config, capsys, tmp_path):
    out = tmp_path / "e.zip"
    run(capsys, "--config", str(config), "--now", NOW, "evidence", "249-3333333-3333333", "--out", str(out))
    with zipfile.ZipFile(out) as zf:
        md = zf.read("timeline.md").decode("utf-8")
    assert unlabelled(md) == [], md
    assert "## Alerts" in md and "refund" in md.lower() and "deadline: " in md
    # Never overwritten without --force.
    capsys.readouterr()
    assert main(["--config", str(config), "--now", NOW, "evidence", "249-3333333-3333333", "--out", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    run(capsys, "--config", str(config), "--now", NOW, "evidence", "249-3333333-3333333", "--out", str(out),
        "--force")


def test_bad_timezone_is_named(tmp_path, capsys):
    path = tmp_path / "config.toml"
    path.write_text('timezone = "Mars/Olympus"\n', encoding="utf-8")
    assert main(["--config", str(path), "alerts"]) == 2
    assert "timezone" in capsys.readouterr().err


def test_draft_invents_no_reason(config, capsys):
    out = run(capsys, "--config", str(config), "--now", NOW, "draft", "249-3333333-3333333")
    assert "by mistake" not in out
    assert "Amazon customer service" in out  # Amazon sold it: no "Hello Amazon.co.jp"
