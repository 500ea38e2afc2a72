"""`orders watch` latency: APPEND of a mail → its alert stored and shown as a desktop notification.

``orders --config C -v watch`` runs as a subprocess with desktop notifications on, against a
private D-Bus session bus where a recording ``org.freedesktop.Notifications`` service writes each
``Notify`` call to a file (H7's test harness). Per sample: APPEND a JP cancel-request mail for a new
order and wait until the daemon has stored it; then APPEND that order's shipment mail (the clock
starts just before this APPEND, on an already logged-in connection) and stop the clock when the
``Notify`` for the resulting ``shipped_after_cancel`` alert is recorded. One warm-up pair first.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.bench import procs
from tests.bench.seed import watch_pair
from tests.servers.dbus import session_bus
from tests.servers.dovecot import Dovecot
from tests.servers.notifications_service import RecordingServer, notification_server

STORED_LINE = "stored and checked"  # daemon.service.watch logs it (INFO) after each IDLE sync with new mail
READY_LINE = "IDLE on"  # daemon.service.idle logs it (INFO) when it starts watching the folders


def _wait(predicate: Any, timeout: float, interval: float = 0.005) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def _log_count(log: Path, text: str) -> int:
    try:
        return log.read_text(errors="replace").count(text)
    except FileNotFoundError:
        return 0


def _one_pair(client: Any, notes: RecordingServer, log: Path, sample: int, timeout: float) -> dict[str, Any]:
    cancel, shipped, order = watch_pair(sample)
    stored = _log_count(log, STORED_LINE)
    client.append("INBOX", cancel)
    cancel_seen = _wait(lambda: _log_count(log, STORED_LINE) > stored, timeout)
    time.sleep(0.05)  # let the cycle that followed it finish notifying, if it notifies at all
    before = len(notes.calls())
    started = time.perf_counter()
    client.append("INBOX", shipped)
    notified = _wait(lambda: len(notes.calls()) > before, timeout)
    latency = time.perf_counter() - started if notified else None
    calls = notes.calls()[before:]
    mentions = any(order in (c.get("summary", "") + c.get("body", "")) for c in calls)
    return {"order": order, "latency_s": latency, "cancel_seen": cancel_seen, "notify_mentions_order": mentions,
            "summary": calls[0]["summary"] if calls else None}


def measure_watch(server: Dovecot, workdir: Path, samples: int, timeout: float = 10.0) -> dict[str, Any]:
    """Median and p95 of ``samples`` APPEND → Notify latencies (seconds), with the raw samples."""
    user = server.add_user(junk="special")
    workdir.mkdir(parents=True, exist_ok=True)
    config = procs.write_config(workdir / "config.toml", store=workdir / "orders.db", desktop=True,
                                accounts=[procs.account(user.name, user.password, server.imap_port)])
    log = workdir / "watch.log"
    with session_bus() as address, notification_server(address, workdir / "notify.jsonl") as notes:
        env = procs.child_env(workdir / "home", {"DBUS_SESSION_BUS_ADDRESS": address})
        with open(log, "wb") as out:
            proc = subprocess.Popen([*procs.launcher(), "--config", str(config), "-v", "watch"], stdout=out,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        try:
            started = time.perf_counter()
            if not _wait(lambda: _log_count(log, READY_LINE) > 0 or proc.poll() is not None, 60, 0.02) \
                    or proc.poll() is not None:
                raise RuntimeError(f"orders watch did not start IDLE:\n{log.read_text(errors='replace')[-3000:]}")
            ready = time.perf_counter() - started
            # The scheduled catch-up poll runs at start too: let it pass so the pairs meet IDLE alone.
            time.sleep(1.0)
            client = server.client(user)
            try:
                warmup = _one_pair(client, notes, log, 0, timeout)
                if warmup["latency_s"] is None:
                    raise RuntimeError("the warm-up shipment raised no notification; log:\n"
                                       + log.read_text(errors="replace")[-3000:])
                results = [_one_pair(client, notes, log, n, timeout) for n in range(1, samples + 1)]
            finally:
                with contextlib.suppress(Exception):
                    client.logout()
        finally:
            stop_started = time.perf_counter()
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            stop_s = time.perf_counter() - stop_started
    latencies = [r["latency_s"] for r in results if r["latency_s"] is not None]
    return {
        "samples": len(results),
        "missed": len(results) - len(latencies),
        "median_s": procs.median(latencies) if latencies else None,
        "p95_s": procs.p95(latencies) if latencies else None,
        "max_s": max(latencies) if latencies else None,
        "latencies_s": [round(x, 4) for x in latencies],
        "notify_mentions_order": all(r["notify_mentions_order"] for r in results),
        "cancel_pickups_seen": sum(r["cancel_seen"] for r in results),
        "summary_example": results[0]["summary"] if results else None,
        "startup_to_idle_s": round(ready, 3),
        "sigterm_stop_s": round(stop_s, 3),
        "exit_code": proc.returncode,
    }
