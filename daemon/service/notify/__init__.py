"""Alert delivery: channels (desktop via notify-py, command hooks, apprise), the policy, the loop.

What the pipeline and the CLI call::

    settings = settings_from_config(config.notify, lang=config.lang)   # NotifySettings
    channels = build_channels(settings)                                 # or the [notify] mapping
    report = deliver(records, channels, now, settings, store.record_delivery)   # DeliveryReport
    results = send_test(config.notify, lang="ja")                       # list[ChannelResult]

Channel names (the stored delivery state is keyed by them): ``desktop``, ``command:NAME``, ``apprise``.
"""

from daemon.service.notify.base import Channel, Rendered, SendResult, alert_payload, render, urgency_for
from daemon.service.notify.delivery import (
    ChannelResult,
    DeliveryReport,
    Outcome,
    build_channels,
    deliver,
    make_test_alert,
    send_test,
)
from daemon.service.notify.policy import Due, due, in_quiet_hours
from daemon.service.notify.settings import (
    CommandSpec,
    NotifyConfigError,
    NotifySettings,
    parse_duration,
    settings_from_config,
    validate_notify,
)

__all__ = [
    "Channel",
    "ChannelResult",
    "CommandSpec",
    "DeliveryReport",
    "Due",
    "NotifyConfigError",
    "NotifySettings",
    "Outcome",
    "Rendered",
    "SendResult",
    "alert_payload",
    "build_channels",
    "deliver",
    "due",
    "in_quiet_hours",
    "make_test_alert",
    "parse_duration",
    "render",
    "send_test",
    "settings_from_config",
    "urgency_for",
    "validate_notify",
]
