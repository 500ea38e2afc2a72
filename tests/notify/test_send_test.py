"""send_test (for `orders notify --test` and `orders doctor`), build_channels, and the apprise channel."""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from daemon.service.notify import build_channels, deliver, send_test
from daemon.service.notify.apprise_channel import AppriseChannel
from tests.notify.records import NOW, MemoryDeliveries, make_record, read_jsonl

# apprise's own import still uses imghdr (deprecated in 3.11); not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")
needs_apprise = pytest.mark.skipif(importlib.util.find_spec("apprise") is None, reason="apprise (optional extra) is not installed")


@pytest.mark.dbus
def test_every_channel_reports_its_result(notifications, hook):
    argv, hook_out = hook
    results = send_test({"command": [{"name": "hook", "argv": argv}]}, lang="ja", now=NOW)
    assert [(r.channel, r.ok) for r in results] == [("desktop", True), ("command:hook", True)]
    [call] = notifications.calls()
    assert call["summary"] == "orders: テスト通知" and call["app_name"] == "orders"
    assert call["hints"]["urgency"] == ["y", 1]
    [payload] = read_jsonl(hook_out)
    assert payload["test"] is True and payload["kind"] == "test" and payload["lang"] == "ja"


def test_without_a_bus_the_desktop_result_says_why(hook):
    argv, _ = hook
    results = send_test({"lang": "en", "command": [{"name": "hook", "argv": argv}]}, now=NOW)
    by_name = {r.channel: r for r in results}
    assert not by_name["desktop"].ok and "DBUS_SESSION_BUS_ADDRESS" in by_name["desktop"].detail
    assert by_name["command:hook"].ok


def test_a_failing_hook_is_reported():
    results = send_test({"desktop": False, "command": [{"name": "bad", "argv": [sys.executable, "-c", "exit(4)"]}]})
    assert [(r.channel, r.ok, r.detail) for r in results] == [("command:bad", False, "exit status 4")]


def test_nothing_configured_is_one_failed_line():
    [result] = send_test({"desktop": False})
    assert not result.ok and "no channel configured" in result.detail


def test_apprise_missing_is_skipped_with_one_warning(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "apprise", None)  # makes `import apprise` raise ImportError
    config = {"desktop": False, "apprise": ["ntfy://ntfy.sh/secret-topic"]}
    with caplog.at_level("WARNING", logger="daemon.service.notify"):
        assert build_channels(config) == []
        assert build_channels(config) == []
        results = send_test(config)
    assert len(caplog.records) == 1 and "apprise is not installed" in caplog.messages[0]
    assert [(r.channel, r.ok) for r in results] == [("apprise", False)]
    assert "secret-topic" not in results[0].detail and "secret-topic" not in caplog.text


def test_channel_names_are_stable():
    channels = build_channels({"command": [{"argv": ["/usr/local/bin/on-alert"]}, {"argv": ["/opt/on-alert"]},
                                           {"name": "phone", "argv": ["curl"]}]})
    assert [c.name for c in channels] == ["desktop", "command:on-alert", "command:on-alert-2", "command:phone"]


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append((self.path, json.loads(body)))
        self.send_response(200 if self.path != "/fail" else 500)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@needs_apprise
def test_apprise_delivers_title_body_and_type(webhook):
    url = f"json://127.0.0.1:{webhook.server_port}/hook"
    channels = build_channels({"desktop": False, "apprise": [url]})
    assert [c.name for c in channels] == ["apprise"]
    record = make_record("shipped_after_cancel")
    store = MemoryDeliveries([record])
    report = deliver([record], channels, NOW, {"lang": "ja"}, store.record_delivery)
    assert report.sent == 1 and store.channels_for(1) == ["apprise"]
    [(path, payload)] = webhook.received
    assert path == "/hook"
    assert payload["title"] == record.title["ja"]
    assert payload["message"].startswith(record.message["ja"] + "\n" + record.action["ja"])
    assert payload["type"] == "failure"  # critical urgency


@needs_apprise
def test_apprise_failure_and_bad_url_are_reported(webhook):
    failing = AppriseChannel([f"json://127.0.0.1:{webhook.server_port}/fail"])
    result = failing.send(make_record(), "en")
    assert not result.ok and "could not deliver" in result.detail
    bad = AppriseChannel(["json://127.0.0.1:1/ok", "nonsense-with-token-123"])
    result = bad.send(make_record(), "en")
    assert not result.ok and result.detail == "apprise URL #2 (?://…) not understood by apprise"
    assert "token-123" not in result.detail
