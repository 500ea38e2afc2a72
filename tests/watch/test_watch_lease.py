"""Two watchers on one store (issue 11): an account is synced by one
process at a time; a second `orders watch` says so and exits; `orders poll` beside a running watch
leaves the account and the notifications to it — no alert is delivered twice."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.faults.daemon_run import REPO, cli_argv, cli_env
from tests.watch.conftest import AlertSink, fixture_mail, new_user, wait_until, watching, write_config
from tests.watch.test_watch_idle import FAST

pytestmark = pytest.mark.imap
STORY = ["jp/story1-250-1111111-ordered.eml", "jp/story1-250-1111111-cancel-requested.eml",
         "jp/story1-250-1111111-shipped.eml"]


def test_second_watch_exits_and_poll_defers_to_the_running_one(dovecot, tmp_path) -> None:
    user = new_user(dovecot)
    sink = AlertSink(tmp_path / "alerts.jsonl")
    config = write_config(tmp_path / "config.toml", server=dovecot, users=[user], store=tmp_path / "orders.db",
                          sink=sink)
    env = cli_env(tmp_path)
    with watching(config, tuning=FAST) as run:
        run.wait_listening(folders=2)
        dovecot.append(user, "INBOX", *(fixture_mail(name) for name in STORY))
        assert wait_until(lambda: len(sink.alerts()) >= 1, 10)

        second = subprocess.run(cli_argv(config, "watch"), env=env, cwd=REPO, capture_output=True, text=True,
                                timeout=90)
        assert second.returncode == 1
        assert "already synced by another orders process" in second.stderr

        poll = subprocess.run(cli_argv(config, "poll", "--json"), env=env, cwd=REPO, capture_output=True,
                              text=True, timeout=90)
        report = json.loads(poll.stdout)
        assert poll.returncode == 0, poll.stderr
        assert report["skipped_accounts"] == [user.name] and report["accounts"] == []
        assert report["notifications_sent"] == 0 and report["active_alerts"] >= 1
    kinds = [a["kind"] for a in sink.alerts()]
    assert kinds.count("shipped_after_cancel") == 1  # announced once, by the watch alone

    # Once the watch is gone, poll syncs the account itself again.
    poll = subprocess.run(cli_argv(config, "poll", "--json"), env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=90)
    report = json.loads(poll.stdout)
    assert report["skipped_accounts"] == [] and report["accounts"][0]["ok"]
