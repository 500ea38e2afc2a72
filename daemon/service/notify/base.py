"""What every channel shares: the interface, the send result, and the alert rendered for a person.

A channel turns one :class:`~store.domain.model.AlertRecord` into one message on one medium. Channels never
raise to their caller: every failure becomes ``SendResult(ok=False, detail=...)`` so one broken
channel cannot stop the others or the daemon.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Literal, Protocol, runtime_checkable

from store.domain.model import SEVERITY_RANK, AlertRecord

log = logging.getLogger("daemon.service.notify")

APP_NAME = "orders"
FALLBACK_LANG = "en"

Urgency = Literal["low", "normal", "critical"]
URGENCY_BYTE: dict[str, int] = {"low": 0, "normal": 1, "critical": 2}  # freedesktop "urgency" hint
_URGENCY_BY_SEVERITY: dict[str, Urgency] = {"info": "low", "warning": "normal", "critical": "critical"}
# These two mean money or credentials are at stake right now, whatever severity the rule gave.
ALWAYS_CRITICAL_KINDS = frozenset({"shipped_after_cancel", "phishing"})

_DEADLINE_LABEL = {"ja": "期限", "en": "Deadline", "de": "Frist", "fr": "Échéance", "it": "Scadenza", "es": "Plazo"}


@dataclass(frozen=True, slots=True)
class SendResult:
    """The outcome of one send.

    ``channel_down`` says the whole channel is unavailable (no session bus, no notification
    server), not just this alert: delivery stops trying it for the rest of the batch and the
    alert stays pending for it.
    """

    ok: bool
    detail: str
    channel_down: bool = False
    notification_id: int | None = None  # the desktop server's id (notification actions refer to it)


@runtime_checkable
class Channel(Protocol):
    """A way to reach the user. ``name`` keys the stored delivery state, so it must be stable."""

    name: str

    def send(self, alert: AlertRecord, lang: str, *, tz: tzinfo | None = None) -> SendResult: ...


@dataclass(frozen=True, slots=True)
class Rendered:
    """An alert as a person reads it, in one language."""

    title: str
    body: str
    urgency: Urgency


def pick(texts: dict[str, str], lang: str) -> str:
    """The text in ``lang``, else English, else any language there is."""
    for key in (lang, FALLBACK_LANG):
        if texts.get(key):
            return texts[key]
    return next((t for t in texts.values() if t), "")


def urgency_for(alert: AlertRecord) -> Urgency:
    # An alert only unverified mail implies never wakes anyone (store.rules: at most a warning).
    if alert.kind in ALWAYS_CRITICAL_KINDS and not (alert.facts or {}).get("unverified"):
        return "critical"
    return _URGENCY_BY_SEVERITY.get(alert.severity, "normal")


def format_deadline(deadline: datetime, lang: str, tz: tzinfo | None = None) -> str:
    """``Deadline: 2026-11-22 10:00 JST`` in ``tz`` (the user's zone; the system's when None)."""
    from store.domain.texts import fmt_time

    label = _DEADLINE_LABEL.get(lang, _DEADLINE_LABEL[FALLBACK_LANG])
    sep = "：" if lang == "ja" else ": "
    return f"{label}{sep}{fmt_time(deadline, tz or datetime.now().astimezone().tzinfo, lang)}"


def render(alert: AlertRecord, lang: str, tz: tzinfo | None = None) -> Rendered:
    """Title (order number and what happened, from the stored texts), body (facts, action, deadline)."""
    lines = [pick(alert.message, lang), pick(alert.action, lang)]
    if alert.deadline is not None:
        lines.append(format_deadline(alert.deadline, lang, tz))
    body = "\n".join(line for line in lines if line)
    return Rendered(title=pick(alert.title, lang), body=body, urgency=urgency_for(alert))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def alert_payload(alert: AlertRecord, lang: str, tz: tzinfo | None = None, *, test: bool = False) -> dict[str, Any]:
    """The alert as JSON for hooks and webhooks: the rendered text plus every stored field."""
    shown = render(alert, lang, tz)
    return {
        "version": 1,
        "test": test,
        "id": alert.id,
        "kind": alert.kind,
        "order_id": alert.order_id,
        "subject_key": alert.subject_key,
        "severity": alert.severity,
        "urgency": shown.urgency,
        "lang": lang,
        "title": shown.title,
        "body": shown.body,
        "raised_at": _iso(alert.raised_at),
        "deadline": _iso(alert.deadline),
        "first_seen_at": _iso(alert.first_seen_at),
        "acknowledged_at": _iso(alert.acknowledged_at),
        "texts": {"title": dict(alert.title), "message": dict(alert.message), "action": dict(alert.action)},
        "facts": alert.facts,
    }


def severity_rank(severity: str) -> int:
    return SEVERITY_RANK.get(severity, 0)


_warned: set[str] = set()
_warned_lock = threading.Lock()


def warn_once(key: str, message: str, *args: object) -> bool:
    """Log a warning the first time ``key`` is seen in this process; True when it was logged.

    Channels are rebuilt every cycle, so per-instance flags would repeat the warning each time.
    """
    with _warned_lock:
        if key in _warned:
            log.debug(message, *args)
            return False
        _warned.add(key)
    log.warning(message, *args)
    return True


def clear_warning(key: str) -> bool:
    """Forget ``key`` (the condition is over) so a later recurrence warns again; True if it was set."""
    with _warned_lock:
        if key in _warned:
            _warned.discard(key)
            return True
    return False
