"""`orders watch`: the daemon — scheduled polls, the rules job, IMAP IDLE, signals.

Pieces, all in one process sharing one ``Store`` (the SQLAlchemy engine is thread-safe; each store
call is its own transaction):

- APScheduler 3 (``BackgroundScheduler``) runs ``poll:<account>`` every ``[schedule] poll_interval``
  (first run at start: the catch-up after downtime) and ``rules`` every ``rules_interval`` (alerts
  such as "no seller reply in 48 h" must fire without new mail).
- With ``[schedule] idle = true`` and a server offering IDLE, each watched folder (inbox and junk)
  has a :class:`daemon.service.idle.FolderIdler`; on new mail it syncs that folder over a per-account sync
  connection and runs the pipeline, so mail is stored and alerted within about a second.
- Each account has its own lock (two syncs of a folder never race on its checkpoint) and every
  sync has the account's ``sync_timeout`` as its deadline; one lock serialises ``run_cycle`` (alerts
  are never computed twice at once). So a slow or hostile server holds only its own account: the
  rules job and the other accounts never wait for it.
- SIGTERM/SIGINT: stop scheduling, shut the IMAP sockets (an in-flight FETCH fails, so that batch
  is never ingested; an ingest already running commits or rolls back as one transaction), wait
  briefly for the lock, close the store. SIGHUP: re-read the config and restart the jobs and IDLE
  threads; a config that does not load is logged and the old one kept.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from daemon.config import load_config, zone_info
from daemon.service.backoff import Backoff
from daemon.service.idle import DEFAULT_RENEW_AFTER, AccountIdler, FolderIdler
from daemon.service.imap import FolderSpec, connect, folders_to_sync
from daemon.service.imap.guard import Deadline, cut_reason
from daemon.service.logsetup import register_secret
from daemon.service.pipeline import run_cycle
from daemon.service.sync import CONNECTION_ERRORS, sync_account, sync_folder

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler
    from imapclient import IMAPClient

    from daemon.config import Account, Config
    from daemon.service.notify.actions import ActionService
    from store.repository import Store

T = TypeVar("T")
log = logging.getLogger("orders.watch")


def local_now() -> datetime:
    """Aware local time: delivery reads quiet hours on its wall clock (``daemon.service.notify.deliver``)."""
    return datetime.now().astimezone()


class _Stopping(Exception):
    """Raised instead of opening a connection once the daemon is stopping."""


@dataclass(frozen=True)
class WatchTuning:
    """Timing knobs; the defaults suit a real daemon, tests shrink them."""

    idle_renew: float = DEFAULT_RENEW_AFTER  # re-issue IDLE before RFC 2177's 29 minutes
    idle_check: float = 30.0  # longest single wait inside IDLE (retries and renewals are checked then)
    backoff_initial: float = 1.0
    backoff_cap: float = 300.0
    stop_timeout: float = 10.0  # how long SIGTERM waits for a running sync or cycle
    tick: float = 0.2  # how often the main loop looks at its stop and reload flags

    def backoff(self) -> Backoff:
        return Backoff(initial=self.backoff_initial, cap=self.backoff_cap)


class Watcher:
    """The running daemon for one config; see the module docstring."""

    def __init__(self, config_path: Path | None, config: Config, store: Store, *,
                 now_fn: Callable[[], datetime] = local_now, tuning: WatchTuning | None = None) -> None:
        self.config_path = config_path
        self.config = config
        self.store = store
        self.now_fn = now_fn
        self.tuning = tuning or WatchTuning()
        self.leases: dict[str, Any] | None = None  # account name → its lease (run_watch sets it)
        self.lock = threading.RLock()  # run_cycle
        self._account_locks: dict[str, threading.RLock] = {}
        self._account_locks_guard = threading.Lock()
        self._scheduler: BackgroundScheduler | None = None
        self._account_idlers: list[AccountIdler] = []
        self._sync_clients: dict[str, IMAPClient] = {}  # per account, used under self.lock
        self._live: set[IMAPClient] = set()  # every connection a sync is using (stop shuts them)
        self._live_lock = threading.Lock()
        self._stopping = threading.Event()
        self._actions: ActionService | None = None
        # Counters for logs and tests.
        self.cycles = 0
        self._unread_logged = 0
        self.polls = 0
        self.idle_syncs = 0

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._stopping.clear()
        self._start_actions()
        self._start_scheduler()
        idle = self.config.schedule.idle
        if idle:
            for account in self.config.accounts:
                idler = AccountIdler(
                    label=account.name,
                    connect=lambda account=account: self._connect(account, track=False),
                    discover=lambda client, account=account: _bounded(
                        client, account.sync_timeout, lambda: folders_to_sync(client, account)),
                    on_new_mail=lambda folder, name=account.name: self.sync_folder_now(name, folder),
                    backoff=self.tuning.backoff,
                    renew_after=self.tuning.idle_renew,
                    check_interval=self.tuning.idle_check,
                )
                self._account_idlers.append(idler)
                idler.start()
        log.info("watching %d account(s): poll every %.0f s, rules every %.0f s, IDLE %s",
                 len(self.config.accounts), self.poll_interval, self.rules_interval, "on" if idle else "off")

    def _start_actions(self) -> None:
        """Buttons on desktop notifications, heard on one kept-open bus connection (none without a bus)."""
        from daemon.config import effective_lang
        from daemon.service.notify import actions, settings_from_config

        settings = settings_from_config(self.config.notify, lang=effective_lang(self.config.lang))
        if not settings.desktop:
            return
        handler = actions.ActionHandler(self.store, lang=settings.lang, opener=settings.opener,
                                        now_fn=self.now_fn, lock=self.lock)
        self._actions = actions.ActionService.start(handler)
        actions.set_active(self._actions)
        if self._actions is not None:
            log.info("notification actions on: open order, timeline, draft, acknowledge")

    def _stop_actions(self) -> None:
        from daemon.service.notify import actions

        service, self._actions = self._actions, None
        if service is not None:
            actions.set_active(None)
            service.stop()

    def stop(self) -> None:
        """Stop jobs and IDLE threads; interrupt IMAP work; wait (bounded) for the current batch."""
        self._stopping.set()
        if self._scheduler is not None:
            with contextlib.suppress(Exception):
                self._scheduler.shutdown(wait=False)
            self._scheduler = None
        idlers, self._account_idlers = self._account_idlers, []
        for idler in idlers:
            idler.stop()
        # A sync blocked on the network fails at once when its socket goes away; an ingest already
        # running is one transaction and commits or rolls back whole.
        with self._live_lock:
            live = list(self._live)
        for client in live:
            _shutdown_socket(client)
        deadline = time.monotonic() + self.tuning.stop_timeout
        for idler in idlers:
            idler.join(max(0.0, deadline - time.monotonic()))
        held = []
        with self._account_locks_guard:
            locks = [self.lock, *self._account_locks.values()]
        for lock in locks:
            if lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                held.append(lock)
        try:
            if len(held) == len(locks):
                for name in list(self._sync_clients):
                    self._drop_sync_client(name, logout=True)
            else:
                log.warning("a sync or cycle is still running after %.0f s; leaving it to be rolled back",
                            self.tuning.stop_timeout)
        finally:
            for lock in held:
                lock.release()
        self._stop_actions()

    def reload(self) -> bool:
        """Re-read the config; restart jobs and IDLE threads with it. False (old config kept) on error."""
        try:
            new = load_config(self.config_path)
        except Exception as exc:  # noqa: BLE001 - any bad config keeps the daemon on the old one
            log.error("reload failed, keeping the previous config: %s", exc)
            return False
        _register_secrets(new)
        if not self._lease_accounts(new):
            return False
        new_store = None
        if new.store_url != self.config.store_url:
            from store.repository import Store

            try:
                new_store = Store.open(new.store_url)
            except Exception as exc:  # noqa: BLE001 - keep running on the store we have
                log.error("reload failed, keeping the previous config: cannot open the new store: %s", exc)
                return False
        self.stop()
        if new_store is not None:
            self.store.close()
            self.store = new_store
        self.config = new
        self.start()
        log.info("config reloaded")
        return True

    def _lease_accounts(self, new: Config) -> bool:
        """Take the leases of accounts ``new`` adds (release those it drops); False when one is held elsewhere."""
        if self.leases is None:
            return True
        wanted = {a.name for a in new.accounts}
        taken = {}
        for name in sorted(wanted - set(self.leases)):
            got = self.store.try_lease(f"account:{name}")
            if got is None:
                log.error("reload refused, keeping the previous config: account %s is synced by another orders "
                          "process on this store", name)
                for lease in taken.values():
                    lease.release()
                return False
            taken[name] = got
        for name in set(self.leases) - wanted:
            self.leases.pop(name).release()
        self.leases.update(taken)
        return True

    # -- scheduling ------------------------------------------------------------------------
    @property
    def poll_interval(self) -> float:
        return self.config.schedule.poll_interval.total_seconds()

    @property
    def rules_interval(self) -> float:
        return self.config.schedule.rules_interval.total_seconds()

    def _start_scheduler(self) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        workers = max(2, len(self.config.accounts) + 1)
        scheduler = BackgroundScheduler(
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(workers)},
            # A job that missed its time (suspend, a long sync) runs once, late, not once per miss.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        start = datetime.now(UTC)  # first runs at once: the catch-up after downtime
        for account in self.config.accounts:
            scheduler.add_job(self.poll_account, "interval", args=[account.name], id=f"poll:{account.name}",
                              seconds=self.poll_interval, next_run_time=start)
        scheduler.add_job(self.run_rules, "interval", id="rules", seconds=self.rules_interval,
                          next_run_time=start)
        scheduler.start()
        self._scheduler = scheduler

    def jobs(self) -> dict[str, float]:
        """Scheduled job id → interval in seconds."""
        if self._scheduler is None:
            return {}
        return {job.id: job.trigger.interval.total_seconds() for job in self._scheduler.get_jobs()}

    # -- the work --------------------------------------------------------------------------
    def account_lock(self, name: str) -> threading.RLock:
        with self._account_locks_guard:
            return self._account_locks.setdefault(name, threading.RLock())

    def poll_account(self, name: str) -> None:
        """The scheduled poll of one account: every folder, then the pipeline when mail came in."""
        account = self.config.account(name)
        if account is None or self._stopping.is_set():
            return
        with self.account_lock(name):
            if self._stopping.is_set():
                return
            opened: list[IMAPClient] = []

            def connect_tracked(a: Account) -> IMAPClient:
                opened.append(self._connect(a, track=True))
                return opened[-1]

            try:
                result = sync_account(account, self.store, now=self.now_fn(), connect_fn=connect_tracked)
            except _Stopping:
                return
            finally:
                self._untrack(opened)
            if self._stopping.is_set():
                return
            self.polls += 1
        if result.new_mails:
            log.info("%s", result.summary())
            self.run_rules()

    def run_rules(self) -> None:
        """The scheduled rules job: time-based alerts fire without new mail."""
        if self._stopping.is_set():
            return
        with self.lock:
            if not self._stopping.is_set():
                self._cycle()

    def sync_folder_now(self, account_name: str, folder: FolderSpec) -> None:
        """IDLE saw new mail in ``folder``: sync it and run the pipeline. Raises so the idler retries."""
        account = self.config.account(account_name)
        if account is None or self._stopping.is_set():
            return
        with self.account_lock(account_name):
            if self._stopping.is_set():
                return
            started = time.monotonic()
            deadline = Deadline(account.sync_timeout).start()
            try:
                # sync_folder leaves nothing selected (one UNSELECT): the next sync starts with STATUS.
                result = self._on_sync_client(account, lambda client: sync_folder(
                    client, account, folder, self.store, now=self.now_fn()), deadline)
            finally:
                deadline.cancel()
            self.idle_syncs += 1
        if result.new_mails:
            self.run_rules()
            log.info("%s/%s: %d new mail(s) stored and checked in %.2f s", account_name, folder.name,
                     result.new_mails, time.monotonic() - started)

    def _cycle(self) -> None:
        try:
            report = run_cycle(self.store, self.config, self.now_fn())
        except Exception:  # noqa: BLE001 - a failing cycle is logged; the next one retries
            log.exception("evaluating alerts failed")
            return
        self.cycles += 1
        if report.sent or report.failed:
            log.info("alerts: %d active, %d notification(s) sent, %d failed", report.active_alerts,
                     report.sent, report.failed)
        if report.unread_mails != self._unread_logged:  # said once per change, not every cycle
            self._unread_logged = report.unread_mails
            if report.unread_mails:
                log.warning("%d Amazon mail(s) not understood — `orders unrecognized` lists them",
                            report.unread_mails)

    # -- connections -----------------------------------------------------------------------
    def _connect(self, account: Account, *, track: bool) -> IMAPClient:
        if self._stopping.is_set():  # e.g. sync_account reconnecting after stop() cut its socket
            raise _Stopping
        client = connect(account)
        if track:
            with self._live_lock:
                self._live.add(client)
            if self._stopping.is_set():  # stop() took its snapshot while we were connecting
                _shutdown_socket(client)
        return client

    def _untrack(self, clients: list[IMAPClient]) -> None:
        with self._live_lock:
            self._live.difference_update(clients)

    def _on_sync_client(self, account: Account, work: Callable[[IMAPClient], T], deadline: Deadline) -> T:
        """Run ``work`` on the account's cached sync connection; a stale one is replaced once."""
        cached = self._sync_clients.get(account.name)
        client = cached or self._connect(account, track=True)
        self._sync_clients[account.name] = client
        deadline.watch(client)
        try:
            return work(client)
        except CONNECTION_ERRORS:
            self._drop_sync_client(account.name)
            if cached is None or self._stopping.is_set() or deadline.expired or cut_reason(client):
                raise
        # The server restarted or timed the idle connection out since its last use: one fresh try.
        client = self._connect(account, track=True)
        self._sync_clients[account.name] = client
        deadline.watch(client)
        try:
            return work(client)
        except CONNECTION_ERRORS:
            self._drop_sync_client(account.name)
            raise

    def _drop_sync_client(self, name: str, *, logout: bool = False) -> None:
        client = self._sync_clients.pop(name, None)
        if client is None:
            return
        with self._live_lock:
            self._live.discard(client)
        with contextlib.suppress(Exception):
            client.logout() if logout else client.shutdown()

    # -- observation (tests, logs) ---------------------------------------------------------
    def idlers(self) -> list[FolderIdler]:
        return [idler for account in self._account_idlers for idler in account.idlers]


def _bounded(client: IMAPClient, seconds: float, work: Callable[[], T]) -> T:
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


def _register_secrets(config: Any) -> None:
    """Make sure nothing the config holds as a secret can reach a log line."""
    for account in getattr(config, "accounts", ()):
        password = getattr(account, "password", None)
        if password is not None:
            register_secret(password.reveal() if hasattr(password, "reveal") else str(password))
    url = getattr(config, "store_url", None)
    if url and "://" in url:
        with contextlib.suppress(Exception):
            from sqlalchemy.engine import make_url

            register_secret(make_url(url).password)


@contextlib.contextmanager
def _signals(stop: threading.Event, reload: threading.Event) -> Iterator[None]:
    """SIGTERM/SIGINT → stop, SIGHUP → reload (only possible in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_stop(signum: int, _frame: object) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        stop.set()

    def on_hup(_signum: int, _frame: object) -> None:
        reload.set()

    previous = {sig: signal.signal(sig, handler)
                for sig, handler in ((signal.SIGTERM, on_stop), (signal.SIGINT, on_stop),
                                     (signal.SIGHUP, on_hup))}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_watch(
    config_path: str | Path | None = None,
    *,
    stop_event: threading.Event | None = None,
    reload_event: threading.Event | None = None,
    now_fn: Callable[[], datetime] = local_now,
    tuning: WatchTuning | None = None,
    on_started: Callable[[Watcher], None] | None = None,
) -> int:
    """Run the daemon until ``stop_event`` is set (or SIGTERM/SIGINT in the main thread); returns 0.

    ``reload_event`` (or SIGHUP) re-reads the config. ``on_started`` receives the running
    :class:`Watcher` (tests observe it). A config or store that cannot be loaded at start raises.
    """
    from store.repository import Store

    path = Path(config_path) if config_path is not None else None
    stop = stop_event or threading.Event()
    reload = reload_event or threading.Event()
    config = load_config(path)
    _register_secrets(config)
    store = Store.open(getattr(config, "store_url", None))
    leases = _take_leases(store, config)
    if leases is None:
        store.close()
        return 1
    zone = zone_info(config.timezone)  # one clock: notifications show times in the configured zone
    clock = now_fn
    watcher = Watcher(path, config, store, now_fn=lambda: clock().astimezone(zone), tuning=tuning)
    deliver, *per_account = leases
    watcher.leases = {a.name: held for a, held in zip(config.accounts, per_account, strict=True)}
    tick = watcher.tuning.tick
    with _signals(stop, reload):
        try:
            watcher.start()
            if on_started is not None:
                on_started(watcher)
            while not stop.is_set():
                if reload.is_set():
                    reload.clear()
                    log.info("reloading the config")
                    watcher.reload()
                stop.wait(tick)
        finally:
            started = time.monotonic()
            watcher.stop()
            for held in [deliver, *watcher.leases.values()]:
                held.release()
            watcher.store.close()
            log.info("stopped in %.1f s", time.monotonic() - started)
    return 0


def _take_leases(store: Store, config: Config, wait: float = 15.0) -> list[Any] | None:
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
