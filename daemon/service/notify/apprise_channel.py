"""The optional ``apprise`` channel: ``[notify] apprise = ["ntfy://…", "mailto://…"]`` reaches a phone.

apprise is an optional extra (``pip install 'orderwatch[apprise]'``), imported only when URLs are
configured. All URLs form one channel named ``apprise``: if any of them fails the send counts as failed
and is retried next cycle (a URL that worked may then get it twice; better than one that never does).
URLs carry tokens and passwords, so they are never logged or shown — only their scheme and position.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from daemon.service.notify.base import AlertRecord, SendResult, render
from store.domain.messages import Msg

_NOTIFY_TYPE = {"low": "info", "normal": "warning", "critical": "failure"}


def _label(index: int, url: str) -> str:
    scheme = url.split("://", 1)[0] if "://" in url else "?"
    return f"#{index + 1} ({scheme}://…)"


class AppriseChannel:
    name = "apprise"

    def __init__(self, urls: tuple[str, ...] | list[str]) -> None:
        import apprise  # raises ImportError when the extra is missing: build_channels skips the channel

        self._apprise = apprise
        self.urls = tuple(urls)
        self.invalid: list[str] = []
        self._client: Any = apprise.Apprise()
        for i, url in enumerate(self.urls):
            if not self._client.add(url):
                self.invalid.append(_label(i, url))

    def send(self, alert: AlertRecord, lang: str, *, tz: tzinfo | None = None) -> SendResult:
        shown = render(alert, lang, tz)
        return self.show(shown.title, shown.body, shown.urgency)

    def show(self, title: str, body: str, urgency: str) -> SendResult:
        if self.invalid:
            return SendResult(False, Msg("apprise invalid", urls=", ".join(self.invalid)))
        if not self.urls:
            return SendResult(False, Msg("apprise none"))
        try:
            ok = bool(self._client.notify(body=body, title=title,
                                          notify_type=_NOTIFY_TYPE.get(urgency, "warning")))
        except Exception as exc:
            return SendResult(False, f"apprise failed ({type(exc).__name__})")
        n = len(self.urls)
        if ok:
            return SendResult(True, Msg("apprise sent", n=n, s="s" if n != 1 else ""))
        return SendResult(False, Msg("apprise partial", n=n))
