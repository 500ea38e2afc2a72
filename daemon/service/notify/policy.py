"""When an alert is due on a channel: pure, no clock (``now`` is passed in), no I/O.

Rules, per (alert, channel), from the alert's stored deliveries:

* resolved → never (the situation is over);
* never delivered on this channel → due ("first"), unless acknowledged already (the user knows);
* the alert's severity is above the severity last delivered on this channel → due ("severity_rose"),
  even when acknowledged: a worse situation is news the acknowledgement did not cover;
* acknowledged → no reminders;
* ``remind_every`` (default 24 h; None disables) since the last delivery → due ("reminder");
* quiet hours (``"22:00-07:00"``, wall-clock time of ``now``'s time zone): everything due is deferred
  to the end of the window except alerts whose urgency is critical (shipped_after_cancel, phishing,
  critical severity) — those are about money or credentials leaving now, and waking someone is right.

A failed send records nothing, so the alert simply stays due for that channel (pending) and goes out
on the next cycle where the channel works.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from daemon.service.notify.base import severity_rank, urgency_for
from daemon.service.notify.settings import NotifySettings
from store.domain.model import AlertRecord, Delivery

# Reasons a send is due.
FIRST = "first"
SEVERITY_ROSE = "severity_rose"
REMINDER = "reminder"
# Reasons it is not.
RESOLVED = "resolved"
ACKNOWLEDGED = "acknowledged"
NOT_YET = "reminder_not_due"
NO_REMINDERS = "reminders_off"
QUIET_HOURS = "quiet_hours"


@dataclass(frozen=True, slots=True)
class Due:
    due: bool
    reason: str

    def __bool__(self) -> bool:
        return self.due


def last_delivery(record: AlertRecord, channel: str) -> Delivery | None:
    found = [d for d in record.deliveries if d.channel == channel]
    return max(found, key=lambda d: d.last_sent_at) if found else None


def in_quiet_hours(now: datetime, window: tuple[time, time] | None) -> bool:
    """Whether ``now``'s wall-clock time (in its own zone) falls in ``[start, end)``; may cross midnight."""
    if window is None:
        return False
    start, end = window
    t = now.time().replace(tzinfo=None)
    if start < end:
        return start <= t < end
    return t >= start or t < end


def due(record: AlertRecord, channel: str, now: datetime, settings: NotifySettings) -> Due:
    """Whether ``record`` should be sent on ``channel`` at ``now``, and why (see the module docstring)."""
    if record.resolved_at is not None:
        return Due(False, RESOLVED)
    last = last_delivery(record, channel)
    if last is None:
        verdict = Due(False, ACKNOWLEDGED) if record.acknowledged_at is not None else Due(True, FIRST)
    elif severity_rank(record.severity) > severity_rank(last.severity):
        verdict = Due(True, SEVERITY_ROSE)
    elif record.acknowledged_at is not None:
        verdict = Due(False, ACKNOWLEDGED)
    elif settings.remind_every is None:
        verdict = Due(False, NO_REMINDERS)
    elif now - last.last_sent_at >= settings.remind_every:
        verdict = Due(True, REMINDER)
    else:
        verdict = Due(False, NOT_YET)
    if verdict and urgency_for(record) != "critical" and in_quiet_hours(now, settings.quiet_hours):
        return Due(False, QUIET_HOURS)
    return verdict
