"""The delivery policy, pure: explicit `now`s, no clock."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, time, timedelta

from daemon.service.notify.policy import due, in_quiet_hours
from daemon.service.notify.settings import NotifySettings
from store.domain.model import Delivery
from tests.notify.records import JST, NOW, make_record

DEFAULT = NotifySettings()
QUIET = NotifySettings(quiet_hours=(time(22, 0), time(7, 0)))


def delivered(record, channel="desktop", at=NOW, severity=None):
    return dataclasses.replace(record, deliveries=(*record.deliveries, Delivery(channel, at, severity or record.severity)))


def test_first_send_then_once_until_a_reminder_is_due():
    record = make_record("refund_overdue")
    assert due(record, "desktop", NOW, DEFAULT) and due(record, "desktop", NOW, DEFAULT).reason == "first"
    sent = delivered(record)
    assert due(sent, "desktop", NOW, DEFAULT).reason == "reminder_not_due"
    assert not due(sent, "desktop", NOW + timedelta(hours=23, minutes=59), DEFAULT)
    reminder = due(sent, "desktop", NOW + timedelta(hours=24), DEFAULT)
    assert reminder and reminder.reason == "reminder"


def test_reminder_interval_from_settings_and_off():
    sent = delivered(make_record())
    hourly = NotifySettings(remind_every=timedelta(hours=1))
    assert not due(sent, "desktop", NOW + timedelta(minutes=59), hourly)
    assert due(sent, "desktop", NOW + timedelta(hours=1), hourly).reason == "reminder"
    never = NotifySettings(remind_every=None)
    assert due(sent, "desktop", NOW + timedelta(days=30), never).reason == "reminders_off"


def test_each_channel_has_its_own_state():
    sent = delivered(make_record(), channel="desktop")
    assert not due(sent, "desktop", NOW, DEFAULT)
    assert due(sent, "command:log", NOW, DEFAULT).reason == "first"


def test_the_latest_delivery_on_the_channel_counts():
    record = delivered(delivered(make_record(), at=NOW - timedelta(days=3)), at=NOW)
    assert not due(record, "desktop", NOW + timedelta(hours=1), DEFAULT)


def test_acknowledged_stops_reminders_but_not_a_severity_rise():
    sent = delivered(make_record("refund_overdue"))  # warning delivered
    acked = dataclasses.replace(sent, acknowledged_at=NOW + timedelta(minutes=5))
    assert due(acked, "desktop", NOW + timedelta(days=3), DEFAULT).reason == "acknowledged"
    worse = dataclasses.replace(acked, severity="critical")
    verdict = due(worse, "desktop", NOW + timedelta(hours=1), DEFAULT)
    assert verdict and verdict.reason == "severity_rose"
    # Once the critical one went out, the acknowledgement holds again.
    assert due(delivered(worse, at=NOW + timedelta(hours=1)), "desktop", NOW + timedelta(days=3),
               DEFAULT).reason == "acknowledged"


def test_acknowledged_before_any_delivery_is_not_sent():
    record = dataclasses.replace(make_record(), acknowledged_at=NOW)
    assert due(record, "desktop", NOW, DEFAULT).reason == "acknowledged"


def test_severity_rise_is_due_at_once_and_only_above_the_last_delivered():
    info = make_record("cancel_unconfirmed")  # info
    sent = delivered(info)
    assert due(dataclasses.replace(sent, severity="warning"), "desktop", NOW + timedelta(minutes=1),
               DEFAULT).reason == "severity_rose"
    assert not due(dataclasses.replace(sent, severity="info"), "desktop", NOW + timedelta(minutes=1), DEFAULT)
    # A drop is not news: the usual reminder rhythm continues.
    lower = dataclasses.replace(delivered(make_record(severity="critical")), severity="warning")
    assert due(lower, "desktop", NOW + timedelta(hours=1), DEFAULT).reason == "reminder_not_due"


def test_resolved_is_never_sent():
    record = dataclasses.replace(make_record(), resolved_at=NOW)
    assert due(record, "desktop", NOW, DEFAULT).reason == "resolved"
    worse = dataclasses.replace(delivered(record), severity="critical")
    assert due(worse, "desktop", NOW + timedelta(days=2), DEFAULT).reason == "resolved"


def test_quiet_hours_defer_non_critical_until_the_window_ends():
    record = make_record("refund_overdue")  # warning: normal urgency
    at_23 = datetime(2026, 11, 20, 23, 0, tzinfo=JST)
    assert due(record, "desktop", at_23, QUIET).reason == "quiet_hours"
    assert due(record, "desktop", datetime(2026, 11, 21, 6, 59, tzinfo=JST), QUIET).reason == "quiet_hours"
    assert due(record, "desktop", datetime(2026, 11, 21, 7, 0, tzinfo=JST), QUIET).reason == "first"
    assert due(record, "desktop", datetime(2026, 11, 20, 21, 59, tzinfo=JST), QUIET).reason == "first"
    # A reminder falling in the window waits too.
    sent = delivered(record, at=at_23 - timedelta(days=1))
    assert due(sent, "desktop", at_23, QUIET).reason == "quiet_hours"


def test_critical_urgency_goes_through_quiet_hours():
    at_3 = datetime(2026, 11, 21, 3, 0, tzinfo=JST)
    for record in (make_record("shipped_after_cancel"), make_record("phishing"),
                   make_record("refund_overdue", severity="critical")):
        assert due(record, "desktop", at_3, QUIET).reason == "first", record.kind
    assert due(make_record("mail_in_spam"), "desktop", at_3, QUIET).reason == "quiet_hours"


def test_quiet_hours_use_the_wall_clock_of_nows_zone():
    instant = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # 23:00 in Tokyo
    record = make_record("refund_overdue")
    assert due(record, "desktop", instant.astimezone(JST), QUIET).reason == "quiet_hours"
    assert due(record, "desktop", instant, QUIET).reason == "first"


def test_quiet_window_within_a_day():
    window = (time(12, 0), time(13, 30))
    assert in_quiet_hours(datetime(2026, 11, 20, 12, 0, tzinfo=JST), window)
    assert in_quiet_hours(datetime(2026, 11, 20, 13, 29, tzinfo=JST), window)
    assert not in_quiet_hours(datetime(2026, 11, 20, 13, 30, tzinfo=JST), window)
    assert not in_quiet_hours(datetime(2026, 11, 20, 23, 0, tzinfo=JST), window)
    assert not in_quiet_hours(datetime(2026, 11, 20, 23, 0, tzinfo=JST), None)
