"""The everyday commands end to end on a real store (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from daemon.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "emails"
DEMO_NOW = "2026-11-20T12:00:00+09:00"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def config_path(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'data' / 'orders.db'}"
        cleanup = None
    else:
        server = request.getfixturevalue("postgres")
        url = server.fresh_url()
        cleanup = lambda: server.drop_schema(url)  # noqa: E731
    path = tmp_path / "config.toml"
    path.write_text(f'lang = "en"\n[store]\nurl = "{url}"\n', encoding="utf-8")
    yield path
    if cleanup:
        cleanup()


def orders(capsys: pytest.CaptureFixture[str], config: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--config", str(config), *args])
    out, err = capsys.readouterr()
    return code, out, err


def orders_json(capsys: pytest.CaptureFixture[str], config: Path, *args: str) -> object:
    code, out, err = orders(capsys, config, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def imported(capsys: pytest.CaptureFixture[str], config_path: Path) -> Path:
    code, out, err = orders(capsys, config_path, "import", str(FIXTURES), "--now", DEMO_NOW)
    assert code == 0, err
    assert "imported" in out
    return config_path


def test_import_is_idempotent(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    before = orders_json(capsys, imported, "status", "--all", "--now", DEMO_NOW)
    again = orders_json(capsys, imported, "import", str(FIXTURES), "--now", DEMO_NOW)
    assert again["new"] == 0 and again["events"] == 0 and again["duplicates"] == again["mails"]
    assert orders_json(capsys, imported, "status", "--all", "--now", DEMO_NOW) == before


def test_alerts_json_contract_and_trouble(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    alerts = orders_json(capsys, imported, "alerts", "--now", DEMO_NOW)
    for a in alerts:
        assert {"order_id", "kind", "severity", "raised_at", "deadline", "title", "message", "action"} <= set(a)
        assert a["title"] and a["action"]
    kinds = {(a["order_id"], a["kind"]) for a in alerts}
    assert ("250-1111111-1111111", "shipped_after_cancel") in kinds
    assert ("503-2222222-2222222", "seller_no_reply") in kinds
    assert ("249-3333333-3333333", "refund_overdue") in kinds
    assert ("112-7777777-7777777", "refund_overdue") in kinds  # a US return received, no refund
    assert ("250-6666666-6666666", "mail_in_spam") in kinds
    assert ("250-1111111-1111111", "phishing") in kinds
    # The gift-card order was refunded on time: nothing to say about it.
    assert not any(order == "250-4444444-4444444" for order, _ in kinds)
    refund = next(a for a in alerts if a["kind"] == "refund_overdue")
    assert refund["deadline"].startswith("2026-11-13")


def test_now_before_the_trouble_shows_none_of_it(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    alerts = orders_json(capsys, imported, "alerts", "--now", "2026-11-01T00:00:00+09:00")
    assert not any(a["order_id"] in {"250-1111111-1111111", "503-2222222-2222222"} and a["kind"] != "phishing"
                   for a in alerts)


def test_status_and_show(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    status = orders_json(capsys, imported, "status", "--now", DEMO_NOW)
    by_id = {o["order_id"]: o for o in status}
    assert by_id["250-1111111-1111111"]["state"] == "shipped"
    assert "shipped_after_cancel" in by_id["250-1111111-1111111"]["alerts"]
    assert by_id["503-2222222-2222222"]["seller"] == "marketplace"
    shown = orders_json(capsys, imported, "show", "250-1111111-1111111", "--now", DEMO_NOW)
    kinds = [e["kind"] for e in shown["events"]]
    assert kinds.index("cancel_requested") < kinds.index("shipped")
    code, out, _ = orders(capsys, imported, "show", "250-1111111-1111111", "--now", DEMO_NOW)
    assert code == 0 and "Timeline" in out and "shipped_after_cancel" in out
    code, _, err = orders(capsys, imported, "show", "999-0000000-0000000")
    assert code == 1 and "no mail about this order" in err
    code, _, err = orders(capsys, imported, "show", "not-an-order")
    assert code == 2 and "not an order number" in err


def test_ack_stops_listing_but_show_keeps_it(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    code, out, err = orders(capsys, imported, "ack", "503-2222222-2222222", "seller_no_reply", "--now", DEMO_NOW)
    assert code == 0, err
    alerts = orders_json(capsys, imported, "alerts", "--now", DEMO_NOW)
    assert not any(a["order_id"] == "503-2222222-2222222" for a in alerts)
    everything = orders_json(capsys, imported, "alerts", "--all", "--now", DEMO_NOW)
    acked = [a for a in everything if a["order_id"] == "503-2222222-2222222"]
    assert acked and acked[0]["acknowledged_at"]
    shown = orders_json(capsys, imported, "show", "503-2222222-2222222", "--now", DEMO_NOW)
    assert "seller_no_reply" in shown["alerts"]
    code, _, err = orders(capsys, imported, "ack", "503-2222222-2222222", "seller_no_reply", "--now", DEMO_NOW)
    assert code == 1 and "no seller_no_reply alert to acknowledge" in err


def test_draft_in_both_languages(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    code, ja, _ = orders(capsys, imported, "draft", "503-2222222-2222222", "--lang", "ja")
    assert code == 0 and "注文番号" in ja and "503-2222222-2222222" in ja
    code, en, _ = orders(capsys, imported, "draft", "503-2222222-2222222", "--to", "support", "--lang", "en")
    assert code == 0 and "503-2222222-2222222" in en and "注文番号" not in en


def test_evidence_archive(capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "claim.zip"
    code, _, err = orders(capsys, imported, "evidence", "250-1111111-1111111", "--out", str(out), "--now", DEMO_NOW)
    assert code == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert {"timeline.md", "timeline.json"} <= set(names)
        mails = [n for n in names if n.startswith("mails/")]
        assert len(mails) >= 3
        assert all(zf.read(n).startswith((b"Return-Path", b"Received", b"From", b"Date", b"Message-ID",
                                          b"Authentication", b"Delivered", b"MIME", b"X-", b"DKIM", b"To"))
                   for n in mails)
        data = json.loads(zf.read("timeline.json"))
        assert data["order_id"] == "250-1111111-1111111"
        assert "shipped_after_cancel" in data["alerts"]


def test_unrecognized_and_reparse(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    unrecognized = orders_json(capsys, imported, "unrecognized")
    assert unrecognized and all("amazon" in m["from"] for m in unrecognized)
    before = orders_json(capsys, imported, "status", "--all", "--now", DEMO_NOW)
    counts = orders_json(capsys, imported, "reparse", "--now", DEMO_NOW)
    assert counts["mails"] > 100 and counts["parsed"] > 80
    assert orders_json(capsys, imported, "status", "--all", "--now", DEMO_NOW) == before
