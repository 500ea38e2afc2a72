"""`orders watch`: the daemon — scheduled polls, the rules job, IMAP IDLE, signals.

Pieces, all in one process sharing one ``Store`` (the SQLAlchemy engine is thread-safe; each store
call is its own transaction):

- APScheduler 3 (``BackgroundScheduler``) runs ``poll:<account>`` every ``[schedule] poll_interval``
  (first run at start: the catch-up after downtime) and ``rules`` every ``rules_interval`` (alerts
  such as "no seller reply in 48 h" must fire without new mail).
- With ``[schedule] idle = true`` and a server offering IDLE, each watched folder (inbox and junk)
  has a :class:`daemon.idle.FolderIdler`; on new mail it syncs that folder over a per-account sync
  connection and runs the pipeline, so mail is stored and alerted within about a second.
- One re-entrant lock serialises every sync and every ``run_cycle``: alerts are never computed
  twice at once and two syncs of a folder never race on its checkpoint.
- SIGTERM/SIGINT: stop scheduling, shut the IMAP sockets (an in-flight FETCH fails, so that batch
  is never ingested; an ingest already running commits or rolls back as one transaction), wait
  briefly for the lock, close the store. SIGHUP: re-read the config and restart the jobs and IDLE
  threads; a config that does not load is logged and the old one kept.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daemon import watch_imap as sources
from daemon.backoff import Backoff
from daemon.idle import DEFAULT_RENEW_AFTER, FolderIdler
from daemon.logsetup import register_secret

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

    from daemon.config import Config
    from store.repository import Store

log = logging.getLogger("orders.watch")


def utc_now() -> datetime:
    return datetime.now(UTC)


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


def interval_seconds(value: Any, default: float) -> float:
    """A schedule interval as seconds: a timedelta, a number of seconds, or text like "90s", "5m", "1h"."""
    if value is None:
        return default
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, int | float):
        seconds = float(value)
    else:
        text = str(value).strip().lower()
        units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
        seconds = float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
    if seconds <= 0:
        raise ValueError(f"interval must be positive, got {value!r}")
    return seconds


class Watcher:
    """The running daemon for one config; see the module docstring."""

    def __init__(self, config_path: Path | None, config: Config, store: Store, *,
                 now_fn: Callable[[], datetime] = utc_now, tuning: WatchTuning | None = None) -> None:
        self.config_path = config_path
        self.config = config
        self.store = store
        self.now_fn = now_fn
        self.tuning = tuning or WatchTuning()
        self.lock = threading.RLock()
        self._scheduler: BackgroundScheduler | None = None
        self._idle_starters: list[_IdleStarter] = []
        self._sync_clients: dict[str, Any] = {}
        self._stopping = threading.Event()
        # Counters for logs and tests.
        self.cycles = 0
        self.polls = 0
        self.idle_syncs = 0

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._stopping.clear()
        self._start_scheduler()
        if _schedule(self.config, "idle", True):
            for account in self.config.accounts:
                starter = _IdleStarter(self, account)
                self._idle_starters.append(starter)
                starter.start()
        log.info("watching %d account(s): polls every %s s, rules every %s s, IDLE %s",
                 len(self.config.accounts), self.poll_interval, self.rules_interval,
                 "on" if _schedule(self.config, "idle", True) else "off")

    def stop(self) -> None:
        """Stop jobs and IDLE threads; interrupt IMAP work; wait (bounded) for the current batch."""
        self._stopping.set()
        if self._scheduler is not None:
            with contextlib.suppress(Exception):
                self._scheduler.shutdown(wait=False)
            self._scheduler = None
        starters, self._idle_starters = self._idle_starters, []
        for starter in starters:
            starter.stop()
        # A sync blocked on the network fails at once when its socket goes away.
        for client in list(self._sync_clients.values()):
            _shutdown_socket(client)
        sources.interrupt_polls()
        deadline = time.monotonic() + self.tuning.stop_timeout
        for starter in starters:
            starter.join(max(0.0, deadline - time.monotonic()))
        if self.lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            try:
                self._close_sync_clients()
            finally:
                self.lock.release()
        else:
            log.warning("a sync or cycle is still running after %.0f s; leaving it to be rolled back",
                        self.tuning.stop_timeout)

    def reload(self) -> bool:
        """Re-read the config; restart jobs and IDLE threads with it. False (old config kept) on error."""
        from daemon.config import load_config

        try:
            new = load_config(self.config_path)
        except Exception as exc:  # noqa: BLE001 - any bad config keeps the daemon on the old one
            log.error("reload failed, keeping the previous config: %s", exc)
            return False
        _register_secrets(new)
        self.stop()
        if getattr(new, "store_url", None) != getattr(self.config, "store_url", None):
            from store.repository import Store

            old_store = self.store
            try:
                self.store = Store.open(new.store_url)
            except Exception as exc:  # noqa: BLE001 - keep running on the store we have
                log.error("reload: cannot open the new store, keeping the previous config: %s", exc)
                self.start()
                return False
            old_store.close()
        self.config = new
        self.start()
        log.info("config reloaded")
        return True

    # -- scheduling ------------------------------------------------------------------------
    @property
    def poll_interval(self) -> float:
        return interval_seconds(_schedule(self.config, "poll_interval", None), 300.0)

    @property
    def rules_interval(self) -> float:
        return interval_seconds(_schedule(self.config, "rules_interval", None), 600.0)

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
        start = datetime.now(UTC)
        for account in self.config.accounts:
            scheduler.add_job(self.poll_account, "interval", args=[account.name], id=f"poll:{account.name}",
                              seconds=self.poll_interval, next_run_time=start)
        scheduler.add_job(self.run_rules, "interval", id="rules", seconds=self.rules_interval,
                          next_run_time=start)
        scheduler.start()
        self._scheduler = scheduler

    def job_ids(self) -> list[str]:
        return [job.id for job in self._scheduler.get_jobs()] if self._scheduler else []

    # -- the work --------------------------------------------------------------------------
    def _account(self, name: str) -> Any | None:
        return next((a for a in self.config.accounts if a.name == name), None)

    def poll_account(self, name: str) -> None:
        """The scheduled poll of one account: every folder, then the pipeline."""
        account = self._account(name)
        if account is None or self._stopping.is_set():
            return
        with self.lock:
            if self._stopping.is_set():
                return
            try:
                new = sources.poll_account(account, self.config, self.store, self.now_fn())
            except Exception as exc:  # noqa: BLE001 - one failing account never stops the daemon
                if not self._stopping.is_set():
                    log.warning("poll of %s failed: %s", name, sources.describe_error(exc))
                return
            self.polls += 1
            if new:
                log.info("%s: %d new mail(s) stored", name, new)
            self._cycle()

    def run_rules(self) -> None:
        """The scheduled rules job: time-based alerts fire without new mail."""
        if self._stopping.is_set():
            return
        with self.lock:
            if not self._stopping.is_set():
                self._cycle()

    def sync_folder_now(self, account_name: str, folder: str) -> None:
        """IDLE saw new mail in ``folder``: sync it and run the pipeline. Raises so the idler retries."""
        account = self._account(account_name)
        if account is None or self._stopping.is_set():
            return
        with self.lock:
            if self._stopping.is_set():
                return
            started = time.monotonic()
            new = self._with_sync_client(account, lambda client: sources.sync_one_folder(
                client, account, folder, self.config, self.store, self.now_fn()))
            self.idle_syncs += 1
            if new:
                self._cycle()
                log.info("%s/%s: %d new mail(s) stored and checked in %.2f s", account_name, folder, new,
                         time.monotonic() - started)

    def _cycle(self) -> None:
        from daemon.pipeline import run_cycle

        try:
            report = run_cycle(self.store, self.config, self.now_fn())
        except Exception:  # noqa: BLE001 - a failing cycle is logged; the next one retries
            log.exception("evaluating alerts failed")
            return
        self.cycles += 1
        failed = getattr(report, "failed", 0)
        if getattr(report, "sent", 0) or failed:
            log.info("alerts: %s active, %s notification(s) sent, %s failed",
                     getattr(report, "active_alerts", "?"), report.sent, failed)

    def _with_sync_client(self, account: Any, work: Callable[[Any], int]) -> int:
        """Run ``work`` on the account's cached sync connection; a stale one is replaced once."""
        cached = self._sync_clients.get(account.name)
        client = cached or sources.connect(account)
        self._sync_clients[account.name] = client
        try:
            return work(client)
        except (OSError, EOFError, imaplib.IMAP4.abort):
            self._drop_sync_client(account.name)
            if cached is None or self._stopping.is_set():
                raise
            # The server may have restarted or timed us out since the last use: one fresh try.
            client = sources.connect(account)
            self._sync_clients[account.name] = client
            try:
                return work(client)
            except (OSError, EOFError, imaplib.IMAP4.abort):
                self._drop_sync_client(account.name)
                raise

    def _drop_sync_client(self, name: str) -> None:
        client = self._sync_clients.pop(name, None)
        if client is not None:
            with contextlib.suppress(Exception):
                client.shutdown()

    def _close_sync_clients(self) -> None:
        for name in list(self._sync_clients):
            client = self._sync_clients.pop(name)
            with contextlib.suppress(Exception):
                client.logout()

    # -- observation (tests, logs) ---------------------------------------------------------
    def idlers(self) -> list[FolderIdler]:
        return [idler for starter in self._idle_starters for idler in starter.idlers]


class _IdleStarter(threading.Thread):
    """Finds an account's watched folders (retrying with backoff), then runs one idler per folder."""

    def __init__(self, watcher: Watcher, account: Any) -> None:
        super().__init__(name=f"idle-start:{account.name}", daemon=True)
        self.watcher = watcher
        self.account = account
        self.idlers: list[FolderIdler] = []
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()
        for idler in self.idlers:
            idler.stop()

    def join(self, timeout: float | None = None) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        super().join(timeout)
        for idler in self.idlers:
            idler.join(None if deadline is None else max(0.0, deadline - time.monotonic()))

    def run(self) -> None:
        backoff = self.watcher.tuning.backoff()
        name = self.account.name
        while not self._stop_event.is_set():
            try:
                folders = sources.idle_folders(self.account)
                break
            except sources.IdleNotOffered:
                log.info("%s: the server does not offer IDLE; polling every %.0f s", name,
                         self.watcher.poll_interval)
                return
            except Exception as exc:  # noqa: BLE001 - retried with backoff like any connection
                delay = backoff.next_delay()
                log.warning("%s: cannot list folders to watch (%s); retrying in %.1f s", name,
                            sources.describe_error(exc), delay)
                if self._stop_event.wait(delay):
                    return
        else:
            return
        tuning = self.watcher.tuning
        for folder in folders:
            idler = FolderIdler(
                label=f"{name}/{folder}",
                connect=lambda: sources.connect(self.account),
                folder=folder,
                on_new_mail=lambda folder=folder: self.watcher.sync_folder_now(name, folder),
                backoff=tuning.backoff(),
                renew_after=tuning.idle_renew,
                check_interval=tuning.idle_check,
            )
            if self._stop_event.is_set():
                return
            self.idlers.append(idler)
            idler.start()
        log.info("%s: IDLE on %s", name, ", ".join(folders))


def _schedule(config: Any, key: str, default: Any) -> Any:
    schedule = getattr(config, "schedule", None)
    if schedule is None:
        return default
    if isinstance(schedule, dict):
        return schedule.get(key, default)
    return getattr(schedule, key, default)


def _shutdown_socket(client: Any) -> None:
    import socket

    with contextlib.suppress(Exception):
        client.socket().shutdown(socket.SHUT_RDWR)


def _register_secrets(config: Any) -> None:
    """Make sure nothing the config holds as a secret can reach a log line."""
    for account in getattr(config, "accounts", ()):
        for attr in ("password", "oauth2_token"):
            value = getattr(account, attr, None)
            if isinstance(value, str):
                register_secret(value)
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
    now_fn: Callable[[], datetime] = utc_now,
    tuning: WatchTuning | None = None,
    on_started: Callable[[Watcher], None] | None = None,
) -> int:
    """Run the daemon until ``stop_event`` is set (or SIGTERM/SIGINT in the main thread); returns 0.

    ``reload_event`` (or SIGHUP) re-reads the config. ``on_started`` receives the running
    :class:`Watcher` (tests observe it). A config or store that cannot be loaded at start raises.
    """
    from daemon.config import load_config
    from store.repository import Store

    path = Path(config_path) if config_path is not None else None
    stop = stop_event or threading.Event()
    reload = reload_event or threading.Event()
    config = load_config(path)
    _register_secrets(config)
    store = Store.open(getattr(config, "store_url", None))
    watcher = Watcher(path, config, store, now_fn=now_fn, tuning=tuning)
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
            watcher.store.close()
            log.info("stopped in %.1f s", time.monotonic() - started)
    return 0
