"""FolderIdler against a real Dovecot: pickup, renewal, restarts, prompt stop, no-IDLE servers."""

from __future__ import annotations

import threading
import time

import imapclient
import pytest

from daemon.service.backoff import Backoff
from daemon.service.idle import FolderIdler
from tests.watch.conftest import new_user, wait_until

pytestmark = pytest.mark.imap

MAIL = b"From: a@example.com\r\nSubject: test\r\nMessage-ID: <%d@example.com>\r\n\r\nbody\r\n"


class Recorder:
    """on_new_mail that records when it was called."""

    def __init__(self, fail_first: int = 0) -> None:
        self.calls: list[float] = []
        self.fail_first = fail_first
        self.changed = threading.Condition()

    def __call__(self) -> None:
        with self.changed:
            self.calls.append(time.monotonic())
            self.changed.notify_all()
        if len(self.calls) <= self.fail_first:
            raise RuntimeError("sync failed (test)")

    def wait_for(self, count: int, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: len(self.calls) >= count, timeout)


def _start(idler: FolderIdler, timeout: float = 10) -> FolderIdler:
    idler.start()
    assert idler.listening.wait(timeout), "the idler never started listening"
    return idler


def _stop(idler: FolderIdler) -> float:
    started = time.monotonic()
    idler.stop()
    idler.join(10)
    assert not idler.is_alive()
    return time.monotonic() - started


def _fast_backoff() -> Backoff:
    return Backoff(initial=0.05, cap=0.5)


def test_append_from_another_connection_is_announced_quickly(dovecot):
    user = new_user(dovecot)
    rec = Recorder()
    idler = _start(FolderIdler(label="t", connect=lambda: dovecot.client(user), folder="INBOX",
                               on_new_mail=rec, backoff=_fast_backoff()))
    try:
        assert rec.wait_for(1, 5), "no catch-up sync after connecting"
        latencies = []
        for n in range(3):
            before = len(rec.calls)
            sent = time.monotonic()
            dovecot.append(user, "INBOX", MAIL % n)
            assert rec.wait_for(before + 1, 3), "new mail was not announced"
            latencies.append(rec.calls[before] - sent)
        print(f"IDLE notification latency: {[round(x, 3) for x in latencies]} s")
        assert max(latencies) < 2.0
    finally:
        _stop(idler)


def test_gmail_style_junk_folder_is_watched(dovecot):
    user = new_user(dovecot, junk="gmail")
    rec = Recorder()
    idler = _start(FolderIdler(label="t", connect=lambda: dovecot.client(user), folder="[Gmail]/Spam",
                               on_new_mail=rec, backoff=_fast_backoff()))
    try:
        assert rec.wait_for(1, 5)
        dovecot.append(user, "[Gmail]/Spam", MAIL % 1)
        assert rec.wait_for(2, 10)
    finally:
        _stop(idler)


def test_idle_is_renewed_and_still_announces_mail(dovecot):
    user = new_user(dovecot)
    rec = Recorder()
    with dovecot.counting_proxy() as proxy:
        def connect():
            c = imapclient.IMAPClient("127.0.0.1", port=proxy.port, ssl=False, timeout=10)
            c.login(user.name, user.password)
            return c

        idler = _start(FolderIdler(label="t", connect=connect, folder="INBOX", on_new_mail=rec,
                                   backoff=_fast_backoff(), renew_after=0.4, check_interval=0.2))
        try:
            # Renewals every 0.4 s: three IDLEs within a bound generous for a loaded machine.
            assert wait_until(lambda: proxy.all_commands().count("IDLE") >= 3, 15), proxy.all_commands()
            before = len(rec.calls)
            dovecot.append(user, "INBOX", MAIL % 7)
            assert rec.wait_for(before + 1, 10)
        finally:
            _stop(idler)
    assert idler.connects == 1  # renewed in place, never reconnected


def test_stop_is_prompt_even_with_long_waits(dovecot):
    user = new_user(dovecot)
    idler = _start(FolderIdler(label="t", connect=lambda: dovecot.client(user), folder="INBOX",
                               on_new_mail=lambda: None, check_interval=60, renew_after=600))
    time.sleep(0.2)
    assert _stop(idler) < 1.0


def test_dropped_connection_reconnects_and_catches_up(dovecot):
    user = new_user(dovecot)
    rec = Recorder()
    with dovecot.counting_proxy() as proxy:
        def connect():
            c = imapclient.IMAPClient("127.0.0.1", port=proxy.port, ssl=False, timeout=10)
            c.login(user.name, user.password)
            return c

        idler = _start(FolderIdler(label="t", connect=connect, folder="INBOX", on_new_mail=rec,
                                   backoff=_fast_backoff(), check_interval=0.5))
        try:
            assert rec.wait_for(1, 5)
            idler.listening.clear()
            proxy.drop_all()  # the network goes away without a BYE
            deadline = time.monotonic() + 10
            while idler.connects < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert idler.connects == 2 and idler.failures >= 1
            assert rec.wait_for(2, 5), "no catch-up sync after the reconnect"
        finally:
            _stop(idler)


@pytest.mark.slow
def test_server_restart_reconnects_with_backoff(restartable_dovecot):
    server = restartable_dovecot
    user = new_user(server)
    rec = Recorder()
    idler = _start(FolderIdler(label="t", connect=lambda: server.client(user), folder="INBOX",
                               on_new_mail=rec, backoff=Backoff(initial=0.2, cap=1.0)))
    try:
        assert rec.wait_for(1, 5)
        server.stop()
        deadline = time.monotonic() + 20  # the imap processes outlive the master by ~10 s
        while idler.listening.is_set() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not idler.listening.is_set(), "the idler did not notice the server going away"
        assert wait_until(lambda: idler.failures >= 2, 15), "no refused connection attempts while down"
        down_at = time.monotonic()
        server.start()
        assert idler.listening.wait(5), "no reconnect after the server came back"
        print(f"reconnected {time.monotonic() - down_at:.2f} s after the server was back")
        assert rec.wait_for(2, 5)
        before = len(rec.calls)
        server.append(user, "INBOX", MAIL % 9)
        assert rec.wait_for(before + 1, 10)
    finally:
        _stop(idler)


def test_failed_sync_is_retried_without_new_mail(dovecot):
    user = new_user(dovecot)
    rec = Recorder(fail_first=2)
    idler = _start(FolderIdler(label="t", connect=lambda: dovecot.client(user), folder="INBOX",
                               on_new_mail=rec, backoff=Backoff(initial=0.1, cap=0.2),
                               check_interval=0.1))
    try:
        assert rec.wait_for(3, 5), "a failed catch-up sync was not retried"
        time.sleep(0.5)
        assert len(rec.calls) == 3  # and not retried again once it succeeded
        assert idler.connects == 1
    finally:
        _stop(idler)


class _NoIdleClient(imapclient.IMAPClient):
    """A real connection to a server that does not advertise IDLE."""

    def capabilities(self):
        return tuple(c for c in super().capabilities() if c != b"IDLE")


def test_server_without_idle_ends_the_thread_quietly(dovecot):
    user = new_user(dovecot)

    def connect():
        c = _NoIdleClient("127.0.0.1", port=dovecot.imap_port, ssl=False, timeout=10)
        c.login(user.name, user.password)
        return c

    idler = FolderIdler(label="t", connect=connect, folder="INBOX", on_new_mail=lambda: None)
    idler.start()
    idler.join(5)
    assert not idler.is_alive()
    assert idler.supported is False and idler.failures == 0


def test_missing_folder_ends_its_idler_instead_of_looping(dovecot):
    user = new_user(dovecot)
    idler = FolderIdler(label="t", connect=lambda: dovecot.client(user), folder="No Such Folder",
                        on_new_mail=lambda: None, backoff=_fast_backoff())
    idler.start()
    idler.join(5)
    assert not idler.is_alive()
    assert idler.connects == 0 and idler.failures == 0
