"""Fixtures and helpers for the daemon-loop tests (Dovecot from H6's harness, configs, mail, a runner)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.conftest import need
from tests.servers.dovecot import Dovecot, MailUser, dovecot_available, dovecot_server

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "emails"


def _need_dovecot() -> None:
    need(dovecot_available(), "dovecot is not installed (apt-get install dovecot-imapd)")


@pytest.fixture
def restartable_dovecot() -> Iterator[Dovecot]:
    """A server of its own, for tests that stop and start it (or earn 127.0.0.1 an auth penalty)."""
    _need_dovecot()
    with dovecot_server() as server:
        yield server


def new_user(server: Dovecot, **kwargs) -> MailUser:
    """A fresh user whose mailboxes exist already.

    Dovecot 2.3 creates a new user's Maildir and auto-created folders on first access and panics
    (fcntl deadlock, ALREADYEXISTS) when several connections race to do it; real mailboxes exist
    long before the daemon starts, so tests touch them once first.
    """
    user = server.add_user(**kwargs)
    with server.session(user) as client:
        client.list_folders()
        if user.junk_folder:
            client.folder_status(user.junk_folder, ["MESSAGES"])
    return user


def fixture_mail(relpath: str, *, message_id: str | None = None, dated: datetime | None = None) -> bytes:
    """A fixture mail, optionally under a new Message-ID (the store dedupes by it) and a new Date."""
    raw = (FIXTURES / relpath).read_bytes()
    if message_id is not None:
        raw, n = re.subn(rb"(?im)^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*",
                         b"Message-ID: <" + message_id.encode() + b">", raw, count=1)
        assert n == 1, f"{relpath} has no Message-ID"
    if dated is not None:
        raw, n = re.subn(rb"(?im)^Date:[^\r\n]*(\r?\n[ \t][^\r\n]*)*",
                         b"Date: " + format_datetime(dated).encode(), raw, count=1)
        assert n == 1, f"{relpath} has no Date"
    return raw


def fresh_mail(relpath: str, *, message_id: str) -> bytes:
    """A fixture mail arriving now, dated now: the watch evaluates its rules on the real clock, and
    a phishing or junk mail raises an alert only within ``mail_alert_days`` of its date (the
    fixtures' own dates would stop alerting some months after they were written)."""
    return fixture_mail(relpath, message_id=message_id, dated=datetime.now(UTC))


PHISHING = "phishing/address-in-display-name-icu-redelivery-fee.eml"


class AlertSink:
    """A ``[[notify.command]]`` channel that appends each alert (one JSON per line) to a file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.touch()

    @property
    def argv(self) -> list[str]:
        # The command receives the alert as JSON on stdin; it appends it as one line in one write(2)
        # (O_APPEND), so concurrent senders never interleave.
        code = ("import json,os,sys; a=json.load(sys.stdin); "
                f"fd=os.open({str(self.path)!r}, os.O_WRONLY|os.O_APPEND|os.O_CREAT); "
                "os.write(fd, (json.dumps(a, ensure_ascii=False)+'\\n').encode()); os.close(fd)")
        return [sys.executable, "-c", code]

    def alerts(self) -> list[dict]:
        """The alerts written so far: complete lines only (a line still being written is not one)."""
        text = self.path.read_bytes().decode("utf-8", "replace")
        complete = text[: text.rfind("\n") + 1]
        return [json.loads(line) for line in complete.splitlines() if line.strip()]

    def wait_for(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.alerts()) >= count:
                return True
            time.sleep(0.01)
        return len(self.alerts()) >= count


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_config(path: Path, *, server: Dovecot | None = None, users: list[MailUser] = (),
                 store: Path, sink: AlertSink | None = None, poll: str = "1h", rules: str = "1h",
                 idle: bool = True, passwords: dict[str, str] | None = None) -> Path:
    lines = ["lang = \"en\"", "", "[store]", f"url = {_toml_str(str(store))}", "",
             "[schedule]", f"poll_interval = \"{poll}\"", f"rules_interval = \"{rules}\"",
             f"idle = {'true' if idle else 'false'}", "", "[notify]", "desktop = false", ""]
    if sink is not None:
        lines += ["[[notify.command]]", "name = \"sink\"", f"argv = {json.dumps(sink.argv)}", ""]
    for user in users:
        password = (passwords or {}).get(user.name, user.password)
        lines += ["[[accounts]]", f"name = {_toml_str(user.name)}", "host = \"127.0.0.1\"",
                  f"port = {server.imap_port}", "security = \"plain\"", f"username = {_toml_str(user.name)}",
                  f"password = {_toml_str(password)}", 'trusted_authserv_ids = ["mx.example.jp"]', ""]
    path.write_text("\n".join(lines))
    path.chmod(0o600)
    return path


class WatchThread:
    """``run_watch`` in a thread (signals are main-thread only; tests use the events instead)."""

    def __init__(self, config: Path, **kwargs) -> None:
        from daemon.service.watch import run_watch

        self.stop_event = threading.Event()
        self.reload_event = threading.Event()
        self.watcher = None
        self.error: BaseException | None = None
        self.result: int | None = None
        started = threading.Event()

        def on_started(w) -> None:
            self.watcher = w
            started.set()

        def target() -> None:
            try:
                self.result = run_watch(config, stop_event=self.stop_event, reload_event=self.reload_event,
                                        on_started=on_started, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                self.error = exc
                started.set()

        self.thread = threading.Thread(target=target, name="watch-under-test", daemon=True)
        self.thread.start()
        assert started.wait(30), "run_watch did not start"
        if self.error:
            raise self.error

    def wait_listening(self, folders: int, timeout: float = 15) -> None:
        """Until ``folders`` IDLE connections are listening."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            idlers = self.watcher.idlers()
            if len(idlers) >= folders and all(i.listening.is_set() for i in idlers):
                return
            time.sleep(0.02)
        raise AssertionError(f"IDLE not listening: {[(i.label, i.listening.is_set()) for i in self.watcher.idlers()]}")

    def stop(self, timeout: float = 15) -> float:
        started = time.monotonic()
        self.stop_event.set()
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "run_watch did not stop"
        if self.error:
            raise self.error
        assert self.result == 0
        return time.monotonic() - started


@contextlib.contextmanager
def watching(config: Path, **kwargs) -> Iterator[WatchThread]:
    runner = WatchThread(config, **kwargs)
    try:
        yield runner
    finally:
        if runner.thread.is_alive():
            runner.stop()


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def deliver_to_maildir(server: Dovecot, user: MailUser, folder: str, raw: bytes, name: str) -> None:
    """What an MTA does while the IMAP server is down: drop the file into the folder's Maildir."""
    path = server.folder_path(user, folder)
    tmp, new = path / "tmp", path / "new"
    tmp.mkdir(parents=True, exist_ok=True)
    new.mkdir(parents=True, exist_ok=True)
    target = tmp / f"{int(time.time())}.{name}.orders-test"
    target.write_bytes(raw)
    os.chown(target, server.uid, server.gid)
    os.rename(target, new / target.name)


class WatchProcess:
    """`python -m daemon.cli --config C -v watch` with stderr in a file (optionally "the journal")."""

    def __init__(self, config: Path, log: Path, *, verbosity: str = "-v", journal: bool = False) -> None:
        self.log_path = log
        env = {k: v for k, v in os.environ.items() if k not in ("JOURNAL_STREAM", "INVOCATION_ID")}
        self._log = open(log, "wb")  # noqa: SIM115 - closed in finish()
        if journal:
            st = os.fstat(self._log.fileno())
            env["JOURNAL_STREAM"] = f"{st.st_dev}:{st.st_ino}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "daemon.cli", "--config", str(config), verbosity, "watch"],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_log(self, text: str, timeout: float = 20, count: int = 1) -> None:
        if not wait_until(lambda: self.log().count(text) >= count or self.proc.poll() is not None, timeout, 0.05):
            raise AssertionError(f"{text!r} not logged within {timeout} s; log:\n{self.log()}")
        assert self.log().count(text) >= count, f"exited ({self.proc.returncode}) before {text!r}:\n{self.log()}"

    def send(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def finish(self, sig: int = signal.SIGTERM, timeout: float = 15) -> tuple[int, float]:
        started = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"orders watch ignored {signal.Signals(sig).name}; log:\n{self.log()}") from None
        finally:
            self._log.close()
        return rc, time.monotonic() - started
