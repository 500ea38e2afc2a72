"""Notification actions: the buttons on a desktop notification and what clicking them does.

Where the notification server advertises the ``actions`` capability, `orders watch` keeps one
session-bus connection open (a jeepney thread router): notifications are sent through it with the
actions below, and the ``ActionInvoked`` signals coming back are dispatched to an
:class:`ActionHandler`. Without a bus or without the capability nothing changes: notifications go
out without buttons, silently.

- ``default`` (clicking the notification): the order's page on its Amazon site;
- ``timeline``: the order's timeline as HTML, written 0600 to the user's runtime dir and opened;
- ``draft``: the message to the seller (or customer service), written 0600 beside it, opened, and put on
  the clipboard when wl-copy, xclip or xsel is installed;
- ``ack``: acknowledges the alert in the store.

Pages and files are opened with ``[notify] opener`` (default ``xdg-open``; the target is appended).
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daemon.private_files import write_private

if TYPE_CHECKING:
    from store.domain.model import AlertRecord
    from store.repository import Store

log = logging.getLogger("daemon.notify")

NOTIFICATIONS = ("/org/freedesktop/Notifications", "org.freedesktop.Notifications")
DBUS_TIMEOUT = 2.0
ACTION_KEYS = ("default", "timeline", "draft", "ack")
REMEMBERED = 1000  # notifications whose buttons still work
_LABELS = {
    "default": {"en": "Open order", "ja": "注文を開く"},
    "timeline": {"en": "Timeline", "ja": "経緯"},
    "draft": {"en": "Draft", "ja": "文面"},
    "ack": {"en": "Acknowledge", "ja": "確認済み"},
}
_MARKET = re.compile(r"amazon\.(?:co\.jp|com|co\.uk|ca|de|fr|it|es|com\.au|com\.mx|com\.br|in|nl|se|pl|sg|ae|sa|com\.tr|com\.be)")
DEFAULT_MARKET = "amazon.co.jp"  # the market orders is built for first, when an order's mail names none


@dataclass(frozen=True)
class AlertRef:
    """What an action needs to know about the alert its notification showed."""

    alert_id: int
    kind: str
    order_id: str | None

    @classmethod
    def of(cls, alert: AlertRecord) -> AlertRef:
        return cls(alert.id, alert.kind, alert.order_id or None)


def action_list(alert: AlertRecord, lang: str) -> list[str]:
    """The freedesktop ``actions`` array (key, label, key, label, …) for this alert."""
    keys = ACTION_KEYS if alert.order_id else ("ack",)  # a phishing mail naming no order: only ack
    out: list[str] = []
    for key in keys:
        out += [key, _LABELS[key].get(lang, _LABELS[key]["en"])]
    return out


def order_url(order_id: str, market: str | None) -> str:
    site = market if market and _MARKET.fullmatch(market) else DEFAULT_MARKET
    return f"https://www.{site}/gp/your-account/order-details?orderID={order_id}"


def runtime_dir() -> Path:
    """$XDG_RUNTIME_DIR/orders (0700), the place for files only this session should read."""
    from platformdirs import user_runtime_dir

    base = os.environ.get("XDG_RUNTIME_DIR") or user_runtime_dir()
    path = Path(base) / "orders"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def _md_cells(row: str) -> list[str]:
    return [c.replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row.strip().strip("|"))]


def markdown_to_html(markdown: str, title: str) -> str:
    """The timeline Markdown (heading, facts list, one table) as a self-contained HTML page, all escaped."""
    body: list[str] = []
    rows: list[list[str]] = []
    for line in markdown.splitlines():
        if line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("  "):
            body.append(f"<p class=\"sub\">{html.escape(line.strip())}</p>")
        elif line.startswith("- "):
            body.append("<li>" + re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(line[2:])) + "</li>")
        elif line.startswith("|") and not set(line) <= set("|-: "):
            rows.append(_md_cells(line))
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    if rows:
        head, *rest = rows
        body.append("<table><thead><tr>" + "".join(f"<th>{html.escape(c.strip())}</th>" for c in head)
                    + "</tr></thead><tbody>")
        body += ["<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in r) + "</tr>" for r in rest]
        body.append("</tbody></table>")
    style = ("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
             "td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top}")
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


# The desktop's clipboard tools, Wayland first; whichever is installed gets the draft as well.
CLIPBOARD_COMMANDS = (("wl-copy",), ("xclip", "-selection", "clipboard"), ("xsel", "--clipboard", "--input"))


def copy_to_clipboard(text: str) -> bool:
    """Put ``text`` on the clipboard when a clipboard tool is installed; False (quietly) otherwise."""
    import shutil

    for argv in CLIPBOARD_COMMANDS:
        if shutil.which(argv[0]) is None:
            continue
        try:
            done = subprocess.run(argv, input=text.encode("utf-8"), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, timeout=5, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return True
    return False


class ActionHandler:
    """What each action does; ``opener`` gets the URL or file path as its last argument."""

    def __init__(self, store: Store, *, lang: str, opener: Sequence[str], now_fn: Callable[[], datetime],
                 lock: threading.RLock | None = None, tz: tzinfo | None = None) -> None:
        self.store, self.lang, self.opener, self.now_fn = store, lang, tuple(opener), now_fn
        self.lock = lock or threading.RLock()
        self.tz = tz

    def open(self, target: str) -> None:
        argv = [*self.opener, target]
        try:
            subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            log.warning("cannot run the opener %s (%s) — set [notify] opener", self.opener[0], exc.strerror)

    def _find(self, ref: AlertRef) -> Any:
        from daemon.service.pipeline import timelines

        with self.lock:
            found = timelines(self.store, None, order_ids=[ref.order_id]) if ref.order_id else []
        return found[0] if found else None

    def _default(self, ref: AlertRef) -> None:
        if ref.order_id:
            tl = self._find(ref)
            self.open(order_url(ref.order_id, tl.market if tl else None))

    def _timeline_file(self, ref: AlertRef) -> Path | None:
        from store.domain.drafts import timeline_markdown

        tl = self._find(ref)
        if tl is None:
            return None
        with self.lock:
            records = self.store.alerts(active_only=True, order_id=ref.order_id)
        pick = lambda d: d.get(self.lang) or d.get("en") or ""  # noqa: E731
        alerts = [{"kind": r.kind, "title": pick(r.title), "message": pick(r.message), "action": pick(r.action),
                   "deadline": r.deadline} for r in records]
        title = f"{ref.order_id} — orders"
        markdown = timeline_markdown(tl, self.lang, zone=self.tz or self.now_fn().tzinfo, alerts=alerts)
        return write_private(runtime_dir() / f"timeline-{ref.order_id}.html", markdown_to_html(markdown, title))

    def _draft_file(self, ref: AlertRef) -> Path | None:
        from store.domain.drafts import draft

        tl = self._find(ref)
        if tl is None:
            return None
        # A seller who never answered is not asked again: customer service is the next step.
        to = "support" if ref.kind in ("seller_no_reply", "refund_overdue", "cancel_unconfirmed") else "seller"
        text = draft(tl, to=to, lang=self.lang, zone=self.tz or self.now_fn().tzinfo)
        return write_private(runtime_dir() / f"draft-{ref.order_id}-{to}.txt", text)

    def _timeline_action(self, ref: AlertRef) -> None:
        path = self._timeline_file(ref)
        if path:
            self.open(path.as_uri())

    def _draft_action(self, ref: AlertRef) -> None:
        path = self._draft_file(ref)
        if path:
            copy_to_clipboard(path.read_text(encoding="utf-8"))
            self.open(str(path))

    def _ack(self, ref: AlertRef) -> None:
        with self.lock:
            n = self.store.ack(ref.order_id, ref.kind, now=self.now_fn())
        log.info("acknowledged %d alert(s) %s for %s from the notification", n, ref.kind, ref.order_id or "-")


def dispatch(handler: ActionHandler, key: str, ref: AlertRef) -> None:
    """Run the action ``key`` for ``ref``; an unknown key is ignored, a failure logged."""
    method = {"default": handler._default, "timeline": handler._timeline_action,
              "draft": handler._draft_action, "ack": handler._ack}.get(key)
    if method is None:
        log.debug("unknown notification action %r ignored", key)
        return
    try:
        method(ref)
    except Exception:  # noqa: BLE001 - a failing click is logged; the daemon goes on
        log.exception("notification action %r for %s failed", key, ref.order_id or ref.kind)


class ActionService:
    """One session-bus connection that sends notifications with actions and hears the clicks."""

    def __init__(self, router: Any, handler: ActionHandler) -> None:
        self.router = router
        self.handler = handler
        self._sent: dict[int, AlertRef] = {}
        self._sent_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="notify-actions", daemon=True)
        self._ready = threading.Event()

    @classmethod
    def start(cls, handler: ActionHandler) -> ActionService | None:
        """Listen on the session bus; None (silently) without a bus or a server offering actions."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.threading import DBusRouter, open_dbus_connection
        from jeepney.wrappers import unwrap_msg

        from daemon.service.notify.desktop import session_bus_address

        address = session_bus_address()
        if address is None:
            return None
        try:
            conn = open_dbus_connection(bus=address)
        except Exception as exc:  # noqa: BLE001 - no bus: notifications simply have no buttons
            log.debug("notification actions off: %s", exc)
            return None
        router = DBusRouter(conn)
        target = DBusAddress(NOTIFICATIONS[0], bus_name=NOTIFICATIONS[1], interface=NOTIFICATIONS[1])
        try:
            caps = unwrap_msg(router.send_and_get_reply(new_method_call(target, "GetCapabilities"),
                                                        timeout=DBUS_TIMEOUT))[0]
        except Exception as exc:  # noqa: BLE001 - no notification server yet
            log.debug("notification actions off: %s", exc)
            _close(router)
            return None
        if "actions" not in caps:
            log.debug("notification actions off: the server lacks the actions capability")
            _close(router)
            return None
        service = cls(router, handler)
        service._thread.start()
        service._ready.wait(DBUS_TIMEOUT * 5)
        return service

    def remember(self, notification_id: int, alert: AlertRecord) -> None:
        with self._sent_lock:
            self._sent[notification_id] = AlertRef.of(alert)
            while len(self._sent) > REMEMBERED:  # a long-running daemon: the oldest notifications are gone
                del self._sent[next(iter(self._sent))]

    def _loop(self) -> None:
        from queue import Empty

        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus

        rule = MatchRule(type="signal", interface=NOTIFICATIONS[1], member="ActionInvoked",
                         path=NOTIFICATIONS[0])
        try:
            with self.router.filter(rule, bufsize=100) as queue:
                self.router.send_and_get_reply(message_bus.AddMatch(rule), timeout=DBUS_TIMEOUT)
                self._ready.set()
                while not self._stop.is_set():
                    try:
                        msg = queue.get(timeout=0.5)
                    except Empty:
                        continue
                    notification_id, key = msg.body
                    with self._sent_lock:
                        ref = self._sent.get(notification_id)
                    if ref is not None:
                        dispatch(self.handler, key, ref)
        except Exception:  # noqa: BLE001 - the bus went away: buttons stop working, alerts still go out
            log.warning("notification actions stopped: the session bus connection was lost", exc_info=True)
        finally:
            self._ready.set()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        _close(self.router)


def _close(router: Any) -> None:
    with contextlib.suppress(Exception):  # closing a connection that may already be dead
        router.close()
    with contextlib.suppress(Exception):
        router.conn.close()


_active: ActionService | None = None


def set_active(service: ActionService | None) -> None:
    """The service notifications are sent through (set by `orders watch`); None: no actions."""
    global _active
    _active = service


def active() -> ActionService | None:
    return _active
