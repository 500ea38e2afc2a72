"""A tarpit account beside a healthy one under `orders watch` (issue 11, attack 5): the healthy
account's cancel-then-ship story is stored, alerted and notified within 5 s of its APPEND."""

from __future__ import annotations

import json
import time

import pytest

from store.repository import Store
from tests.servers.hostile_imap import Behaviour, account_table, hostile_imap
from tests.watch.conftest import AlertSink, fixture_mail, new_user, wait_until, watching, write_config
from tests.watch.test_watch_idle import FAST

pytestmark = pytest.mark.imap
STORY = ["jp/story1-250-1111111-ordered.eml", "jp/story1-250-1111111-cancel-requested.eml",
         "jp/story1-250-1111111-shipped.eml"]


def test_tarpit_account_does_not_hold_up_the_healthy_one(dovecot, tmp_path) -> None:
    user = new_user(dovecot)
    sink = AlertSink(tmp_path / "alerts.jsonl")
    store_path = tmp_path / "orders.db"
    config = write_config(tmp_path / "config.toml", server=dovecot, users=[user], store=store_path, sink=sink)
    with hostile_imap(Behaviour("tarpit", trigger="LIST", interval=1.0)) as (port, behaviour):
        tarpit = account_table(port, name="tarpit", sync_timeout="120s", spam=True)
        config.write_text(config.read_text() + "\n[[accounts]]\n" +
                          "".join(f"{k} = {json.dumps(v)}\n" for k, v in tarpit.items()))
        with watching(config, tuning=FAST) as run:
            run.wait_listening(folders=2)  # the healthy account's INBOX and Junk
            assert wait_until(lambda: behaviour.connections >= 1, 10)  # the tarpit is holding us
            assert wait_until(lambda: run.watcher.polls >= 1, 15)  # the healthy account's first poll
            sent = time.monotonic()
            dovecot.append(user, "INBOX", *(fixture_mail(name) for name in STORY))
            assert wait_until(lambda: any(a.get("kind") == "shipped_after_cancel" for a in sink.alerts()), 5), \
                "the healthy account's story was not alerted within 5 s"
            latency = time.monotonic() - sent
        print(f"\ntarpit beside a healthy account: APPEND → stored → alerted → notified in {latency:.2f} s")
    (alert,) = [a for a in sink.alerts() if a.get("kind") == "shipped_after_cancel"]
    assert alert["severity"] == "critical" and alert["order_id"] == "250-1111111-1111111"
    with Store.open(f"sqlite:///{store_path}") as store:
        assert {e.event.kind for e in store.order_events()["250-1111111-1111111"]} >= {"cancel_requested", "shipped"}
