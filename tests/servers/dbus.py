"""A private D-Bus session bus for tests.

    with session_bus() as address:          # "unix:path=/tmp/orders-dbus-XXXX/bus,guid=…"
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        ...

The daemon is ``dbus-daemon --session --nofork --print-address=1 --address=unix:path=DIR/bus``; the
context manager waits for the address it prints, and stops the daemon (and removes DIR) on exit. After
exit the address points at nothing: a "bus that went away".
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

START_TIMEOUT = 30.0  # generous: dbus-daemon starts in milliseconds, but not on a loaded machine


def dbus_available() -> bool:
    return shutil.which("dbus-daemon") is not None


def _read_line(proc: subprocess.Popen, timeout: float) -> str:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            return ""
    return proc.stdout.readline().decode().strip()


def stop_process(proc: subprocess.Popen, timeout: float = 5.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe:
            pipe.close()


@contextlib.contextmanager
def session_bus(directory: Path | None = None) -> Iterator[str]:
    """Start a private session bus; yield its address. ``directory`` must be short (socket path ≤ 107)."""
    own_dir = directory is None
    base = Path(tempfile.mkdtemp(prefix="orders-dbus-")) if directory is None else Path(directory)
    socket_path = base / "bus"
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    proc = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1", f"--address=unix:path={socket_path}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
    )
    try:
        address = _read_line(proc, START_TIMEOUT)
        if not address:
            proc.kill()
            err = proc.communicate()[1].decode(errors="replace")
            raise RuntimeError(f"dbus-daemon did not start: {err.strip() or 'no address printed'}")
        yield address
    finally:
        stop_process(proc)
        if own_dir:
            shutil.rmtree(base, ignore_errors=True)
