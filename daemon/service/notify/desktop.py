"""Desktop notifications through notify-py, made deterministic on Linux.

notify-py 0.3.43 picks its Linux backend when ``notifypy.os_notifiers.linux`` is imported: with
``notify-send`` on PATH it shells out to it (the app name arrives wrapped in quotes when it needs
shell quoting, a title starting with "-" is parsed as an option), otherwise it calls D-Bus over jeepney
without the urgency hint and without looking at the reply (an error reply counts as success). The
result would depend on whether libnotify-bin happens to be installed.

So on freedesktop systems (anything but macOS and Windows) we keep notify-py's ``Notify`` object but
hand it our own notifier (its ``use_custom_notifier`` hook): a jeepney call to
``org.freedesktop.Notifications.Notify`` with the urgency hint, the reply checked, the body escaped
when the server renders markup. notify-send is never used, so PATH does not matter. On macOS and
Windows notify-py's own backends are used unchanged (they have no urgency).

With no session bus (a system service, SSH) or no notification server on it, the channel reports
``channel_down``: the delivery policy keeps the alert pending for the desktop and one warning is
logged per process until the bus is back.
"""

from __future__ import annotations

import contextlib
import html
import os
import stat
import sys
from datetime import tzinfo
from pathlib import Path
from typing import Any

from daemon.service.notify.base import (
    APP_NAME,
    URGENCY_BYTE,
    AlertRecord,
    SendResult,
    clear_warning,
    log,
    render,
    warn_once,
)
from store.domain.messages import Msg

ICON_PATH = (Path(__file__).resolve().parents[2] / "icons" / "orders.png").resolve()
DBUS_TIMEOUT = 2.0  # seconds for connecting and for each reply; a notification server answers in ms
_BUS_WARNING = "desktop:no-bus"
_NOTIFICATIONS = ("/org/freedesktop/Notifications", "org.freedesktop.Notifications")
# Error names meaning "nobody shows notifications on this bus right now" (server not running).
_NO_SERVER_ERRORS = ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner")


def uses_dbus(platform: str = sys.platform) -> bool:
    """True where notifications go over the freedesktop D-Bus API (Linux, the BSDs)."""
    return not (platform == "darwin" or platform.startswith("win"))


def session_bus_address() -> str | None:
    """``DBUS_SESSION_BUS_ADDRESS``, else the systemd user bus ``$XDG_RUNTIME_DIR/bus`` (as libdbus does)."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        path = os.path.join(runtime, "bus")
        try:
            if stat.S_ISSOCK(os.stat(path).st_mode):
                return f"unix:path={path}"
        except OSError:
            pass
    return None


class _Outcome:
    """Filled in by the notifier inside notify-py's worker thread, read after ``send()`` returns."""

    def __init__(self) -> None:
        self.error: str | None = None
        self.channel_down = False
        self.notification_id: int | None = None

    def fail(self, error: str, *, down: bool = False) -> bool:
        self.error, self.channel_down = error, down
        return False


def _make_dbus_notifier() -> type:
    # notify-py and jeepney are imported on first use: importing notifypy pulls in loguru.
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import DBusErrorResponse, unwrap_msg
    from notifypy import BaseNotifier

    class DBusNotifier(BaseNotifier):
        """A notify-py notifier speaking org.freedesktop.Notifications directly, urgency included."""

        def __init__(self, outcome: _Outcome | None = None, actions: list[str] | None = None,
                     router: Any = None, **_: Any) -> None:
            self.outcome = outcome or _Outcome()
            self.actions = list(actions or [])
            self.router = router  # the long-lived connection of the action service, when there is one

        def send_notification(self, notification_title: str, notification_subtitle: str,
                              notification_icon: str | None, notification_audio: str | None = None,
                              **kwargs: Any) -> bool:
            out = self.outcome
            if self.router is not None:
                conn = contextlib.nullcontext(self.router)  # stays open: the clicks come back on it
            else:
                address = session_bus_address()
                if address is None:
                    return out.fail("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)", down=True)
                try:
                    conn = open_dbus_connection(bus=address, auth_timeout=DBUS_TIMEOUT)
                except Exception as exc:  # socket gone, refused, bad address, auth timeout
                    return out.fail(f"session bus unreachable ({type(exc).__name__}: {exc})", down=True)
            target = DBusAddress(_NOTIFICATIONS[0], bus_name=_NOTIFICATIONS[1], interface=_NOTIFICATIONS[1])
            try:
                with conn as conn:
                    caps = unwrap_msg(conn.send_and_get_reply(
                        new_method_call(target, "GetCapabilities"), timeout=DBUS_TIMEOUT))[0]
                    actions = self.actions if "actions" in caps else []
                    body = notification_subtitle
                    if "body-markup" in caps:  # the server parses markup: "&" or "<" would break it
                        body = html.escape(body, quote=False)
                    urgency = URGENCY_BYTE.get(kwargs.get("notification_urgency") or "normal", 1)
                    call = new_method_call(target, "Notify", "susssasa{sv}i", (
                        kwargs.get("application_name") or APP_NAME,
                        0,  # replaces_id: each alert is its own notification
                        notification_icon or "",
                        notification_title,
                        body,
                        actions,
                        {"urgency": ("y", urgency)},
                        -1,  # expire_timeout: the server's default (critical ones usually stay)
                    ))
                    out.notification_id = unwrap_msg(conn.send_and_get_reply(call, timeout=DBUS_TIMEOUT))[0]
                    return True
            except DBusErrorResponse as exc:
                if exc.name in _NO_SERVER_ERRORS:
                    return out.fail("no notification server on the session bus", down=True)
                return out.fail(f"notification server refused: {exc.name}")
            except TimeoutError:
                return out.fail(f"notification server did not answer within {DBUS_TIMEOUT:g} s", down=True)
            except Exception as exc:  # connection dropped mid-call, malformed reply
                return out.fail(f"D-Bus error ({type(exc).__name__}: {exc})", down=True)

    return DBusNotifier


def server_info() -> SendResult:
    """Is a notification server listening on the session bus? Asks its name and capabilities only:
    nothing is shown. ``channel_down`` when there is no bus or no server (a headless machine)."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import DBusErrorResponse, unwrap_msg

    address = session_bus_address()
    if address is None:
        return SendResult(False, Msg("no bus"), channel_down=True)
    target = DBusAddress(_NOTIFICATIONS[0], bus_name=_NOTIFICATIONS[1], interface=_NOTIFICATIONS[1])
    try:
        with open_dbus_connection(bus=address, auth_timeout=DBUS_TIMEOUT) as conn:
            name, vendor, version, _ = unwrap_msg(conn.send_and_get_reply(
                new_method_call(target, "GetServerInformation"), timeout=DBUS_TIMEOUT))
            caps = unwrap_msg(conn.send_and_get_reply(new_method_call(target, "GetCapabilities"),
                                                      timeout=DBUS_TIMEOUT))[0]
    except DBusErrorResponse as exc:
        if exc.name in _NO_SERVER_ERRORS:
            return SendResult(False, Msg("no notify server"), channel_down=True)
        return SendResult(False, Msg("notify server refused", name=exc.name))
    except Exception as exc:  # noqa: BLE001 - bus gone, timeout: the same as no bus for the user
        return SendResult(False, Msg("bus unreachable", name=type(exc).__name__), channel_down=True)
    actions = Msg("with buttons" if "actions" in caps else "without buttons")
    return SendResult(True, Msg("notify server", name=name, version=version, vendor=vendor, actions=actions))


_dbus_notifier: type | None = None


def _dbus_notifier_class() -> type:
    global _dbus_notifier
    if _dbus_notifier is None:
        _dbus_notifier = _make_dbus_notifier()
    return _dbus_notifier


class DesktopChannel:
    """The ``desktop`` channel: one notification per alert, app name ``orders``, the package icon."""

    name = "desktop"

    def __init__(self, *, icon: Path = ICON_PATH, platform: str = sys.platform) -> None:
        self.icon = icon
        self._dbus = uses_dbus(platform)

    def send(self, alert: AlertRecord, lang: str, *, tz: tzinfo | None = None) -> SendResult:
        from daemon.service.notify import actions

        shown = render(alert, lang, tz)
        service = actions.active() if self._dbus else None
        if service is None:
            return self.show(shown.title, shown.body, shown.urgency)
        result = self.show(shown.title, shown.body, shown.urgency, actions=actions.action_list(alert, lang),
                           router=service.router)
        if result.ok and result.notification_id is not None:
            service.remember(result.notification_id, alert)
        return result

    def show(self, title: str, body: str, urgency: str, *, actions: list[str] | None = None,
             router: Any = None) -> SendResult:
        try:
            result = self._show(title, body, urgency, actions or [], router)
        except Exception as exc:  # notify-py raising (bad icon path, unsupported Windows) must not escape
            result = SendResult(False, f"notify-py failed ({type(exc).__name__}: {exc})")
        if result.channel_down:
            warn_once(_BUS_WARNING, "desktop notifications unavailable: %s; alerts stay pending for the "
                      "desktop until it is back", result.detail)
        elif result.ok and clear_warning(_BUS_WARNING):
            log.info("desktop notifications work again")
        return result

    def _show(self, title: str, body: str, urgency: str, actions: list[str], router: Any) -> SendResult:
        from notifypy import Notify

        outcome = _Outcome()
        extra: dict[str, Any] = {}
        if self._dbus:
            extra = {"use_custom_notifier": _dbus_notifier_class(), "outcome": outcome, "actions": actions,
                     "router": router}
        notification = Notify(
            default_notification_title=title,
            default_notification_message=body,
            default_notification_application_name=APP_NAME,
            default_notification_urgency=urgency,
            default_notification_icon=str(self.icon),
            **extra,
        )
        # send() swallows every error and returns False: the outcome says why.
        if notification.send(block=True):
            if outcome.notification_id is not None:
                return SendResult(True, Msg("shown id", id=outcome.notification_id),
                                  notification_id=outcome.notification_id)
            return SendResult(True, Msg("shown"))
        if outcome.error:
            return SendResult(False, outcome.error, channel_down=outcome.channel_down)
        return SendResult(False, "notify-py could not show the notification (send() returned False)")
