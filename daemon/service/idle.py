"""IMAP IDLE: one connection per watched folder, each in its own thread, reconnecting for months.

The IDLE connection only listens: when the server reports new mail (``EXISTS``) the thread calls
``on_new_mail()``, which syncs over *another* connection while this one stays in IDLE. Keeping the
folder selected and IDLE running across the sync means a mail that lands during the sync is still
announced (the server queues the notification), so nothing slips between "searched" and "listening".
For the same reason the catch-up sync after every (re)connect runs only once IDLE has started: mail
older than that is found by the sync, newer mail is announced.

:class:`AccountIdler` first lists an account's folders (inbox and junk, with backoff while the server
is unreachable), then runs one :class:`FolderIdler` per folder.

RFC 2177 lets servers drop a client that idles for 30 minutes, so IDLE is re-issued every
``renew_after`` seconds (25 minutes by default). A dead connection is noticed by an error, by a
``BYE``, or by imapclient's ``idle_check`` returning early and empty (it swallows EOF), which we
confirm with a DONE/IDLE round trip. Reconnects wait with :class:`daemon.service.backoff.Backoff`.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from daemon.service.backoff import Backoff

if TYPE_CHECKING:
    from imapclient import IMAPClient

log = logging.getLogger(__name__)

DEFAULT_RENEW_AFTER = 25 * 60.0


class ConnectionLost(Exception):
    """The server said BYE or the socket reached EOF."""


class IdleUnsupported(Exception):
    """The server does not offer IDLE; the scheduled polls cover this folder."""


class FolderUnavailable(Exception):
    """The server refused to open the folder; the scheduled polls report it to the user."""


def _enable_keepalive(client: IMAPClient) -> None:
    """TCP keepalive, so a connection silently dropped by a NAT or a suspended laptop is noticed."""
    with contextlib.suppress(OSError, AttributeError):
        sock = client.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        for opt, value in (("TCP_KEEPIDLE", 60), ("TCP_KEEPINTVL", 20), ("TCP_KEEPCNT", 3)):
            if hasattr(socket, opt):
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, opt), value)


class FolderIdler(threading.Thread):
    """Keeps an IDLE connection on ``folder``; calls ``on_new_mail()`` after connecting and on EXISTS.

    ``connect()`` returns a logged-in client; ``on_new_mail()`` must do its own IMAP work on another
    connection and may raise (the error is logged; the idler carries on). ``stop()`` ends the thread
    promptly: it shuts the socket down so a blocked ``idle_check`` returns at once.
    """

    def __init__(
        self,
        *,
        label: str,
        connect: Callable[[], IMAPClient],
        folder: str,
        on_new_mail: Callable[[], None],
        backoff: Backoff | None = None,
        renew_after: float = DEFAULT_RENEW_AFTER,
        check_interval: float = 5.0,
    ) -> None:
        super().__init__(name=f"idle:{label}", daemon=True)
        self.label = label
        self.folder = folder
        self._connect = connect
        self._on_new_mail = on_new_mail
        self._backoff = backoff or Backoff()
        # Failed syncs are retried on their own schedule (same shape as the reconnect backoff).
        self._retry_backoff = Backoff(self._backoff.initial, self._backoff.cap, self._backoff.factor)
        self._retry_at: float | None = None
        self._renew_after = renew_after
        self._check_interval = check_interval
        self._stop_event = threading.Event()
        self._client: IMAPClient | None = None
        self._client_lock = threading.Lock()
        # Observable state, for logs and tests.
        self.connects = 0
        self.failures = 0
        self.pickups = 0
        self.supported: bool | None = None
        self.listening = threading.Event()  # set while IDLE is active on a live connection

    # -- control ---------------------------------------------------------------------------
    def stop(self) -> None:
        self._stop_event.set()
        with self._client_lock:
            client = self._client
        if client is not None:
            with contextlib.suppress(Exception):
                client.socket().shutdown(socket.SHUT_RDWR)

    @property
    def stopping(self) -> bool:
        return self._stop_event.is_set()

    # -- the loop --------------------------------------------------------------------------
    def run(self) -> None:
        while not self.stopping:
            try:
                self._session()
            except IdleUnsupported:
                self.supported = False
                log.info("%s: the server does not offer IDLE; relying on scheduled polls", self.label)
                return
            except FolderUnavailable as exc:
                log.error("%s: cannot watch this folder (%s); the scheduled polls report it", self.label, exc)
                return
            except Exception as exc:  # noqa: BLE001 - a daemon thread must survive any failure
                self.listening.clear()
                if self.stopping:
                    break
                self.failures += 1
                delay = self._backoff.next_delay()
                level = logging.INFO if isinstance(exc, ConnectionLost) else logging.WARNING
                log.log(level, "%s: %s; reconnecting in %.1f s", self.label, _describe(exc), delay)
                if self._stop_event.wait(delay):
                    break
            finally:
                self._drop_client()
        self.listening.clear()
        log.debug("%s: stopped", self.label)

    def _session(self) -> None:
        client = self._connect()
        with self._client_lock:
            self._client = client
        if self.stopping:
            return
        _enable_keepalive(client)
        if not client.has_capability("IDLE"):
            raise IdleUnsupported
        self.supported = True
        try:
            client.select_folder(self.folder, readonly=True)
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error as exc:  # a NO/BAD: the folder is missing or not ours to read
            raise FolderUnavailable(str(exc)) from exc
        client.idle()
        self.connects += 1
        self.listening.set()
        if self.connects > 1:
            log.info("%s: reconnected after %d failed attempt(s)", self.label, self._backoff.attempts)
        self._backoff.reset()
        # Catch up (mail that arrived while we were away) only now that IDLE is listening.
        self._deliver()
        started = time.monotonic()
        while not self.stopping:
            now = time.monotonic()
            deadlines = [now + self._check_interval, started + self._renew_after]
            if self._retry_at is not None:
                deadlines.append(self._retry_at)
            wait = max(0.0, min(deadlines) - now)
            responses = client.idle_check(timeout=wait)
            if self.stopping:
                break
            if any(_is_bye(r) for r in responses):
                raise ConnectionLost("the server closed the connection (BYE)")
            if any(_is_new_mail(r) for r in responses):
                self._deliver()
            elif not responses and time.monotonic() - now < wait * 0.5:
                # idle_check swallows EOF and returns [] early: make sure the connection lives.
                self._renew(client)
                started = time.monotonic()
                continue
            if self._retry_at is not None and time.monotonic() >= self._retry_at:
                self._deliver()
            if time.monotonic() - started >= self._renew_after:
                self._renew(client)
                started = time.monotonic()
        with contextlib.suppress(Exception):
            client.idle_done()
            client.logout()

    def _renew(self, client: IMAPClient) -> None:
        """DONE then IDLE again: RFC 2177's renewal, and a liveness probe (raises on a dead link)."""
        try:
            _, responses = client.idle_done()
        except (OSError, EOFError, imaplib.IMAP4.abort) as exc:
            raise ConnectionLost(f"connection lost ({exc})") from exc
        if any(_is_bye(r) for r in responses):
            raise ConnectionLost("the server closed the connection (BYE)")
        client.idle()
        if any(_is_new_mail(r) for r in responses):
            self._deliver()

    def _deliver(self) -> None:
        """Run ``on_new_mail``; when it fails, retry later (backoff) while IDLE keeps listening."""
        self.pickups += 1
        try:
            self._on_new_mail()
        except Exception:  # noqa: BLE001 - a failed sync must not end the IDLE thread
            if self.stopping:  # stop() cut the sync's connection: nothing to retry
                return
            delay = self._retry_backoff.next_delay()
            self._retry_at = time.monotonic() + delay
            log.exception("%s: handling new mail failed; retrying in %.1f s", self.label, delay)
        else:
            self._retry_at = None
            self._retry_backoff.reset()

    def _drop_client(self) -> None:
        with self._client_lock:
            client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.shutdown()


def _is_new_mail(response: tuple) -> bool:
    return len(response) >= 2 and response[1] == b"EXISTS"


def _is_bye(response: tuple) -> bool:
    return bool(response) and response[0] == b"BYE"


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if isinstance(exc, ConnectionLost) else f"{type(exc).__name__}: {text}"


class AccountIdler(threading.Thread):
    """Finds an account's watched folders (retrying with backoff), then runs one FolderIdler per folder.

    ``discover(client)`` returns the folders to watch (``daemon.service.imap.FolderSpec``-like objects with a
    ``name``); ``on_new_mail(folder)`` is called with one of them.
    """

    def __init__(
        self,
        *,
        label: str,
        connect: Callable[[], IMAPClient],
        discover: Callable[[IMAPClient], Sequence[Any]],
        on_new_mail: Callable[[Any], None],
        backoff: Callable[[], Backoff] = Backoff,
        renew_after: float = DEFAULT_RENEW_AFTER,
        check_interval: float = 30.0,
    ) -> None:
        super().__init__(name=f"idle-start:{label}", daemon=True)
        self.label = label
        self._connect = connect
        self._discover = discover
        self._on_new_mail = on_new_mail
        self._new_backoff = backoff
        self._renew_after = renew_after
        self._check_interval = check_interval
        self._stop_event = threading.Event()
        self._lock = threading.Lock()
        self.idlers: list[FolderIdler] = []
        self.supported: bool | None = None

    def stop(self) -> None:
        self._stop_event.set()
        with self._lock:
            idlers = list(self.idlers)
        for idler in idlers:
            idler.stop()

    def join(self, timeout: float | None = None) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        super().join(timeout)
        with self._lock:
            idlers = list(self.idlers)
        for idler in idlers:
            idler.join(None if deadline is None else max(0.0, deadline - time.monotonic()))

    def run(self) -> None:
        folders = self._find_folders()
        if folders is None:
            return
        with self._lock:
            if self._stop_event.is_set():
                return
            for folder in folders:
                idler = FolderIdler(
                    label=f"{self.label}/{folder.name}",
                    connect=self._connect,
                    folder=folder.name,
                    on_new_mail=lambda folder=folder: self._on_new_mail(folder),
                    backoff=self._new_backoff(),
                    renew_after=self._renew_after,
                    check_interval=self._check_interval,
                )
                self.idlers.append(idler)
                idler.start()
        log.info("%s: IDLE on %s", self.label, ", ".join(f.name for f in folders))

    def _find_folders(self) -> Sequence[Any] | None:
        backoff = self._new_backoff()
        while not self._stop_event.is_set():
            client = None
            try:
                client = self._connect()
                if not client.has_capability("IDLE"):
                    self.supported = False
                    log.info("%s: the server does not offer IDLE; relying on scheduled polls", self.label)
                    return None
                self.supported = True
                return self._discover(client)
            except Exception as exc:  # noqa: BLE001 - retried with backoff like any connection
                delay = backoff.next_delay()
                log.warning("%s: cannot list the folders to watch (%s); retrying in %.1f s", self.label,
                            _describe(exc), delay)
                if self._stop_event.wait(delay):
                    return None
            finally:
                if client is not None:
                    with contextlib.suppress(Exception):
                        client.logout()
        return None
