"""Logging for the daemon: journald-friendly under systemd, timestamped in a terminal, never a secret.

Under journald (``JOURNAL_STREAM`` names our stderr, or systemd started us — ``INVOCATION_ID`` — and
stderr is not a terminal) each line starts with a syslog priority prefix ``<N>`` that journald turns
into the entry's priority, and carries no timestamp (journald stamps every entry itself).  Every line of
a multi-line record (a traceback) gets the prefix, otherwise journald would file the continuation
lines at the default priority.

Secrets (passwords, tokens, ``password_command`` output) are registered with :func:`register_secret`
and replaced by ``***`` in everything the formatter writes: the message, its arguments and tracebacks.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# Python level -> syslog priority (sd-daemon(3): SD_CRIT "<2>" ... SD_DEBUG "<7>").
_SYSLOG_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}

REDACTED = "***"
# Very short values would redact unrelated text ("a", "1") without protecting anything real.
_MIN_SECRET_LEN = 4

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(value: str | bytes | None) -> None:
    """Never log ``value`` (nor its bytes repr) from now on."""
    if value is None:
        return
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    text = text.strip()
    if len(text) < _MIN_SECRET_LEN:
        return
    with _secrets_lock:
        _secrets.add(text)
        # A secret may reach a log line inside the repr of a str or bytes (escaped quotes, \\, non-ASCII),
        # or JSON output escaped.
        for form in (repr(text)[1:-1], repr(text.encode("utf-8"))[2:-1], json.dumps(text)[1:-1],
                     json.dumps(text, ensure_ascii=False)[1:-1]):
            if len(form) >= _MIN_SECRET_LEN:
                _secrets.add(form)


def redact(text: str) -> str:
    """``text`` with every registered secret replaced by ``***``."""
    with _secrets_lock:
        # Longest first, so a secret containing another is removed whole.
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class RedactingStream:
    """A text stream that writes through ``redact``: what a command prints (tables, JSON, errors,
    a server's reply echoing the password) passes the same redaction as the log."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(redact(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def redacted_output() -> Iterator[None]:
    """stdout and stderr redacted for the duration (every command runs inside this)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = RedactingStream(out), RedactingStream(err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def syslog_priority(levelno: int) -> int:
    """The syslog priority for a Python level (custom levels map to the next more severe one)."""
    for level in sorted(_SYSLOG_PRIORITY):
        if levelno <= level:
            return _SYSLOG_PRIORITY[level]
    return _SYSLOG_PRIORITY[logging.CRITICAL]


class RedactingFormatter(logging.Formatter):
    """A formatter that redacts registered secrets from its whole output."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JournalFormatter(RedactingFormatter):
    """``<N>logger: message`` on every line; no timestamp (journald adds its own)."""

    def __init__(self) -> None:
        super().__init__("%(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        prefix = f"<{syslog_priority(record.levelno)}>"
        return "\n".join(prefix + line for line in super().format(record).splitlines() or [""])


def _stream_is_journal(stream: TextIO, environ: os._Environ[str] | dict[str, str]) -> bool:
    """True when ``stream`` goes to journald (systemd.exec(5) ``$JOURNAL_STREAM``)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    journal = environ.get("JOURNAL_STREAM", "")
    if journal:
        # systemd recommends checking that the named stream is really ours: a child whose stderr was
        # redirected to a file inherits the variable but does not write to the journal.
        try:
            dev, ino = (int(part) for part in journal.split(":", 1))
            st = os.fstat(fd)
        except (ValueError, OSError):
            return False
        return (st.st_dev, st.st_ino) == (dev, ino)
    # Started by systemd (e.g. StandardError=syslog or a socket) without a JOURNAL_STREAM.
    return bool(environ.get("INVOCATION_ID")) and not _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def wants_journal_format(stream: TextIO | None = None, environ: dict[str, str] | None = None) -> bool:
    return _stream_is_journal(stream or sys.stderr, os.environ if environ is None else environ)


_HANDLER_MARK = "_orders_handler"


def setup_logging(
    level: int | str = logging.INFO,
    *,
    stream: TextIO | None = None,
    journal: bool | None = None,
    environ: dict[str, str] | None = None,
) -> logging.Handler:
    """Install one handler on the root logger (replacing ours from an earlier call) and return it.

    ``journal=None`` decides from the environment; pass True/False to force a format.
    """
    stream = stream or sys.stderr
    if journal is None:
        journal = wants_journal_format(stream, environ)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        JournalFormatter()
        if journal
        else RedactingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    )
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
        old.close()  # StreamHandler.close() leaves the stream itself open
    root.addHandler(handler)
    root.setLevel(level)
    # imapclient logs every command and response at DEBUG (mail contents included); APScheduler logs
    # each job run and alembic each migration plugin at INFO. Keep them quiet unless we debug.
    quiet = logging.WARNING if logging.getLogger().getEffectiveLevel() > logging.DEBUG else logging.DEBUG
    for name in ("imapclient", "apscheduler", "alembic"):
        logging.getLogger(name).setLevel(quiet)
    # imapclient.util warns when a server reply is not ASCII (a folder name in Japanese) and decodes it
    # anyway; the reply itself reaches the user in our own error line, so that warning is noise.
    logging.getLogger("imapclient.util").setLevel(logging.ERROR if quiet == logging.WARNING else logging.DEBUG)
    return handler


def level_for_verbosity(verbose: int, default: int = logging.WARNING) -> int:
    """``-v`` → INFO, ``-vv`` → DEBUG; otherwise ``default``."""
    if verbose > 1:
        return logging.DEBUG
    if verbose == 1:
        return min(default, logging.INFO)
    return default


def configure(verbose: int = 0, *, default: int = logging.WARNING) -> logging.Handler:
    """The CLI's entry point: the level from ``-v`` count, the format from the environment."""
    return setup_logging(level_for_verbosity(verbose, default))
