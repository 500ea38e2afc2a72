"""The embedded SQLite store: where it lives, file modes, pragmas, read-only and full disks, concurrency.

Root ignores permission bits, so as root a read-only or full disk is a real tmpfs mount; as another
user, a read-only directory is chmod 0500 and a full disk is SQLite's max_page_count.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import insert, text

from store import db
from store.repository import Checkpoint, Store, StoreError
from store.schema import accounts
from tests.store.factories import NOW, event, item

ORDER = "250-1111111-1111111"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def one_mail(message_id: str = "m@x", uid: int = 1):
    return item(message_id, event("ordered", ORDER, "2026-11-01T10:00:00+09:00"), uid=uid)


def test_new_store_is_private(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "orders.db"
    with Store.open(f"sqlite:///{path}") as store:
        store.ingest([one_mail()], now=NOW)
        assert mode(path) == 0o600
        assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
        wal = path.with_name("orders.db-wal")
        assert wal.exists() and mode(wal) == 0o600  # SQLite copies the database file's mode


def test_pragmas(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "orders.db")) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_S * 1000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_default_location_is_the_xdg_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    (tmp_path / "share" / "orders").mkdir(parents=True, mode=0o755)
    (tmp_path / "share" / "orders").chmod(0o755)
    with Store.open() as store:
        assert store.where == str(tmp_path / "share" / "orders" / "orders.db")
    assert mode(tmp_path / "share" / "orders") == 0o700  # our own directory is tightened
    assert mode(tmp_path / "share" / "orders" / "orders.db") == 0o600


def test_user_given_directory_is_left_alone_but_a_loose_file_is_tightened(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    path = tmp_path / "orders.db"
    Store.open(str(path)).close()
    path.chmod(0o644)
    Store.open(f"sqlite:///{path}").close()
    assert mode(path) == 0o600 and mode(tmp_path) == 0o755


def test_home_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    with Store.open("sqlite:///~/mail/orders.db") as store:
        assert store.where == str(tmp_path / "mail" / "orders.db")
    assert (tmp_path / "mail" / "orders.db").exists()


def test_in_memory_store_keeps_its_data_between_calls() -> None:
    with Store.open("sqlite://") as store:
        store.ingest([one_mail()], now=NOW)
        assert list(store.order_events()) == [ORDER]


def test_reader_is_not_blocked_and_writer_waits_for_the_lock(tmp_path: Path) -> None:
    url = str(tmp_path / "orders.db")
    with Store.open(url) as poll, Store.open(url) as status:
        poll.ingest([one_mail("first@x")], now=NOW)
        holding, release = threading.Event(), threading.Event()

        def long_write() -> None:
            with db.write_transaction(poll.engine) as conn:
                conn.execute(insert(accounts).values(name="held"))
                holding.set()
                release.wait(5)

        writer = threading.Thread(target=long_write)
        writer.start()
        assert holding.wait(5)
        started = time.monotonic()
        assert list(status.order_events()) == [ORDER]  # WAL: readers see the last commit at once
        assert time.monotonic() - started < 1
        threading.Timer(0.3, release.set).start()
        report = status.ingest([one_mail("second@x", uid=2)], now=NOW)  # waits (busy timeout), then writes
        writer.join(5)
        assert report.new_mails == 1
        assert len(status.order_events()[ORDER]) == 2


# ---- read-only and full disks ------------------------------------------------------------------

def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[tuple[Path, Callable[[bool], None]]]:
    """A directory and a switch that makes it read-only (True) or writable again (False)."""
    if os.geteuid() != 0:
        directory = tmp_path / "ro"
        directory.mkdir()

        def switch(read_only: bool) -> None:
            for p in [directory, *directory.iterdir()]:
                p.chmod((0o500 if p.is_dir() else 0o400) if read_only else (0o700 if p.is_dir() else 0o600))

        yield directory, switch
        switch(False)
        return
    if not _can_mount():
        pytest.skip("running as root without mount: a read-only directory cannot be made")
    with tmpfs(tmp_path / "ro", "8m") as directory:

        def switch(read_only: bool) -> None:
            opts = "remount,ro" if read_only else "remount,rw"
            subprocess.run(["mount", "-o", opts, str(directory)], check=True, capture_output=True)

        yield directory, switch


def test_read_only_directory_gives_a_clear_error_and_changes_nothing(read_only_dir) -> None:
    directory, switch = read_only_dir
    path = directory / "orders.db"
    with Store.open(str(path)) as store:
        store.ingest([one_mail()], now=NOW, checkpoint=Checkpoint("main", "INBOX", 7, 1))
    before = path.read_bytes()
    switch(True)
    with pytest.raises(StoreError) as caught, Store.open(str(path)) as store:
        store.ingest([one_mail("new@x", uid=2)], now=NOW, checkpoint=Checkpoint("main", "INBOX", 7, 2))
    message = str(caught.value)
    assert "\n" not in message and str(path) in message and "read-only" in message
    with pytest.raises(StoreError, match="read-only"):
        Store.open(str(directory / "sub" / "orders.db"))
    switch(False)
    assert path.read_bytes() == before
    with Store.open(str(path)) as store:
        assert store.get_checkpoint("main", "INBOX").last_uid == 1
        assert len(store.mails()) == 1


def _incompressible_batch(count: int, size: int) -> list:
    batch = []
    for i in range(count):
        raw, source, res = item(f"big{i}@x", event("ordered", f"250-{i:07d}-0000000", "2026-11-01T10:00:00+09:00"),
                                uid=10 + i)
        batch.append((raw + os.urandom(size).hex().encode(), source, res))
    return batch


def _assert_full_disk_left_nothing(store: Store) -> None:
    with pytest.raises(StoreError) as caught:
        store.ingest(_incompressible_batch(40, 50_000), now=NOW, checkpoint=Checkpoint("main", "INBOX", 7, 99))
    assert "full" in str(caught.value) and "\n" not in str(caught.value)
    assert store.get_checkpoint("main", "INBOX").last_uid == 1
    assert [m.ref.message_id for m in store.mails()] == ["m@x"]
    assert list(store.order_events()) == [ORDER]


def test_full_disk_page_limit(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "orders.db")) as store:
        store.ingest([one_mail()], now=NOW, checkpoint=Checkpoint("main", "INBOX", 7, 1))
        with store.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

        def limit(dbapi_connection, _record) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 20}")

        sa_event.listen(store.engine, "connect", limit)
        store.engine.dispose()
        _assert_full_disk_left_nothing(store)


@pytest.mark.skipif(not _can_mount(), reason="a real full disk needs root and mount (tmpfs)")
def test_full_disk_real(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "1m") as directory, Store.open(str(directory / "orders.db")) as store:
        store.ingest([one_mail()], now=NOW, checkpoint=Checkpoint("main", "INBOX", 7, 1))
        _assert_full_disk_left_nothing(store)
        # Once the failed batch is gone the store works again.
        assert store.ingest([one_mail("small@x", uid=2)], now=NOW).new_mails == 1


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "orders.db"
    path.write_bytes(b"this is a text file, not SQLite\n" * 200)
    with pytest.raises(StoreError, match="not a usable orders database"):
        Store.open(str(path))


def test_wal_checkpoint_keeps_data_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "orders.db"
    with Store.open(str(path)) as store:
        store.ingest([one_mail()], now=NOW)
    with Store.open(str(path)) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar() == 1
