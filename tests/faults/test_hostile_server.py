"""A hostile IMAP server of our own on 127.0.0.1 (issue 11, attacks 5 and 6): a tarpit, an untagged
flood and a lying 8 GB literal cost only their own account — bounded time, bounded memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from daemon.config import config_from_mapping
from daemon.service.sync import sync_account, sync_all
from tests.faults.daemon_run import REPO, cli_argv, cli_env
from tests.servers.hostile_imap import Behaviour, account_table, hostile_imap

RSS_LIMIT_MB = 150


@pytest.fixture
def store(tmp_path):
    from store.repository import Store

    with Store.open(f"sqlite:///{tmp_path / 'sync.db'}") as s:
        yield s


def _config(path: Path, store: Path, *tables: dict) -> Path:
    lines = [f'[store]\nurl = "sqlite:///{store}"\n[notify]\ndesktop = false\n']
    for table in tables:
        lines.append("[[accounts]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in table.items()))
    path.write_text("\n".join(lines))
    path.chmod(0o600)
    return path


# The peak RSS of `orders poll` alone: measured by a small launcher, since a child forked from this
# (large) pytest process would inherit its high-water mark in ru_maxrss.
_LAUNCHER = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(p.returncode)")


def _poll(tmp_path: Path, table: dict) -> tuple[int, str, float, float]:
    """`orders poll --json` in a subprocess: (exit code, stdout, seconds, peak RSS in MB)."""
    config = _config(tmp_path / "config.toml", tmp_path / "orders.db", table)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, *cli_argv(config, "poll", "--json")],
                          env=cli_env(tmp_path), cwd=REPO, capture_output=True, text=True, timeout=180)
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return done.returncode, done.stdout, time.monotonic() - started, peak_kb / 1024


def test_tarpit_sync_is_cut_at_its_deadline(tmp_path, store) -> None:
    with hostile_imap(Behaviour("tarpit", trigger="LIST", interval=1.0)) as (port, _):
        account = config_from_mapping({"accounts": [account_table(port, timeout="3s", sync_timeout="4s")]}
                                      ).accounts[0]
        started = time.monotonic()
        result = sync_account(account, store, now=_now())
        took = time.monotonic() - started
    assert not result.ok and "sync_timeout" in result.failure.what
    assert took < 4 + 10  # the deadline plus a generous margin for a busy machine


@pytest.mark.imap
def test_poll_returns_within_the_deadline_beside_a_tarpit(tmp_path, store, dovecot) -> None:
    from tests.daemon import mails

    user = dovecot.add_user(junk="special")
    dovecot.append(user, "INBOX", mails.cancelled("113-4000000-0000001"))
    with hostile_imap(Behaviour("tarpit", trigger="STATUS", interval=1.0)) as (port, _):
        config = config_from_mapping({"accounts": [account_table(port, timeout="3s", sync_timeout="5s"),
                                                   dovecot.account_table(user)]})
        started = time.monotonic()
        tarpit, healthy = sync_all(config, store, now=_now())
        took = time.monotonic() - started
    print(f"\ntarpit beside a healthy account: poll returned after {took:.1f} s (sync_timeout 5 s)")
    assert not tarpit.ok and "sync_timeout" in tarpit.failure.what
    assert healthy.ok and healthy.new_mails == 1
    assert took < 5 + 10


@pytest.mark.parametrize(("mode", "trigger"), [("flood", "LIST"), ("flood", "SEARCH"), ("big_literal", "FETCH BODY")])
def test_memory_stays_bounded(tmp_path, mode: str, trigger: str) -> None:
    with hostile_imap(Behaviour(mode, trigger=trigger)) as (port, behaviour):
        code, out, seconds, rss = _poll(tmp_path, account_table(port, sync_timeout="60s"))
        sent = behaviour.sent
    report = json.loads(out)
    (account,) = report["accounts"]
    print(f"\n{mode} at {trigger}: poll exited {code} after {seconds:.1f} s, peak RSS {rss:.0f} MB, "
          f"server pushed {sent / 1e6:.1f} MB; {account['failure']['what']}")
    assert code != 0 and not account["ok"]
    assert rss <= RSS_LIMIT_MB
    assert "cut off" in account["failure"]["what"]
    if mode == "big_literal":
        assert "literal" in account["failure"]["what"] and sent < 64 * 1024 * 1024


def _now():
    from datetime import UTC, datetime

    return datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
