"""Crash safety of `orders poll` on SQLite, against a real Dovecot folder of 3,000 mails.

- kill -9 at random points of a first sync (seeded trials, each on a fresh SQLite file), then a
  normal run: the store holds exactly what one clean run gives (mails by Message-ID, events as a
  multiset of (order_id, kind, at) and per mail, locations, checkpoints, alerts); right after each
  kill no checkpoint is ahead of the stored mail and no mail is stored without its events;
- a kill during the rescan that follows a UIDVALIDITY reset, then a normal run: no duplicates;
- `orders status` while a poll writes: both succeed;
- a full disk and a read-only store directory: a clear one-line error, the store consistent (nothing
  half-written, the checkpoint not advanced past stored mail), and a later run completes the sync.

The folder is seeded once per module (Maildir files written directly); every poll runs the real CLI
in a subprocess on the real clock (`poll --now` only evaluates and stores no alert). The fixtures'
deadlines keep passing on that clock (a day for a cancel, 90 days of spam alerts, some fixtures dated
weeks ahead), so a trial's alerts are compared with the clean store's brought to the same moment.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from store.repository import Store
from tests.faults.conftest import Figures
from tests.faults.daemon_run import (
    StoreSnapshot,
    cli_argv,
    cli_env,
    run_cli,
    snapshot,
    write_config,
)
from tests.faults.hostile_mail import order_mail
from tests.faults.mailbox import big_mailbox
from tests.servers.dovecot import Dovecot, MailUser

pytestmark = [pytest.mark.slow, pytest.mark.imap]

TRIALS = 20
SEED = 20261120
NOW = "2026-11-20T12:00:00+09:00"


@dataclass(frozen=True)
class Folder:
    """A seeded mailbox and what one clean first sync of it stores."""

    server: Dovecot
    user: MailUser
    root: Path
    template: Path  # an empty, migrated store to copy (saves the migration in every trial)
    clean: StoreSnapshot = field(default_factory=StoreSnapshot.empty)
    alerts: Counter[tuple[str, str, str, bool]] = field(default_factory=Counter)
    seconds: float = 0.0  # wall time of the clean `orders poll`

    def fresh(self, name: str) -> tuple[Path, Path, dict[str, str]]:
        """(config, db, env) for a run into a new store file under ``name``."""
        home = self.root / name
        home.mkdir()
        db = home / "orders.db"
        shutil.copy(self.template, db)
        return self.config(home, db), db, cli_env(home, self.user.password)

    def config(self, home: Path, db: Path) -> Path:
        return write_config(home / "config.toml", self.server, self.user, db)

    def clean_now(self, name: str) -> Counter[tuple[str, str, str, bool]]:
        """The clean store's alerts as of now: a copy of it after a poll with nothing new (which
        runs the rules whose deadline has passed since the clean run)."""
        home = self.root / name
        home.mkdir()
        db = home / "orders.db"
        shutil.copy(self.root / "clean" / "orders.db", db)
        done = poll(self.config(home, db), cli_env(home, self.user.password))
        assert done.returncode == 0, done.stderr
        return alerts_of(db)


def alerts_of(db: Path) -> Counter[tuple[str, str, str, bool]]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT kind, order_id, subject_key, resolved_at IS NULL FROM alerts").fetchall()
    return Counter((k, o, s, bool(a)) for k, o, s, a in rows)


def poll(config: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    return run_cli(config, "poll", *extra, env=env, timeout=180)


def assert_same_alerts(folder: Folder, config: Path, env: dict[str, str], db: Path, name: str) -> None:
    """The store at ``db`` holds the alerts the clean store holds at the same moment: the clean
    store's are taken between two polls of this one with nothing new; when this one's changed
    between them, a deadline passed in the middle and the three are taken again."""
    for attempt in range(3):
        before = alerts_of(db)
        clean = folder.clean_now(f"{name}-{attempt}")
        assert poll(config, env).returncode == 0
        if alerts_of(db) == before:
            assert before == clean
            return
    pytest.fail("the alerts changed between every pair of polls")


def seed(server: Dovecot, user: MailUser, inbox: list[bytes], junk: list[bytes]) -> None:
    server.seed_maildir(user, "INBOX", inbox)
    server.seed_maildir(user, "Junk", junk)


def prepared(server: Dovecot, user: MailUser, root: Path) -> Folder:
    """``user``'s mailbox, with a directory for its runs and an empty migrated store to copy."""
    root.mkdir()
    template = root / "template.db"
    Store.open(f"sqlite:///{template}").close()
    return Folder(server, user, root, template)


def clean_run(server: Dovecot, user: MailUser, root: Path) -> Folder:
    """``user``'s mailbox with what one uninterrupted first sync of it stores."""
    folder = prepared(server, user, root)
    config, db, env = folder.fresh("clean")
    started = time.monotonic()
    done = poll(config, env)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    return replace(folder, clean=snapshot(db), alerts=alerts_of(db), seconds=seconds)


@pytest.fixture(scope="module")
def big(dovecot: Dovecot, tmp_path_factory: pytest.TempPathFactory) -> Folder:
    user = dovecot.add_user()
    seed(dovecot, user, *big_mailbox(total=3000))
    folder = clean_run(dovecot, user, tmp_path_factory.mktemp("crash") / "big")
    clean = folder.clean
    assert len(clean.mails) >= 250 and sum(clean.events.values()) >= 250
    assert set(clean.checkpoints) == {"INBOX", "Junk"} and folder.alerts
    return folder


def assert_consistent(now: StoreSnapshot, clean: StoreSnapshot) -> None:
    """What a store may look like at any moment: a prefix of the clean run, each mail whole."""
    assert all(n == 1 for n in now.mails.values()), "a mail stored twice"
    assert set(now.mails) <= set(clean.mails)
    for key in now.mails:
        assert now.events_of(key) == clean.events_of(key), f"{key} stored without all its events"
    for folder, (validity, last_uid) in now.checkpoints.items():
        assert validity == clean.checkpoints[folder][0]
        behind = {loc for loc in clean.locations if loc[0] == folder and loc[1] <= last_uid}
        missing = behind - now.locations
        assert not missing, f"checkpoint {folder}:{last_uid} is ahead of stored mail: {sorted(missing)[:3]}"


def assert_same(now: StoreSnapshot, clean: StoreSnapshot) -> None:
    assert now.mails == clean.mails
    assert now.order_events == clean.order_events  # (order_id, kind, at) multiset: no lost, no double
    assert now.events == clean.events
    assert now.locations == clean.locations
    assert now.statuses == clean.statuses
    assert now.checkpoints == clean.checkpoints


def mail_count(conn: sqlite3.Connection) -> int:
    try:
        return conn.execute("SELECT count(*) FROM mails").fetchone()[0]
    except sqlite3.Error:  # schema being created, or locked for a moment
        return 0


def kill_poll(config: Path, env: dict[str, str], db: Path, until: Callable[[sqlite3.Connection], bool],
              log: Path) -> bool:
    """Start a poll and SIGKILL it as soon as ``until(read-only connection to db)`` holds.
    False when the poll finished first."""
    with log.open("wb") as err:
        proc = subprocess.Popen(cli_argv(config, "poll"), env=env, stdout=subprocess.DEVNULL,
                                stderr=err)
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)) as conn:
            while proc.poll() is None and not until(conn):
                time.sleep(0.005)
        if proc.poll() is not None:
            return False
        proc.send_signal(signal.SIGKILL)
        return True
    finally:
        proc.wait(30)


def after_stored_mails(count: int) -> Callable[[sqlite3.Connection], bool]:
    return lambda conn: mail_count(conn) >= count


def after_checkpoint(folder: str, uid: int) -> Callable[[sqlite3.Connection], bool]:
    def reached(conn: sqlite3.Connection) -> bool:
        try:
            row = conn.execute("SELECT last_uid FROM folders WHERE name = ?", (folder,)).fetchone()
        except sqlite3.Error:
            return False
        return row is not None and (row[0] or 0) >= uid

    return reached


def after_seconds(seconds: float) -> Callable[[sqlite3.Connection], bool]:
    deadline = time.monotonic() + seconds
    return lambda _conn: time.monotonic() >= deadline


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_during_first_sync_then_rerun_gives_the_clean_store(big: Folder, trial: int, figures: Figures) -> None:
    # Kill points: after a random share of a clean run's time (imports, login, search, fetch, parse,
    # rules); right after a random number of mails was stored; right after the INBOX checkpoint
    # passed a random stored mail's UID (catches a checkpoint committed before its mail).
    rng = random.Random(SEED + trial)
    if trial % 3 == 0:
        until = after_seconds(rng.uniform(0.05, 0.95) * big.seconds)
    elif trial % 3 == 1:
        until = after_stored_mails(rng.randint(1, len(big.clean.mails) - 1))
    else:
        until = after_checkpoint("INBOX", rng.choice(sorted(u for f, u, _ in big.clean.locations if f == "INBOX")))
    config, db, env = big.fresh(f"trial{trial}")
    killed = kill_poll(config, env, db, until, db.with_suffix(".killed.log"))
    at_kill = snapshot(db)
    assert_consistent(at_kill, big.clean)
    done = poll(config, env)
    assert done.returncode == 0, done.stderr
    assert_same(snapshot(db), big.clean)
    assert_same_alerts(big, config, env, db, f"clean-at-trial{trial}")
    figures.crash_trials += 1
    figures.kills += killed
    if killed:
        figures.stored_at_kill.append((len(at_kill.mails), len(big.clean.mails)))
    figures.mails_compared += len(big.clean.mails)
    figures.events_compared += sum(big.clean.events.values())


def test_kill_during_rescan_after_uidvalidity_reset(dovecot: Dovecot, tmp_path: Path, figures: Figures) -> None:
    user = dovecot.add_user()
    seed(dovecot, user, *big_mailbox(total=800, copies=2, seed=7))
    config, db, env = prepared(dovecot, user, tmp_path / "uv").fresh("rescan")
    assert poll(config, env).returncode == 0
    new_validity = dovecot.reset_uidvalidity(user, "INBOX")
    after_reset = clean_run(dovecot, user, tmp_path / "uv-after")  # what a first sync now stores
    last_uid = after_reset.clean.checkpoints["INBOX"][1]

    def rescan_started(conn: sqlite3.Connection) -> bool:
        try:
            row = conn.execute("SELECT uidvalidity, last_uid FROM folders WHERE name = 'INBOX'").fetchone()
        except sqlite3.Error:
            return False
        return row is not None and row[0] == new_validity and (row[1] or 0) > 0

    assert kill_poll(config, env, db, rescan_started, tmp_path / "rescan.log")
    now = snapshot(db)
    assert 0 < now.checkpoints["INBOX"][1] < last_uid, "the kill did not land mid-rescan"
    assert all(n == 1 for n in now.mails.values()) and set(now.mails) == set(after_reset.clean.mails)
    assert now.events == after_reset.clean.events  # the rescan re-reads mail already stored: no new events
    done = poll(config, env, "--json")
    assert done.returncode == 0, done.stderr
    assert_same(snapshot(db), after_reset.clean)
    figures.notes.append(f"UIDVALIDITY reset: rescan killed at INBOX uid {now.checkpoints['INBOX'][1]} "
                         f"of {last_uid}; {sum(after_reset.clean.events.values())} events compared")


def test_status_while_a_poll_writes(dovecot: Dovecot, tmp_path: Path) -> None:
    """`orders status` runs again and again during a first sync of 1,500 orders; every run succeeds,
    and one of them reads the store half-written: the poll is paused (SIGSTOP) as soon as part of
    the mail is committed, so that run does not depend on how fast either side is."""
    user = dovecot.add_user()
    total = 1500
    dovecot.seed_maildir(user, "INBOX", (order_mail(f"250-79{i:05d}-0000001", f"h9-status-{i}") for i in range(total)))
    config, db, env = prepared(dovecot, user, tmp_path / "status").fresh("run")
    proc = subprocess.Popen(cli_argv(config, "poll"), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    seen: list[int] = []

    def status() -> int:
        done = run_cli(config, "--now", NOW, "status", "--all", "--json", env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        return len(json.loads(done.stdout))

    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)) as conn:
            while proc.poll() is None and mail_count(conn) == 0:  # the poll has begun writing
                time.sleep(0.002)
            stored = mail_count(conn)
        if proc.poll() is None and stored < total:
            proc.send_signal(signal.SIGSTOP)  # mid-sync, possibly inside a transaction
            try:
                seen.append(status())
            finally:
                proc.send_signal(signal.SIGCONT)
        while proc.poll() is None:
            seen.append(status())
    finally:
        _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert any(0 < n < total for n in seen), f"no `orders status` saw the poll half-way: {seen}"
    assert len(snapshot(db).mails) == total


# ---- bad disks ---------------------------------------------------------------------------------


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root and mount for a small tmpfs")
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount(path: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True, capture_output=True)


def integrity(db: Path) -> str:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("orders: error:")]


def test_full_disk_is_a_clear_error_and_a_later_run_completes(big: Folder, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "1m") as disk:
        db = disk / "orders.db"
        shutil.copy(big.template, db)
        config = big.config(tmp_path, db)
        env = cli_env(tmp_path, big.user.password)
        done = poll(config, env)
        assert done.returncode != 0
        lines = error_lines(done.stderr)
        assert lines and any("full" in line for line in lines), done.stderr
        assert "Traceback" not in done.stderr
        assert integrity(db) == "ok"
        partial = snapshot(db)
        assert_consistent(partial, big.clean)
        assert partial.mails != big.clean.mails, "the disk did not fill: make the tmpfs smaller"
        remount(disk, "size=64m")
        again = poll(config, env)
        assert again.returncode == 0, again.stderr
        assert_same(snapshot(db), big.clean)


def test_read_only_store_is_a_clear_error_and_changes_nothing(dovecot: Dovecot, tmp_path: Path) -> None:
    user = dovecot.add_user()
    dovecot.append(user, "INBOX", *(order_mail(f"250-74{i:05d}-0000001", f"h9-ro-{i}") for i in range(20)))
    with tmpfs(tmp_path / "ro", "8m") as disk:
        db = disk / "orders.db"
        config = write_config(tmp_path / "config.toml", dovecot, user, db)
        env = cli_env(tmp_path, user.password)
        assert poll(config, env).returncode == 0
        before = snapshot(db)
        assert before.checkpoints["INBOX"][1] == 20
        dovecot.append(user, "INBOX", *(order_mail(f"250-75{i:05d}-0000001", f"h9-ro-new-{i}") for i in range(5)))
        files = {p.name: p.read_bytes() for p in disk.iterdir()}
        remount(disk, "ro")
        done = poll(config, env)
        assert done.returncode != 0
        lines = error_lines(done.stderr)
        assert lines and any("read-only" in line for line in lines), done.stderr
        assert "Traceback" not in done.stderr
        assert {p.name: p.read_bytes() for p in disk.iterdir()} == files
        remount(disk, "rw")
        assert snapshot(db) == before  # checkpoint not advanced, nothing half-written
        assert poll(config, env).returncode == 0
        after = snapshot(db)
        assert after.checkpoints["INBOX"][1] == 25 and len(after.mails) == 25
