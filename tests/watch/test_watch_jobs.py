"""The scheduler side of `orders watch`, in-process: the rules job, reload, stop."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

import pytest

from daemon.service.watch import WatchTuning
from parsers import parse_mail
from store.domain.model import MailSource
from store.repository import Store
from tests.watch.conftest import (
    FIXTURES,
    AlertSink,
    fresh_mail,
    new_user,
    wait_until,
    watching,
    write_config,
)

JST = datetime.fromisoformat("2026-11-16T10:00:17+09:00").tzinfo
STORY = ["jp/story2-503-2222222-ordered.eml", "jp/story2-503-2222222-cancel-requested.eml"]


class Clock:
    """A settable ``now_fn``."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.lock = threading.Lock()

    def __call__(self) -> datetime:
        with self.lock:
            return self.now

    def set(self, now: datetime) -> None:
        with self.lock:
            self.now = now


def test_rules_job_raises_time_based_alert_without_new_mail(tmp_path):
    store_path = tmp_path / "orders.db"
    with Store.open(str(store_path)) as store:
        items = []
        for rel in STORY:
            raw = (FIXTURES / rel).read_bytes()
            items.append((raw, MailSource(path=rel), parse_mail(raw)))
        store.ingest(items, now=datetime(2026, 11, 16, 12, tzinfo=JST))
    sink = AlertSink(tmp_path / "alerts.jsonl")
    config = write_config(tmp_path / "config.toml", store=store_path, sink=sink, rules="0.3s")
    clock = Clock(datetime(2026, 11, 17, 12, tzinfo=JST))  # 26 h after the cancel request: not yet
    with watching(config, now_fn=clock, tuning=WatchTuning(stop_timeout=5)) as run:
        assert run.watcher.jobs() == {"rules": 0.3}  # no accounts: no poll jobs
        assert wait_until(lambda: run.watcher.cycles >= 2, 5), "the rules job did not run"
        assert sink.alerts() == []
        clock.set(datetime(2026, 11, 18, 12, tzinfo=JST))  # 50 h: the seller has not replied
        assert sink.wait_for(1, 5), "no alert although 48 h passed"
        runs = run.watcher.cycles
        assert wait_until(lambda: run.watcher.cycles >= runs + 2, 5)
    alerts = sink.alerts()
    assert [(a["kind"], a["order_id"]) for a in alerts] == [("seller_no_reply", "503-2222222-2222222")]
    with Store.open(str(store_path)) as store:
        active = store.alerts(active_only=True)
    assert [(a.kind, a.order_id) for a in active] == [("seller_no_reply", "503-2222222-2222222")]


def test_stop_without_accounts_is_quick(tmp_path):
    config = write_config(tmp_path / "config.toml", store=tmp_path / "orders.db")
    with watching(config) as run:
        time.sleep(0.3)
        assert run.stop() < 2.0


@pytest.mark.imap
def test_reload_applies_new_schedule_and_accounts_and_survives_a_bad_config(dovecot, tmp_path, caplog):
    first, second = new_user(dovecot), new_user(dovecot)
    store_path = tmp_path / "orders.db"
    sink = AlertSink(tmp_path / "alerts.jsonl")
    path = tmp_path / "config.toml"
    write_config(path, server=dovecot, users=[first], store=store_path, sink=sink)
    tuning = WatchTuning(backoff_initial=0.2, backoff_cap=1.0, stop_timeout=5)
    with watching(path, tuning=tuning) as run:
        run.wait_listening(folders=2)
        assert run.watcher.jobs() == {f"poll:{first.name}": 3600, "rules": 3600}

        write_config(path, server=dovecot, users=[first, second], store=store_path, sink=sink, poll="30m")
        run.reload_event.set()
        assert wait_until(lambda: f"poll:{second.name}" in run.watcher.jobs(), 10)
        assert run.watcher.jobs() == {f"poll:{first.name}": 1800, f"poll:{second.name}": 1800, "rules": 3600}
        run.wait_listening(folders=4)
        dovecot.append(second, "INBOX", fresh_mail("phishing/payment-update-icu-shift-jis.eml",
                                                      message_id="reload@test.example"))
        assert sink.wait_for(1, 5), "the account added by the reload is not watched"

        path.write_text(path.read_text().replace('poll_interval = "30m"', 'poll_interval = "soon"'))
        with caplog.at_level(logging.ERROR, logger="orders.watch"):
            run.reload_event.set()
            assert wait_until(lambda: "reload failed" in caplog.text, 5)
        assert run.watcher.jobs() == {f"poll:{first.name}": 1800, f"poll:{second.name}": 1800, "rules": 3600}
        run.wait_listening(folders=4)
        assert run.stop() < 5.0


@pytest.mark.imap
def test_scheduled_polls_alone_pick_up_mail_when_idle_is_off(dovecot, tmp_path):
    user = new_user(dovecot)
    sink = AlertSink(tmp_path / "alerts.jsonl")
    config = write_config(tmp_path / "config.toml", server=dovecot, users=[user], store=tmp_path / "orders.db",
                          sink=sink, poll="0.5s", idle=False)
    with watching(config, tuning=WatchTuning(stop_timeout=5)) as run:
        assert wait_until(lambda: run.watcher.polls >= 2, 10), "the poll job does not repeat"
        assert run.watcher.idlers() == []
        dovecot.append(user, "Junk", fresh_mail("phishing/payment-update-icu-shift-jis.eml",
                                                  message_id="polled@test.example"))
        assert sink.wait_for(1, 5), "a scheduled poll did not pick the mail up"
        assert run.watcher.idle_syncs == 0


def test_alert_sink_reads_only_complete_lines(tmp_path) -> None:
    """Issue 11 (flaky under load): a reader must never take a half-written line."""
    from tests.watch.conftest import AlertSink

    sink = AlertSink(tmp_path / "alerts.jsonl")
    sink.path.write_text('{"kind": "phishing"}\n{"kind": "refund_ov')
    assert sink.alerts() == [{"kind": "phishing"}]


def test_the_log_counts_amazon_mail_not_understood_once(tmp_path, caplog):
    store_path = tmp_path / "orders.db"
    rel = "jp/unrecognized/address-change-accepted.eml"
    with Store.open(str(store_path)) as store:
        raw = (FIXTURES / rel).read_bytes()
        store.ingest([(raw, MailSource(path=rel), parse_mail(raw))], now=datetime(2026, 12, 20, 12, tzinfo=JST))
    config = write_config(tmp_path / "config.toml", store=store_path, rules="0.2s")
    with caplog.at_level(logging.INFO, logger="orders.watch"), watching(config) as run:
        assert wait_until(lambda: run.watcher.cycles >= 3, 10), "the rules job did not run"
    said = [r.getMessage() for r in caplog.records if "not understood" in r.getMessage()]
    assert said == ["1 Amazon mail(s) not understood — `orders unrecognized` lists them"]
