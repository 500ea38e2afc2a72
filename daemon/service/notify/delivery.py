"""Channels from ``[notify]``, the delivery loop the pipeline calls, and the test notification.

``deliver`` asks the policy for every (alert, channel), sends what is due, and reports each success
through ``record_delivery`` (the store's) — a failed send records nothing, so it stays pending.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from daemon.service.notify.apprise_channel import AppriseChannel
from daemon.service.notify.base import (
    APP_NAME,
    URGENCY_BYTE,
    AlertRecord,
    Channel,
    SendResult,
    alert_payload,
    urgency_for,
    warn_once,
)
from daemon.service.notify.command import CommandChannel
from daemon.service.notify.desktop import DesktopChannel
from daemon.service.notify.policy import due
from daemon.service.notify.settings import NotifySettings, settings_from_config
from store.domain.messages import Msg
from store.domain.model import SEVERITY_RANK

log = logging.getLogger("daemon.service.notify")

RecordDelivery = Callable[[int, str, datetime, str], Any]  # (alert_id, channel, now, severity)


@dataclass(frozen=True, slots=True)
class Outcome:
    alert_id: int
    channel: str
    # deferred: the channel as a whole is down (no session bus) — pending, not a failure of this alert
    status: Literal["sent", "failed", "deferred", "not_due"]
    reason: str  # the policy's: first, reminder, severity_rose / resolved, acknowledged, quiet_hours, …
    detail: str = ""  # the channel's


@dataclass
class DeliveryReport:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(o.status == "sent" for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(o.status == "failed" for o in self.outcomes)

    @property
    def deferred(self) -> int:
        return sum(o.status == "deferred" for o in self.outcomes)

    @property
    def failures(self) -> list[str]:
        """One line per failed send: "command:log: alert 3: exit status 2: token expired"."""
        return [f"{o.channel}: alert {o.alert_id}: {o.detail}" for o in self.outcomes if o.status == "failed"]

    @property
    def pending(self) -> list[Outcome]:
        """Sends that are due but did not happen (failed, channel down, or held back by quiet hours)."""
        return [o for o in self.outcomes if o.status in ("failed", "deferred") or o.reason == "quiet_hours"]


@dataclass(frozen=True, slots=True)
class ChannelResult:
    """One channel's answer to the test notification (``orders notify --test``, ``orders doctor``)."""

    channel: str
    ok: bool
    detail: str


def _settings(notify: Mapping[str, Any] | NotifySettings | None, lang: str | None = None) -> NotifySettings:
    return settings_from_config(notify, lang=lang)


def _build(settings: NotifySettings) -> tuple[list[Channel], list[ChannelResult]]:
    channels: list[Channel] = []
    skipped: list[ChannelResult] = []
    if settings.desktop:
        channels.append(DesktopChannel())
    channels.extend(CommandChannel(spec) for spec in settings.commands)
    if settings.apprise:
        try:
            channels.append(AppriseChannel(settings.apprise))
        except ImportError:
            reason = "apprise is not installed — pip install 'orderwatch[apprise]' (channel skipped)"
            warn_once("apprise:missing", "notify.apprise: %s", reason)
            skipped.append(ChannelResult("apprise", False, reason))
    return channels, skipped


def build_channels(notify: Mapping[str, Any] | NotifySettings | None) -> list[Channel]:
    """The configured channels: desktop (unless ``desktop = false``), each command, apprise if installed."""
    return _build(_settings(notify))[0]


def _order(records: Iterable[AlertRecord]) -> list[AlertRecord]:
    # Most urgent first, then oldest: the notification the user sees on top matters most.
    return sorted(records, key=lambda r: (-URGENCY_BYTE[urgency_for(r)], -SEVERITY_RANK.get(r.severity, 0),
                                          r.raised_at, r.id))


def deliver(records: Sequence[AlertRecord], channels: Sequence[Channel], now: datetime,
            settings: NotifySettings | Mapping[str, Any] | None, record_delivery: RecordDelivery) -> DeliveryReport:
    """Send every due (alert, channel) at ``now``; each success goes to ``record_delivery``.

    Never raises for a channel's sake: a failing or raising channel is reported and the others go on.
    Once a channel reports it is down (no session bus), it is not tried again in this call and its
    due sends are ``deferred`` (pending, not counted as failures).

    ``now`` should be in the user's local zone (``datetime.now().astimezone()``): quiet hours are read
    on its wall clock and deadlines are shown in its zone (the store returns them in UTC).
    """
    settings = _settings(settings)
    report = DeliveryReport()
    down: dict[str, str] = {}
    tz = now.tzinfo
    for record in _order(records):
        for channel in channels:
            verdict = due(record, channel.name, now, settings)
            if not verdict:
                report.outcomes.append(Outcome(record.id, channel.name, "not_due", verdict.reason))
                continue
            if channel.name in down:
                report.outcomes.append(Outcome(record.id, channel.name, "deferred", verdict.reason, down[channel.name]))
                continue
            result = _guarded_send(channel, record, settings.lang, tz)
            if not result.ok:
                if result.channel_down:  # the channel warned once itself; the alert just waits
                    down[channel.name] = result.detail
                    status = "deferred"
                else:
                    log.warning("%s: alert %s not delivered: %s", channel.name, record.id, result.detail)
                    status = "failed"
                report.outcomes.append(Outcome(record.id, channel.name, status, verdict.reason, result.detail))
                continue
            try:
                record_delivery(record.id, channel.name, now, record.severity)
            except Exception:
                # The notification is out; only its bookkeeping failed (it may be repeated next cycle).
                log.exception("%s: alert %s sent but not recorded", channel.name, record.id)
            report.outcomes.append(Outcome(record.id, channel.name, "sent", verdict.reason, result.detail))
    if report.sent or report.failed:
        log.info("notifications: %d sent, %d failed, %d pending", report.sent, report.failed, len(report.pending))
    return report


def _guarded_send(channel: Channel, record: AlertRecord, lang: str, tz: Any) -> SendResult:
    try:
        result = channel.send(record, lang, tz=tz)
    except Exception as exc:  # a third-party channel must never stop the others
        log.exception("%s: send raised", channel.name)
        return SendResult(False, f"raised {type(exc).__name__}: {exc}")
    if not isinstance(result, SendResult):
        return SendResult(False, f"returned {result!r} instead of a SendResult")
    return result


_TEST_TEXT = {
    "title": {"ja": f"{APP_NAME}: テスト通知", "en": f"{APP_NAME}: test notification",
              "de": f"{APP_NAME}: Testbenachrichtigung", "fr": f"{APP_NAME} : notification de test",
              "it": f"{APP_NAME}: notifica di prova", "es": f"{APP_NAME}: notificación de prueba"},
    "message": {"ja": "注文の異常はこのように通知されます。", "en": "This is how order problems will reach you.",
                "de": "So erreichen Sie Probleme mit Bestellungen.", "fr": "Voici comment les problèmes de commande vous "
                "parviendront.", "it": "Così ti arriveranno i problemi con gli ordini.",
                "es": "Así te llegarán los problemas con los pedidos."},
    "action": {"ja": "対応は不要です。", "en": "Nothing to do.", "de": "Nichts zu tun.", "fr": "Rien à faire.",
               "it": "Nulla da fare.", "es": "No hay nada que hacer."},
}


def make_test_alert(now: datetime) -> AlertRecord:
    """The alert used by ``orders notify --test``: kind ``test`` in the JSON, normal urgency."""
    return AlertRecord(
        id=0, kind="test", order_id=None, subject_key="test", severity="warning",  # type: ignore[arg-type]
        raised_at=now, deadline=None, title=dict(_TEST_TEXT["title"]), message=dict(_TEST_TEXT["message"]),
        action=dict(_TEST_TEXT["action"]), facts={}, first_seen_at=now,
    )


def send_test(notify: Mapping[str, Any] | NotifySettings | None, lang: str | None = None,
              now: datetime | None = None) -> list[ChannelResult]:
    """Send a test notification through every configured channel; one result per channel (skipped ones too)."""
    settings = _settings(notify, lang)
    lang = lang or settings.lang
    now = now or datetime.now().astimezone()
    alert = make_test_alert(now)
    channels, results = _build(settings)
    for channel in channels:
        if isinstance(channel, CommandChannel):
            # Hooks can tell a test from an alert by "test": true (and kind "test").
            result = channel.run_payload(alert_payload(alert, lang, now.tzinfo, test=True))
        else:
            result = _guarded_send(channel, alert, lang, now.tzinfo)
        results.append(ChannelResult(channel.name, result.ok, result.detail))
    if not results:
        results.append(ChannelResult(Msg("no channel name"), False, Msg("no channel test")))
    return results


