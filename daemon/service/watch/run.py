"""`orders watch` as a process: leases, signals, the main loop that reloads and stops the :class:`Watcher`."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from daemon.config import load_config, zone_info
from daemon.service.watch.accounts import take_leases
from daemon.service.watch.watcher import Watcher, WatchTuning, local_now, register_secrets

log = logging.getLogger("orders.watch")


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
    register_secrets(config)
    store = Store.open(getattr(config, "store_url", None))
    leases = take_leases(store, config)
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
