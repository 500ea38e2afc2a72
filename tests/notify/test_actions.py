"""Notification actions on a real private bus: `orders watch` sends buttons and acts on the clicks."""

from __future__ import annotations

import os
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from daemon.cli import main
from daemon.service.notify import actions
from daemon.service.watch import WatchTuning, run_watch
from store.repository import Store
from tests.servers.notifications_service import DEFAULT_CAPS, RecordingServer, notification_server

pytestmark = pytest.mark.dbus

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
STORY1 = ["jp/story1-250-1111111-ordered.eml", "jp/story1-250-1111111-cancel-requested.eml",
          "jp/story1-250-1111111-shipped.eml"]
ORDER = "250-1111111-1111111"
NOW = datetime.fromisoformat("2026-11-20T12:00:00+09:00")
OPENER = """import sys
with open(sys.argv[1], "a", encoding="utf-8") as out:
    out.write(sys.argv[2] + "\\n")
"""


def wait_for(check: Callable[[], object], what: str, timeout: float = 60.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> dict:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    opened = tmp_path / "opened.txt"
    # A stand-in for the desktop's clipboard tool: what it is given lands in clip.txt.
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "wl-copy").write_text(f"#!{sys.executable}\nimport sys, pathlib\n"
                                    f"pathlib.Path({str(tmp_path / 'clip.txt')!r}).write_bytes(sys.stdin.buffer.read())\n",
                                    encoding="utf-8")
    (bindir / "wl-copy").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    script = tmp_path / "opener.py"
    script.write_text(OPENER, encoding="utf-8")
    db = tmp_path / "orders.db"
    config = tmp_path / "config.toml"
    config.write_text(f'lang = "en"\ntimezone = "Europe/Berlin"\n[store]\nurl = "sqlite:///{db}"\n[notify]\ndesktop = true\n'
                      f'opener = ["{sys.executable}", "{script}", "{opened}"]\n', encoding="utf-8")
    assert main(["--config", str(config), "import", *(str(FIXTURES / p) for p in STORY1)]) == 0
    capsys.readouterr()
    return {"config": config, "db": db, "runtime": runtime, "opened": opened}


@pytest.fixture
def watching(setup: dict) -> Iterator[Callable[[RecordingServer], None]]:
    stop = threading.Event()
    threads: list[threading.Thread] = []

    def start(_: RecordingServer) -> None:
        t = threading.Thread(target=run_watch, args=(setup["config"],),
                             kwargs={"stop_event": stop, "now_fn": lambda: NOW,
                                     "tuning": WatchTuning(tick=0.05, stop_timeout=10)}, daemon=True)
        t.start()
        threads.append(t)

    yield start
    stop.set()
    for t in threads:
        t.join(30)
    actions.set_active(None)


def opened_lines(setup: dict) -> list[str]:
    path: Path = setup["opened"]
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_each_action_of_a_real_notification(bus, tmp_path, setup, watching):
    with notification_server(bus, tmp_path / "calls.jsonl", caps=(*DEFAULT_CAPS, "actions")) as server:
        watching(server)
        call = wait_for(lambda: next((c for c in server.calls() if ORDER in c["summary"]), None),
                        "the shipped-after-cancel notification")
        assert "CET (" in call["body"] and "JST)" in call["body"]  # the user's zone, the market's in brackets
        keys = call["actions"][0::2]
        assert keys == ["default", "timeline", "draft", "ack"]
        assert call["actions"][1::2] == ["Open order", "Timeline", "Draft", "Acknowledge"]

        server.invoke(call["id"], "default")
        url = f"https://www.amazon.co.jp/gp/your-account/order-details?orderID={ORDER}"
        wait_for(lambda: url in opened_lines(setup), "the order page handed to the opener")

        server.invoke(call["id"], "timeline")
        page = setup["runtime"] / "orders" / f"timeline-{ORDER}.html"
        wait_for(lambda: page.as_uri() in opened_lines(setup), "the timeline opened")
        assert stat.S_IMODE(page.stat().st_mode) == 0o600
        text = page.read_text(encoding="utf-8")
        assert ORDER in text and "<table>" in text and "<script" not in text
        assert "<h2>Alerts</h2>" in text and "<strong>" in text and "JST" in text  # the alert, times labelled

        server.invoke(call["id"], "draft")
        drafts = lambda: sorted((setup["runtime"] / "orders").glob(f"draft-{ORDER}-*.txt"))  # noqa: E731
        wait_for(lambda: drafts() and str(drafts()[0]) in opened_lines(setup), "the draft opened")
        assert stat.S_IMODE(drafts()[0].stat().st_mode) == 0o600
        assert ORDER in drafts()[0].read_text(encoding="utf-8")
        assert (tmp_path / "clip.txt").read_text(encoding="utf-8") == drafts()[0].read_text(encoding="utf-8")

        server.invoke(call["id"], "ack")

        def acked() -> bool:
            store = Store.open(f"sqlite:///{setup['db']}")
            try:
                return any(a.order_id == ORDER and a.kind == "shipped_after_cancel" and a.acknowledged_at
                           for a in store.alerts(active_only=True))
            finally:
                store.close()

        wait_for(acked, "the alert acknowledged in the store")


def test_without_the_actions_capability_notifications_have_no_buttons(bus, tmp_path, setup, watching):
    with notification_server(bus, tmp_path / "calls.jsonl") as server:  # no "actions" capability
        watching(server)
        call = wait_for(lambda: next((c for c in server.calls() if ORDER in c["summary"]), None),
                        "the notification")
        assert call["actions"] == []
        assert actions.active() is None


def test_order_url_per_market():
    assert actions.order_url("114-1-2", "amazon.com") == \
        "https://www.amazon.com/gp/your-account/order-details?orderID=114-1-2"
    assert actions.order_url("1", "evil.example/x") .startswith("https://www.amazon.co.jp/")


def test_markdown_to_html_escapes_mail_text():
    page = actions.markdown_to_html("# T <b>\n- a: <script>x</script>\n| A | B |\n|---|---|\n| 1 \\| 2 | <i> |\n", "t")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<td>1 | 2</td>" in page and "&lt;i&gt;" in page
