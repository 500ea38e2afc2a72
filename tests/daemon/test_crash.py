"""kill -9 during a large first sync, then a normal run: the store equals one clean run's.

``orders poll`` runs in a child process against a real Dovecot folder of a few
thousand mails (a few hundred Amazon, some in Junk) and is killed with SIGKILL at a random moment.
Before the recovery run, the checkpoint must never be ahead of the stored mail; after it, the
store must hold exactly what a clean run stores — no lost mail, no duplicate event.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.repository import Store
from tests.daemon import mails

pytestmark = [pytest.mark.imap, pytest.mark.slow]
TRIALS = 20
ROOT = Path(__file__).resolve().parents[2]
# `orders poll` itself (sync, rules, delivery) in a child process.
POLL = [sys.executable, "-c", "import sys; from daemon.cli import main; sys.exit(main(sys.argv[1:]))"]


def _snapshot(store: Store) -> dict:
    events = {oid: sorted((e.event.kind, e.at.isoformat(), e.mail.in_junk, e.mail.folder, e.mail.message_id)
                          for e in evs) for oid, evs in store.order_events().items()}
    suspicious = sorted((s.mail.message_id, s.mail.in_junk) for s in store.suspicious_mails())
    stored = sorted(m.ref.message_id for m in store.mails())
    checkpoints = sorted((f.name, f.checkpoint.uidvalidity, f.checkpoint.last_uid) for f in store.folders()
                         if f.checkpoint)
    alerts = sorted((a.kind, a.order_id or a.subject_key or "") for a in store.alerts())
    return {"events": events, "suspicious": suspicious, "mails": stored, "checkpoints": checkpoints,
            "alerts": alerts}


def _stored_uids(store: Store, account: str) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for m in store.mails():
        for loc in store.locations(m.ref.mail_id):
            if loc.account == account:
                found.setdefault(loc.folder, set()).add(loc.uid)
    return found


@pytest.fixture(scope="module")
def big_mailbox(dovecot):
    user = dovecot.add_user(junk="special")
    inbox = []
    for i in range(3000):
        if i % 12 == 0:
            inbox.append(mails.shipped(f"114-{i:07d}-0000001", message_id=f"s{i}@crash", padding=20))
        elif i % 12 == 6:
            inbox.append(mails.cancelled(f"114-{i - 6:07d}-0000001", message_id=f"c{i}@crash"))
        else:
            inbox.append(mails.unrelated(i, message_id=f"u{i}@crash"))
    dovecot.seed_maildir(user, "INBOX", inbox)
    dovecot.seed_maildir(user, "Junk", [mails.shipped(f"114-9{i:06d}-0000002", message_id=f"j{i}@crash")
                                        for i in range(40)] +
                         [mails.phishing(f"114-{i * 12:07d}-0000001", message_id=f"p{i}@crash") for i in range(20)])
    return user


def _config(tmp_path: Path, dovecot, user, db: str) -> Path:
    path = tmp_path / f"{db}.toml"
    path.write_text(f"""
[[accounts]]
name = "crash"
host = "127.0.0.1"
port = {dovecot.imap_port}
security = "plain"
username = "{user.name}"
password_env = "ORDERS_CRASH_PW"
timeout = "30s"
[store]
url = "sqlite:///{tmp_path / db}.db"
[notify]
desktop = false
""")
    return path


def _store_created(path: Path) -> float:
    """Wait until the child has created its store (imports done, sync about to start)."""
    deadline = time.monotonic() + 60
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.005)
    return time.monotonic()


def _timeline(db: Path, proc: subprocess.Popen) -> tuple[float, float, float]:
    """Seconds from store creation to the first stored batch, the last one, and the process end."""
    opened = _store_created(db)
    first = last = None
    count = 0
    while proc.poll() is None:
        with contextlib.suppress(sqlite3.Error):
            with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)) as conn:
                now_count = conn.execute("SELECT count(*) FROM mails").fetchone()[0]
            if now_count > count:
                first = first or time.monotonic() - opened
                last, count = time.monotonic() - opened, now_count
        time.sleep(0.01)
    end = time.monotonic() - opened
    assert first is not None and last is not None
    return first, last, end


def _poll(config: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([*POLL, "--config", str(config), "poll", "--now", "2026-11-20T12:00:00+09:00"],
                            cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_of_orders_poll_at_random_points_then_recover(dovecot, big_mailbox, tmp_path):
    env = dict(os.environ, ORDERS_CRASH_PW=big_mailbox.password)
    clean_config = _config(tmp_path, dovecot, big_mailbox, "clean")
    clean_run = _poll(clean_config, env)
    first_batch, last_batch, end = _timeline(tmp_path / "clean.db", clean_run)
    assert clean_run.returncode == 0, clean_run.stderr.read().decode()
    with Store.open(f"sqlite:///{tmp_path / 'clean'}.db") as store:
        clean = _snapshot(store)
        candidate_uids = _stored_uids(store, "crash")
    assert len(clean["events"]) == 250 + 40 and len(clean["suspicious"]) == 20
    assert {kind for kind, _ in clean["alerts"]} >= {"shipped_after_cancel", "phishing", "mail_in_spam"}

    rng = random.Random(int(os.environ.get("ORDERS_CRASH_SEED", "20261120")))
    interrupted = mid_sync = compared = 0
    for trial in range(TRIALS):
        config = _config(tmp_path, dovecot, big_mailbox, f"trial{trial}")
        child = _poll(config, env)
        _store_created(tmp_path / f"trial{trial}.db")
        # Three in four kills land while batches are being stored, the rest anywhere in the run.
        if trial % 4:
            time.sleep(rng.uniform(first_batch * 0.8, last_batch))
        else:
            time.sleep(rng.uniform(0, end))
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        if child.wait() == -signal.SIGKILL:
            interrupted += 1

        with Store.open(f"sqlite:///{tmp_path / f'trial{trial}'}.db") as store:
            # The checkpoint is never ahead: every candidate at or below it is stored.
            stored = _stored_uids(store, "crash")
            mid_sync += 0 < sum(map(len, stored.values())) < sum(map(len, candidate_uids.values()))
            for folder in store.folders("crash"):
                if folder.checkpoint:
                    expected = {u for u in candidate_uids.get(folder.name, set())
                                if u <= folder.checkpoint.last_uid}
                    assert expected <= stored.get(folder.name, set()), (trial, folder.name)
        recovery = _poll(config, env)
        assert recovery.wait() == 0, recovery.stderr.read().decode()
        with Store.open(f"sqlite:///{tmp_path / f'trial{trial}'}.db") as store:
            assert _snapshot(store) == clean, f"trial {trial} differs from the clean run"
        compared += sum(len(v) for v in clean["events"].values())
    assert interrupted >= TRIALS // 2 and mid_sync >= 3, (interrupted, mid_sync)
    print(f"\ncrash trials: {TRIALS}, killed while running: {interrupted}, killed mid-sync: {mid_sync}, "
          f"events compared: {compared}")
