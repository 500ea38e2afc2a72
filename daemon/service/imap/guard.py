"""Bounds on what one IMAP server can make us read: a hostile or broken server costs only itself.

Installed on every connection (``daemon.service.imap.connect``), on imaplib's reading methods:

- every literal's announced size is checked against ``max_literal`` *before* a byte of it is
  read (the server's own RFC822.SIZE can lie: a "30 KB" mail answered with an 8 GB literal);
- per command, at most ``max_lines`` response lines and ``max_bytes`` bytes (an endless stream of
  ``* OK still thinking`` would otherwise pile up in imaplib's untagged-response lists forever);
- an overall deadline (``Deadline``): checked on every line, and enforced by shutting the socket
  down when it passes, so a server trickling one byte at a time is cut off too.

Exceeding any bound raises ``imaplib.IMAP4.abort`` (a connection error: the sync of that account
fails with a sentence saying which bound, the other accounts go on) and closes the connection.
"""

from __future__ import annotations

import contextlib
import imaplib
import socket
import threading
import time
import types
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import imapclient

LITERAL_MARGIN = 64 * 1024
MAX_LINES = 20_000  # a FETCH batch is ~2 lines per mail; a STATUS/SEARCH a few


class LimitExceeded(imaplib.IMAP4.abort):
    """The server sent more than we accept (size, count or time); the connection is dropped."""


@dataclass
class Limits:
    max_literal: int
    max_bytes: int
    max_lines: int = MAX_LINES

    @classmethod
    def for_message_size(cls, max_message_size: int) -> Limits:
        from daemon.service.imap.fetch import BATCH_BYTES

        literal = max_message_size + LITERAL_MARGIN
        return cls(max_literal=literal, max_bytes=BATCH_BYTES + 2 * literal + 8 * 1024 * 1024)


@dataclass
class Deadline:
    """An overall time limit for a piece of work over one or more connections."""

    seconds: float
    started: float = field(default_factory=time.monotonic)
    expired: bool = False
    _clients: list[Any] = field(default_factory=list)
    _timer: threading.Timer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def start(self) -> Deadline:
        self._timer = threading.Timer(max(0.0, self.remaining), self._expire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def cancel(self) -> None:
        """Stop the timer and let go of the clients (a cached connection outlives this deadline)."""
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            clients, self._clients = self._clients, []
        for client in clients:
            imap = getattr(client, "_imap", None)
            if getattr(imap, "_orders_deadline", None) is self:
                del imap._orders_deadline

    def watch(self, client: imapclient.IMAPClient) -> None:
        """Check the deadline on every line this client reads; cut its socket when it passes."""
        with self._lock:
            self._clients.append(client)
        imap = client._imap
        imap._orders_deadline = self  # noqa: SLF001 - read by the guard's readline
        if self.expired:
            _shutdown(client)

    def _expire(self) -> None:
        self.expired = True
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            _shutdown(client)


def _shutdown(client: imapclient.IMAPClient) -> None:
    with contextlib.suppress(Exception):
        client.socket().shutdown(socket.SHUT_RDWR)


def cut_reason(client: imapclient.IMAPClient | None) -> str | None:
    """Why the guard cut this connection off, or None when it did not."""
    return getattr(getattr(client, "_imap", None), "_orders_cut", None)


def install(client: imapclient.IMAPClient, limits: Limits) -> None:
    """Wrap the reading methods of ``client``'s imaplib connection with the bounds above."""
    imap = client._imap
    read, readline, command = imap.read, imap.readline, imap._command
    state = {"lines": 0, "bytes": 0}

    def fail(what: str) -> None:
        imap._orders_cut = what  # imaplib re-raises aborts as its own: remember why for cut_reason()
        with contextlib.suppress(Exception):
            imap.sock.shutdown(socket.SHUT_RDWR)
        raise LimitExceeded(what)

    def check_deadline() -> None:
        deadline: Deadline | None = getattr(imap, "_orders_deadline", None)
        if deadline is not None and (deadline.expired or deadline.remaining <= 0):
            deadline.expired = True
            fail(f"the server did not finish within sync_timeout ({deadline.seconds:.0f} s)")

    def guarded_read(size: int) -> bytes:
        check_deadline()
        if size > limits.max_literal:
            fail(f"the server announced a {size}-byte literal, over the {limits.max_literal}-byte limit "
                 "(max_message_size plus a margin)")
        state["bytes"] += size
        if state["bytes"] > limits.max_bytes:
            fail(f"the server sent more than {limits.max_bytes} bytes for one command")
        data = read(size)
        check_deadline()
        return data

    def guarded_readline() -> bytes:
        check_deadline()
        line = readline()
        state["lines"] += 1
        state["bytes"] += len(line)
        if state["lines"] > limits.max_lines:
            fail(f"the server sent more than {limits.max_lines} response lines for one command")
        if state["bytes"] > limits.max_bytes:
            fail(f"the server sent more than {limits.max_bytes} bytes for one command")
        return line

    def guarded_command(_self: Any, name: str, *args: Any) -> Any:
        state["lines"] = state["bytes"] = 0
        # Untagged responses nobody asked for (e.g. "* OK still thinking") are dropped between
        # commands, so they never accumulate over a long session.
        for key in [k for k in imap.untagged_responses if k not in ("CAPABILITY",)]:
            if len(imap.untagged_responses[key]) > 100:
                del imap.untagged_responses[key]
        return command(name, *args)

    imap.read = guarded_read
    imap.readline = guarded_readline
    # A bound method: imaplib tells an authenticator from a literal by comparing with its type.
    imap._command = types.MethodType(guarded_command, imap)
