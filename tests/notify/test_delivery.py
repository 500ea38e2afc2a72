"""deliver(): policy + real channels + the store's record_delivery, including the no-bus path."""

from __future__ import annotations

import logging
import sys
from datetime import timedelta

import pytest

from daemon.service.notify import DeliveryReport, NotifySettings, Outcome, SendResult, build_channels, deliver
from daemon.service.notify.command import CommandChannel
from daemon.service.notify.desktop import DesktopChannel
from daemon.service.notify.settings import CommandSpec
from tests.notify.records import NOW, MemoryDeliveries, all_kinds, make_record, read_jsonl
from tests.servers.dbus import session_bus
from tests.servers.notifications_service import notification_server

SETTINGS = NotifySettings(lang="ja")


def deferrals(report: DeliveryReport) -> list[str]:
    """One line per channel that was down: "desktop: 3 alerts pending — no D-Bus session bus (…)"."""
    by_channel: dict[str, list[Outcome]] = {}
    for o in report.outcomes:
        if o.status == "deferred":
            by_channel.setdefault(o.channel, []).append(o)
    return [f"{name}: {len(items)} alert{'s' if len(items) != 1 else ''} pending — {items[0].detail}"
            for name, items in by_channel.items()]


def hook_channel(argv: list[str], name: str = "hook", timeout: float = 10) -> CommandChannel:
    return CommandChannel(CommandSpec(name=name, argv=tuple(argv), timeout=timedelta(seconds=timeout)))


@pytest.mark.dbus
def test_no_bus_keeps_desktop_pending_warns_once_then_delivers_when_the_bus_is_back(
        hook, tmp_path, monkeypatch, caplog):
    argv, hook_out = hook
    records = [make_record("shipped_after_cancel", 1), make_record("refund_overdue", 2),
               make_record("phishing", 3)]
    store = MemoryDeliveries(records)

    with caplog.at_level(logging.INFO, logger="daemon.service.notify"):
        report = deliver(store.records(), [DesktopChannel(), hook_channel(argv)], NOW, SETTINGS,
                         store.record_delivery)
        # A later cycle with channels built afresh, still no bus: still pending, no second warning.
        later = NOW + timedelta(minutes=5)
        report2 = deliver(store.records(), build_channels({"command": [{"name": "hook", "argv": argv}]}),
                          later, SETTINGS, store.record_delivery)

    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "desktop notifications unavailable" in warnings[0]
    assert (report.sent, report.failed, report.deferred) == (3, 0, 3)
    assert {(o.alert_id, o.channel) for o in report.pending} == {(1, "desktop"), (2, "desktop"), (3, "desktop")}
    [line] = deferrals(report)
    assert line.startswith("desktop: 3 alerts pending — no D-Bus session bus") and "DBUS_SESSION_BUS_ADDRESS" in line
    assert [c for c in store.calls if c[1] == "desktop"] == []
    assert len(read_jsonl(hook_out)) == 3  # the other channel still fired, once
    assert (report2.sent, report2.failed, report2.deferred) == (0, 0, 3)

    with session_bus() as address, notification_server(address, tmp_path / "calls.jsonl") as server:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        back = NOW + timedelta(hours=1)
        with caplog.at_level(logging.INFO, logger="daemon.service.notify"):
            report3 = deliver(store.records(), build_channels({"command": [{"name": "hook", "argv": argv}]}),
                              back, SETTINGS, store.record_delivery)
        assert "desktop notifications work again" in caplog.messages
        assert (report3.sent, report3.failed, report3.deferred) == (3, 0, 0)
        assert sorted(o.alert_id for o in report3.outcomes if o.status == "sent") == [1, 2, 3]
        assert all(o.reason == "first" for o in report3.outcomes if o.status == "sent")
        calls = server.calls()
        # Critical urgency first (shipped_after_cancel, phishing), then the warning.
        assert [c["summary"] for c in calls] == [records[i].title["ja"] for i in (0, 2, 1)]
        assert len(read_jsonl(hook_out)) == 3  # nothing new for the hook: it had them already
        assert ("desktop", back, "warning") in [(c[1], c[2], c[3]) for c in store.calls]
        # Nothing is due any more.
        assert deliver(store.records(), [DesktopChannel()], back, SETTINGS, store.record_delivery).sent == 0


@pytest.mark.dbus
def test_failing_commands_do_not_stop_the_desktop(notifications, caplog):
    records = all_kinds()
    store = MemoryDeliveries(records)
    failing = hook_channel([sys.executable, "-c", "import sys; sys.exit(2)"], name="broken")
    slow = hook_channel(["sleep", "5"], name="slow", timeout=0.2)
    with caplog.at_level(logging.WARNING, logger="daemon.service.notify"):
        report = deliver(records, [failing, slow, DesktopChannel()], NOW, SETTINGS, store.record_delivery)
    assert len(notifications.calls()) == len(records)
    assert sorted(store.channels_for(1)) == ["desktop"]
    assert report.sent == len(records)
    assert report.failed == 2 * len(records)
    assert "command:broken: alert 1: exit status 2" in report.failures
    assert "command:slow: alert 1: timed out after 0.2 s (killed)" in report.failures
    assert sum("command:slow" in m for m in caplog.messages) == len(records)


class Raising:
    name = "raising"

    def send(self, alert, lang, *, tz=None):
        raise RuntimeError("plugin bug")


class WrongType:
    name = "wrong"

    def send(self, alert, lang, *, tz=None):
        return True


def test_a_raising_channel_is_contained(hook):
    argv, hook_out = hook
    store = MemoryDeliveries([make_record()])
    report = deliver(store.records(), [Raising(), WrongType(), hook_channel(argv)], NOW, SETTINGS,
                     store.record_delivery)
    assert report.failures == ["raising: alert 1: raised RuntimeError: plugin bug",
                               "wrong: alert 1: returned True instead of a SendResult"]
    assert store.channels_for(1) == ["command:hook"]
    assert len(read_jsonl(hook_out)) == 1


def test_reminders_and_resolution_over_time(hook):
    argv, hook_out = hook
    store = MemoryDeliveries([make_record("refund_overdue", 1)])
    channels = [hook_channel(argv)]

    def at(delta):
        return deliver(store.records(), channels, NOW + delta, SETTINGS, store.record_delivery)

    assert at(timedelta(0)).sent == 1
    assert at(timedelta(hours=12)).sent == 0
    reminder = at(timedelta(hours=24))
    assert reminder.sent == 1 and reminder.outcomes[0].reason == "reminder"
    assert at(timedelta(hours=30)).sent == 0
    store.update(1, severity="critical")
    rose = at(timedelta(hours=31))
    assert rose.sent == 1 and rose.outcomes[0].reason == "severity_rose"
    store.update(1, resolved_at=NOW + timedelta(hours=32))
    assert at(timedelta(days=5)).outcomes[0].reason == "resolved"
    payloads = read_jsonl(hook_out)
    assert [p["severity"] for p in payloads] == ["warning", "warning", "critical"]
    assert [c[3] for c in store.calls] == ["warning", "warning", "critical"]


def test_quiet_hours_leave_sends_pending(hook):
    argv, hook_out = hook
    quiet = NotifySettings(lang="en", quiet_hours=NotifySettings.from_mapping(
        {"quiet_hours": "11:00-13:00"}).quiet_hours)
    store = MemoryDeliveries([make_record("refund_overdue", 1), make_record("phishing", 2)])
    report = deliver(store.records(), [hook_channel(argv)], NOW, quiet, store.record_delivery)  # 12:00 JST
    assert [(o.alert_id, o.status, o.reason) for o in report.outcomes] == [
        (2, "sent", "first"), (1, "not_due", "quiet_hours")]
    assert [o.alert_id for o in report.pending] == [1]
    assert [p["kind"] for p in read_jsonl(hook_out)] == ["phishing"]
    later = deliver(store.records(), [hook_channel(argv)], NOW + timedelta(hours=1), quiet, store.record_delivery)
    assert [(o.alert_id, o.status) for o in later.outcomes] == [(2, "not_due"), (1, "sent")]


def test_critical_first_and_settings_given_as_the_config_mapping(hook):
    argv, hook_out = hook
    records = [make_record("cancel_unconfirmed", 1), make_record("refund_overdue", 2, severity="critical"),
               make_record("seller_no_reply", 3)]
    store = MemoryDeliveries(records)
    deliver(records, [hook_channel(argv)], NOW, {"lang": "en"}, store.record_delivery)
    payloads = read_jsonl(hook_out)
    assert [p["id"] for p in payloads] == [2, 3, 1]
    assert all(p["lang"] == "en" for p in payloads)


def test_a_failing_record_delivery_does_not_stop_the_batch(hook, caplog):
    argv, hook_out = hook

    def broken_store(*args):
        raise OSError("disk full")

    with caplog.at_level(logging.ERROR, logger="daemon.service.notify"):
        report = deliver([make_record("refund_overdue", 1), make_record("phishing", 2)], [hook_channel(argv)],
                         NOW, SETTINGS, broken_store)
    assert report.sent == 2
    assert sum("sent but not recorded" in m for m in caplog.messages) == 2


def test_a_channel_result_detail_reaches_the_report():
    class Flaky:
        name = "flaky"

        def send(self, alert, lang, *, tz=None):
            return SendResult(False, "HTTP 503")

    report = deliver([make_record()], [Flaky()], NOW, SETTINGS, lambda *a: None)
    assert report.failures == ["flaky: alert 1: HTTP 503"] and report.failed == 1
