"""The running daemon: scheduled polls, the rules job, IDLE pickups (see the package docstring)."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daemon.config import load_config
from daemon.service.backoff import Backoff
from daemon.service.idle import DEFAULT_RENEW_AFTER, AccountIdler, FolderIdler
from daemon.service.imap import FolderSpec, folders_to_sync
from daemon.service.imap.guard import Deadline
from daemon.service.logsetup import register_secret
from daemon.service.pipeline import run_cycle
from daemon.service.sync import sync_account, sync_folder
from daemon.service.sync_results import AccountResult, FolderResult
from daemon.service.watch.accounts import AccountWork, bounded, lease_accounts

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

    from daemon.config import Account, Config
    from daemon.service.notify.actions import ActionService
    from store.repository import Store

log = logging.getLogger("orders.watch")


def local_now() -> datetime:
    """Aware local time: delivery reads quiet hours on its wall clock (``daemon.service.notify.deliver``)."""
    return datetime.now().astimezone()


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
    """The running daemon for one config; see the package docstring."""

    def __init__(self, config_path: Path | None, config: Config, store: Store, *,
                 now_fn: Callable[[], datetime] = local_now, tuning: WatchTuning | None = None) -> None:
        self.config_path = config_path
        self.config = config
        self.store = store
        self.now_fn = now_fn
        self.tuning = tuning or WatchTuning()
        self.leases: dict[str, Any] | None = None  # account name → its lease (run_watch sets it)
        self.lock = threading.RLock()  # run_cycle
        self._stopping = threading.Event()
        self._accounts = AccountWork(self._stopping)  # per-account locks and connections
        self._scheduler: BackgroundScheduler | None = None
        self._account_idlers: list[AccountIdler] = []
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
                    connect=lambda account=account: self._accounts.connect(account, track=False),
                    discover=lambda client, account=account: bounded(
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
        self._accounts.cut_all()
        deadline = time.monotonic() + self.tuning.stop_timeout
        for idler in idlers:
            idler.join(max(0.0, deadline - time.monotonic()))
        if not self._accounts.settle(deadline, also=[self.lock]):
            log.warning("a sync or cycle is still running after %.0f s; leaving it to be rolled back",
                        self.tuning.stop_timeout)
        self._stop_actions()

    def reload(self) -> bool:
        """Re-read the config; restart jobs and IDLE threads with it. False (old config kept) on error."""
        try:
            new = load_config(self.config_path)
        except Exception as exc:  # noqa: BLE001 - any bad config keeps the daemon on the old one
            log.error("reload failed, keeping the previous config: %s", exc)
            return False
        register_secrets(new)
        if self.leases is not None and not lease_accounts(self.store, self.leases, new):
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
    def poll_account(self, name: str) -> None:
        """The scheduled poll of one account: every folder, then the pipeline when mail came in."""
        result = self._accounts.run(self.config.account(name), self._poll)
        if result is not None and result.new_mails:
            log.info("%s", result.summary())
            self.run_rules()

    def _poll(self, account: Account) -> AccountResult | None:
        with self._accounts.tracked() as connect_tracked:
            result = sync_account(account, self.store, now=self.now_fn(), connect_fn=connect_tracked,
                                  stopping=self._stopping)
        if self._stopping.is_set():
            return None
        self.polls += 1
        return result

    def run_rules(self) -> None:
        """The scheduled rules job: time-based alerts fire without new mail."""
        if self._stopping.is_set():
            return
        with self.lock:
            if not self._stopping.is_set():
                self._cycle()

    def sync_folder_now(self, account_name: str, folder: FolderSpec) -> None:
        """IDLE saw new mail in ``folder``: sync it and run the pipeline. Raises so the idler retries
        (nothing once the daemon is stopping)."""
        started = time.monotonic()
        result = self._accounts.run(self.config.account(account_name),
                                    lambda account: self._sync_folder(account, folder))
        if result is not None and result.new_mails:
            self.run_rules()
            log.info("%s/%s: %d new mail(s) stored and checked in %.2f s", account_name, folder.name,
                     result.new_mails, time.monotonic() - started)

    def _sync_folder(self, account: Account, folder: FolderSpec) -> FolderResult:
        deadline = Deadline(account.sync_timeout).start()
        try:
            # sync_folder leaves nothing selected (one UNSELECT): the next sync starts with STATUS.
            result = self._accounts.on_sync_client(account, lambda client: sync_folder(
                client, account, folder, self.store, now=self.now_fn(), stopping=self._stopping), deadline)
        finally:
            deadline.cancel()
        self.idle_syncs += 1
        return result

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

    # -- observation (tests, logs) ---------------------------------------------------------
    def idlers(self) -> list[FolderIdler]:
        return [idler for account in self._account_idlers for idler in account.idlers]


def register_secrets(config: Any) -> None:
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
