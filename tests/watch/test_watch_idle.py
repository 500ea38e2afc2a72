"""`orders watch` in-process against a real Dovecot: IDLE pickup latency, server restart recovery."""

from __future__ import annotations

import statistics
import time

import pytest

from daemon.service.watch import WatchTuning
from store.repository import Store
from tests.watch.conftest import (
    PHISHING,
    AlertSink,
    deliver_to_maildir,
    fresh_mail,
    new_user,
    wait_until,
    watching,
    write_config,
)

pytestmark = pytest.mark.imap

FAST = WatchTuning(backoff_initial=0.2, backoff_cap=1.0, idle_check=1.0, stop_timeout=5.0)


def _stored(store_path) -> dict[str, list]:
    """Message-ID → the stored mails (MailRef) with it."""
    with Store.open(str(store_path)) as store:
        found: dict[str, list] = {}
        for mail in store.mails():
            found.setdefault(mail.ref.message_id, []).append(mail.ref)
        return found


def test_idle_pickup_is_stored_and_alerted_within_2s(dovecot, tmp_path):
    user = new_user(dovecot)
    sink = AlertSink(tmp_path / "alerts.jsonl")
    store_path = tmp_path / "orders.db"
    config = write_config(tmp_path / "config.toml", server=dovecot, users=[user], store=store_path, sink=sink)
    latencies = []
    with watching(config, tuning=FAST) as run:
        run.wait_listening(folders=2)  # INBOX and Junk
        assert {i.folder for i in run.watcher.idlers()} == {"INBOX", "Junk"}
        # The poll job's first run (at start) must be over before we count.
        assert wait_until(lambda: run.watcher.polls == 1, 10)
        polls_before = run.watcher.polls
        for n in range(10):
            folder = "Junk" if n % 3 == 2 else "INBOX"
            raw = fresh_mail(PHISHING, message_id=f"idle-{n}@test.example")
            sent = time.monotonic()
            dovecot.append(user, folder, raw)
            assert sink.wait_for(n + 1, 5), f"mail {n} in {folder} was not alerted"
            latencies.append(time.monotonic() - sent)
        cycles = run.watcher.cycles
        assert run.watcher.polls == polls_before  # IDLE did it, not the scheduled poll
    median = statistics.median(latencies)
    print(f"\nIDLE pickup → stored → alerted, {len(latencies)} APPENDs: median {median:.3f} s, "
          f"max {max(latencies):.3f} s, all {[round(x, 3) for x in latencies]}")
    assert median < 2.0 and max(latencies) < 2.0
    assert cycles >= 10  # run_cycle after each pickup
    stored = _stored(store_path)
    for n in range(10):
        refs = stored.get(f"idle-{n}@test.example", [])
        assert len(refs) == 1, (n, stored)
        assert refs[0].in_junk == (n % 3 == 2)
    kinds = [a.get("kind") for a in sink.alerts()]
    assert kinds == ["phishing"] * 10


@pytest.mark.slow
def test_server_restart_during_watch_reconnects_and_catches_up(restartable_dovecot, tmp_path):
    server = restartable_dovecot
    user = new_user(server)
    sink = AlertSink(tmp_path / "alerts.jsonl")
    store_path = tmp_path / "orders.db"
    config = write_config(tmp_path / "config.toml", server=server, users=[user], store=store_path, sink=sink)
    with watching(config, tuning=FAST) as run:
        run.wait_listening(folders=2)
        server.append(user, "INBOX", fresh_mail(PHISHING, message_id="before@test.example"))
        assert sink.wait_for(1, 5)

        server.stop()
        # Dovecot's master exits within ~3 s; its imap processes say BYE to IDLE clients ~10 s later.
        assert wait_until(lambda: not any(i.listening.is_set() for i in run.watcher.idlers()), 20)
        # Mail delivered while the IMAP server is down, into both watched folders.
        deliver_to_maildir(server, user, "INBOX", fresh_mail(PHISHING, message_id="down-1@test.example"), "d1")
        deliver_to_maildir(server, user, "INBOX", fresh_mail(PHISHING, message_id="down-2@test.example"), "d2")
        deliver_to_maildir(server, user, "Junk", fresh_mail(PHISHING, message_id="down-3@test.example"), "d3")
        # A few refused reconnects while it is down.
        assert wait_until(lambda: sum(i.failures for i in run.watcher.idlers()) >= 2, 15)
        failures = sum(i.failures for i in run.watcher.idlers())

        back = time.monotonic()
        server.start()
        assert sink.wait_for(4, 10), f"caught up only {len(sink.alerts())} of 4 alerts"
        recovery = time.monotonic() - back
        run.wait_listening(folders=2)
        server.append(user, "Junk", fresh_mail(PHISHING, message_id="after@test.example"))
        assert sink.wait_for(5, 5), "no IDLE pickup after the restart"
        time.sleep(0.5)
    print(f"\nserver back → all mail from the downtime stored and alerted in {recovery:.2f} s "
          f"({failures} failed reconnects while down)")
    stored = _stored(store_path)
    expected = ["before", "down-1", "down-2", "down-3", "after"]
    assert {k: len(stored.get(f"{k}@test.example", [])) for k in expected} == dict.fromkeys(expected, 1)
    assert len(stored) == len(expected)
    assert len(sink.alerts()) == 5  # no mail alerted twice
