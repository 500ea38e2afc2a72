"""The desktop channel against a real private session bus and a recording notification server."""

from __future__ import annotations

import html
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from daemon.service.notify.desktop import ICON_PATH, DesktopChannel, session_bus_address
from tests.conftest import need
from tests.notify.records import EXPECTED_URGENCY, JST, KINDS, expected_body, make_record
from tests.servers.dbus import session_bus
from tests.servers.notifications_service import notification_server

ROOT = Path(__file__).resolve().parents[2]
NOTIFY_SEND = "/usr/bin/notify-send"

pytestmark = pytest.mark.dbus


def run_sender(request: dict, tmp_path: Path, with_notify_send: bool) -> dict:
    """Run tests/notify/desktop_sender.py with PATH holding notify-send or not."""
    bindir = tmp_path / ("with-notify-send" if with_notify_send else "empty-bin")
    bindir.mkdir(exist_ok=True)
    if with_notify_send:
        if not os.path.exists(NOTIFY_SEND):
            need(False, "libnotify-bin (notify-send) is not installed")
        (bindir / "notify-send").unlink(missing_ok=True)
        (bindir / "notify-send").symlink_to(NOTIFY_SEND)
    env = {**os.environ, "PATH": str(bindir)}
    proc = subprocess.run([sys.executable, "-m", "tests.notify.desktop_sender"], input=json.dumps(request),
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    if with_notify_send:
        assert out["notify_send"] and out["notify_send"].endswith("notify-send")
    else:
        assert out["notify_send"] is None
    return out


@pytest.mark.parametrize("with_notify_send", [True, False], ids=["notify-send-on-PATH", "no-notify-send"])
def test_every_kind_both_languages_same_result_whatever_the_path(notifications, tmp_path, with_notify_send):
    alerts = [{"kind": kind, "id": i, "lang": lang}
              for i, (kind, lang) in enumerate((k, lang) for k in KINDS for lang in ("ja", "en"))]
    alerts.append({"kind": "refund_overdue", "id": 99, "lang": "en", "severity": "critical"})
    alerts.append({"kind": "cancel_unconfirmed", "id": 100, "lang": "ja", "title": "-5 件: ハイフンで始まる題"})
    alerts.append({"kind": "cancel_unconfirmed", "id": 101, "lang": "en", "title": "--help"})

    out = run_sender({"mode": "channel", "alerts": alerts}, tmp_path, with_notify_send)

    assert [r[0] for r in out["results"]] == [True] * len(alerts), out["results"]
    calls = notifications.calls()
    assert len(calls) == len(alerts)
    for alert, call in zip(alerts, calls, strict=True):
        record = make_record(alert["kind"])
        lang = alert["lang"]
        assert call["app_name"] == "orders"
        assert call["app_icon"] == str(ICON_PATH) and os.path.isabs(call["app_icon"])
        assert call["summary"] == alert.get("title", record.title[lang])
        # The recorder advertises body-markup, so "&" and "<" must arrive escaped.
        assert call["body"] == html.escape(expected_body(record, lang), quote=False)
        want_urgency = 2 if alert.get("severity") == "critical" else EXPECTED_URGENCY[alert["kind"]]
        assert call["hints"]["urgency"] == ["y", want_urgency]
        assert call["replaces_id"] == 0 and call["actions"] == []
    by_id = {a["id"]: c for a, c in zip(alerts, calls, strict=True)}
    assert by_id[100]["summary"] == "-5 件: ハイフンで始まる題"
    assert by_id[101]["summary"] == "--help"
    phishing_en = next(a["id"] for a in alerts if a["kind"] == "phishing" and a["lang"] == "en")
    assert "&lt;no-reply@amaz0n.example&gt; &amp; asking" in by_id[phishing_en]["body"]


def test_what_notify_py_alone_gets_wrong(notifications, tmp_path):
    """The reason the channel brings its own D-Bus notifier: notify-py's two Linux backends differ."""
    out = run_sender({"mode": "raw_notifypy", "alerts": [{"title": "plain"}]}, tmp_path, False)
    assert out["results"][0][0] is True
    assert "urgency" not in notifications.calls()[-1]["hints"]  # jeepney backend drops urgency
    notifications.clear()
    out = run_sender({"mode": "raw_notifypy", "alerts": [{"title": "-5 days late"}]}, tmp_path, True)
    assert out["results"][0][0] is False  # notify-send took "-5 days late" as options
    assert notifications.calls() == []


def test_body_sent_verbatim_when_server_has_no_markup(bus, tmp_path):
    with notification_server(bus, tmp_path / "plain.jsonl", caps=("body",)) as server:
        record = make_record("phishing")
        result = DesktopChannel().send(record, "en", tz=JST)
        assert result.ok, result.detail
        assert server.calls()[0]["body"] == expected_body(record, "en")
        assert "<no-reply@amaz0n.example> &" in server.calls()[0]["body"]


def test_no_session_bus_is_one_line_channel_down(caplog):
    assert session_bus_address() is None
    channel = DesktopChannel()
    with caplog.at_level(logging.WARNING, logger="daemon.service.notify"):
        results = [channel.send(make_record(kind), "ja") for kind in KINDS]
    assert not any(r.ok for r in results)
    assert all(r.channel_down for r in results)
    assert "DBUS_SESSION_BUS_ADDRESS" in results[0].detail and "\n" not in results[0].detail
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]


def test_bus_gone_and_no_server_are_channel_down(monkeypatch, tmp_path):
    with session_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        no_server = DesktopChannel().send(make_record(), "en")
        assert not no_server.ok and no_server.channel_down
        assert no_server.detail == "no notification server on the session bus"
    gone = DesktopChannel().send(make_record(), "en")  # the bus has stopped: its socket is gone
    assert not gone.ok and gone.channel_down
    assert gone.detail.startswith("session bus unreachable (")


def test_systemd_user_bus_found_without_the_variable(monkeypatch, tmp_path):
    with session_bus() as address:
        path = address.split("unix:path=", 1)[1].split(",", 1)[0]
        runtime = Path(path).parent
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        assert session_bus_address() == f"unix:path={runtime / 'bus'}"
        with notification_server(f"unix:path={runtime / 'bus'}", tmp_path / "calls.jsonl") as server:
            assert DesktopChannel().send(make_record("phishing"), "ja").ok
            assert server.calls()[0]["hints"]["urgency"] == ["y", 2]


def test_non_linux_platforms_use_notify_py_backends():
    from daemon.service.notify.desktop import uses_dbus

    assert uses_dbus("linux") and uses_dbus("freebsd14")
    assert not uses_dbus("darwin") and not uses_dbus("win32")
