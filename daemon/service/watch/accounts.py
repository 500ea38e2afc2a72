"""Per-account work under `orders watch`: the account's lock, its IMAP connections, its lease.

Each account has its own lock, so two syncs of a folder never race on its checkpoint while a slow or
hostile server holds only its own account. Every connection a sync uses is tracked, so ``stop`` can
shut its socket: a sync blocked on the network fails at once, and an ingest already running is one
transaction that commits or rolls back whole. IDLE pickups reuse one cached sync connection per
account. One lease per account (and one for announcing alerts) keeps a second process off them.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from daemon.service.imap import connect
from daemon.service.imap.guard import Deadline, cut_reason
from daemon.service.sync import CONNECTION_ERRORS

if TYPE_CHECKING:
    from imapclient import IMAPClient

    from daemon.config import Account, Config
    from store.repository import Store

T = TypeVar("T")
log = logging.getLogger("orders.watch")


class Stopping(Exception):
    """Raised instead of opening a connection once the daemon is stopping."""


class AccountWork:
    """The accounts' locks and the connections their syncs use; ``stopping`` is the daemon's stop flag."""

    def __init__(self, stopping: threading.Event) -> None:
        self._stopping = stopping
        self._locks: dict[str, threading.RLock] = {}
        self._locks_guard = threading.Lock()
        self._sync_clients: dict[str, IMAPClient] = {}  # per account, used under its lock
        self._live: set[IMAPClient] = set()  # every connection a sync is using (cut_all shuts them)
        self._live_lock = threading.Lock()

    def lock(self, name: str) -> threading.RLock:
        with self._locks_guard:
            return self._locks.setdefault(name, threading.RLock())

    def run(self, account: Account | None, work: Callable[[Account], T]) -> T | None:
        """``work(account)`` under the account's lock; None, without it, once the daemon is stopping.

        Stopping is checked before waiting for the lock and again once it is held (stop() may have
        come meanwhile); a connection refused because of it (:class:`Stopping`) also gives None.
        ``account`` None (a reload dropped it) gives None too.
        """
        if account is None or self._stopping.is_set():
            return None
        with self.lock(account.name):
            if self._stopping.is_set():
                return None
            try:
                return work(account)
            except Stopping:
                return None

    # -- connections -----------------------------------------------------------------------
    def connect(self, account: Account, *, track: bool) -> IMAPClient:
        if self._stopping.is_set():  # e.g. sync_account reconnecting after stop() cut its socket
            raise Stopping
        client = connect(account)
        if track:
            with self._live_lock:
                self._live.add(client)
            if self._stopping.is_set():  # cut_all() took its snapshot while we were connecting
                _shutdown_socket(client)
        return client

    @contextlib.contextmanager
    def tracked(self) -> Iterator[Callable[[Account], IMAPClient]]:
        """A connect function for ``sync_account``; the connections it opened are untracked on exit."""
        opened: list[IMAPClient] = []

        def connect_tracked(account: Account) -> IMAPClient:
            opened.append(self.connect(account, track=True))
            return opened[-1]

        try:
            yield connect_tracked
        finally:
            with self._live_lock:
                self._live.difference_update(opened)

    def on_sync_client(self, account: Account, work: Callable[[IMAPClient], T], deadline: Deadline) -> T:
        """Run ``work`` on the account's cached sync connection; a stale one is replaced once."""
        client = self._sync_clients.get(account.name)
        may_retry = client is not None
        while True:
            client = client or self.connect(account, track=True)
            self._sync_clients[account.name] = client
            deadline.watch(client)
            try:
                return work(client)
            except CONNECTION_ERRORS:
                self._drop_sync_client(account.name)
                if not may_retry or self._stopping.is_set() or deadline.expired or cut_reason(client):
                    raise
            # The server restarted or timed the idle connection out since its last use: one fresh try.
            client, may_retry = None, False

    def _drop_sync_client(self, name: str, *, logout: bool = False) -> None:
        client = self._sync_clients.pop(name, None)
        if client is None:
            return
        with self._live_lock:
            self._live.discard(client)
        with contextlib.suppress(Exception):
            client.logout() if logout else client.shutdown()

    # -- stopping --------------------------------------------------------------------------
    def cut_all(self) -> None:
        """Shut every socket a sync is using: a sync blocked on the network fails at once."""
        with self._live_lock:
            live = list(self._live)
        for client in live:
            _shutdown_socket(client)

    def settle(self, deadline: float, *, also: Sequence[threading.RLock] = ()) -> bool:
        """Wait until ``deadline`` (monotonic) for every account's sync and the ``also`` locks, then log
        the cached sync connections out. False (nothing logged out) when one is still running."""
        with self._locks_guard:
            locks = [*also, *self._locks.values()]
        held = []
        try:
            for lock in locks:
                if lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                    held.append(lock)
            if len(held) < len(locks):
                return False
            for name in list(self._sync_clients):
                self._drop_sync_client(name, logout=True)
            return True
        finally:
            for lock in held:
                lock.release()


def bounded(client: IMAPClient, seconds: float, work: Callable[[], T]) -> T:
    """``work`` on ``client`` under a deadline (a tarpit answering LIST holds only this thread, briefly)."""
    deadline = Deadline(seconds).start()
    deadline.watch(client)
    try:
        return work()
    finally:
        deadline.cancel()


def _shutdown_socket(client: IMAPClient) -> None:
    with contextlib.suppress(Exception):
        client.socket().shutdown(socket.SHUT_RDWR)


# -- leases: one process per account ---------------------------------------------------------
def take_leases(store: Store, config: Config, wait: float = 15.0) -> list[Any] | None:
    """The "deliver" lease and one per account; None (said in the log) when another process holds one.
    ``deliver`` is waited for briefly: an `orders poll` holds it only for its alert cycle."""
    held: list[Any] = []
    names = [f"account:{a.name}" for a in config.accounts]
    for name in names:
        got = store.try_lease(name)
        if got is None:
            log.error("%s is already synced by another orders process on this store (a second `orders watch`?); "
                      "exiting — stop the other one first, or give this config its own [store]",
                      name.replace("account:", "account "))
            for h in held:
                h.release()
            return None
        held.append(got)
    deadline = time.monotonic() + wait
    while (deliver := store.try_lease("deliver")) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    if deliver is None:
        log.error("another orders process announces this store's alerts (a second `orders watch`?); exiting")
        for h in held:
            h.release()
        return None
    return [deliver, *held]


def lease_accounts(store: Store, leases: dict[str, Any], new: Config) -> bool:
    """Take the leases of accounts ``new`` adds into ``leases`` (release those it drops); False, with
    ``leases`` unchanged, when one is held elsewhere."""
    wanted = {a.name for a in new.accounts}
    taken = {}
    for name in sorted(wanted - set(leases)):
        got = store.try_lease(f"account:{name}")
        if got is None:
            log.error("reload refused, keeping the previous config: account %s is synced by another orders "
                      "process on this store", name)
            for lease in taken.values():
                lease.release()
            return False
        taken[name] = got
    for name in set(leases) - wanted:
        leases.pop(name).release()
    leases.update(taken)
    return True
