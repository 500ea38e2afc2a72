"""Leases: one process at a time may sync an account or deliver alerts from a store.

Two desktops sharing a PostgreSQL store, or two ``orders watch`` started by mistake, would otherwise
sync the same folders and announce every alert twice. A lease is held for as long as the process
wants it and vanishes with the process (a crash frees it at once):

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) on a connection of its own;
- SQLite: ``flock`` on a small file beside the database (``orders.db.lease-<name hash>``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (advisory locks take a bigint)."""
    return int.from_bytes(hashlib.sha256(f"orders:{name}".encode()).digest()[:8], "big", signed=True)


class Lease:
    """A held lease; ``release()`` (or the process ending) frees it."""

    def __init__(self, name: str, release: Any) -> None:
        self.name = name
        self._release = release

    def release(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            with contextlib.suppress(Exception):
                release()


def try_file_lease(db_path: Path, name: str) -> Lease | None:
    path = db_path.with_name(f"{db_path.name}.lease-{_key(name) & 0xFFFFFFFFFFFF:012x}")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    os.ftruncate(fd, 0)
    os.write(fd, f"{name} pid {os.getpid()}\n".encode())

    def release() -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    return Lease(name, release)


def try_advisory_lease(engine: Engine, name: str) -> Lease | None:
    from sqlalchemy import text

    conn = engine.connect()
    try:
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _key(name)}).scalar()
        conn.commit()
    except BaseException:
        conn.close()
        raise
    if not got:
        conn.close()
        return None

    def release() -> None:
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _key(name)})
            conn.commit()
        finally:
            conn.close()

    return Lease(name, release)
