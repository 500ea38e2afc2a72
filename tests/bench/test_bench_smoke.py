"""The benchmark machinery end to end with tiny sizes, so CI keeps `python -m tests.bench` working.

Speed is not asserted here (the machine running CI is not the benchmark machine): what is checked is
that every figure of issues 7 and 13 is measured and plausible, and that the seeded mail is what it claims.
"""

from __future__ import annotations

import json
import re

import pytest

from parsers import parse_mail
from tests.bench import seed
from tests.bench.__main__ import main
from tests.conftest import need
from tests.servers.dbus import dbus_available
from tests.servers.dovecot import dovecot_available

SIZES = (150, 300)


def test_seeded_mail_is_realistic_and_varied():
    pool = seed.AmazonPool()
    mails = list(seed.inbox_messages(300, pool))
    amazon = [m for i, m in enumerate(mails) if seed.is_amazon_slot(i)]
    filler = [m for i, m in enumerate(mails) if not seed.is_amazon_slot(i)]
    assert len(amazon) == seed.amazon_count(300) == 3
    assert all(2_900 <= len(m) <= 61_440 for m in filler)
    assert any(b"Content-Disposition: attachment" in m for m in filler)
    assert not any(re.search(rb"(?i)amazon|amzn", m) for m in filler)  # never an IMAP search candidate
    # Copies parse like their fixture, with a new order number and Message-ID.
    original = parse_mail(pool.fixtures[0].raw)
    copy = parse_mail(amazon[0])
    assert copy.status == original.status == "parsed"
    assert copy.order_ids and set(copy.order_ids).isdisjoint(original.order_ids)
    assert copy.message_id == "bench-inbox-0@amazon.bench.example"
    assert seed.filler_mail(7) == seed.filler_mail(7)  # deterministic


def test_watch_pair_names_one_new_order():
    cancel, shipped, order = seed.watch_pair(4)
    kinds = [(e.kind, e.order_id) for raw in (cancel, shipped) for e in parse_mail(raw).events]
    assert kinds == [("cancel_requested", order), ("shipped", order)]


@pytest.mark.imap
@pytest.mark.dbus
def test_bench_writes_every_figure(tmp_path, capsys):
    need(dovecot_available(), "dovecot is not installed (apt-get install dovecot-imapd)")
    need(dbus_available(), "dbus-daemon is not installed (apt-get install dbus)")
    out = tmp_path / "bench.json"
    code = main(["--messages", ",".join(map(str, SIZES)), "--runs", "1", "--watch-samples", "2",
                 "--status-orders", "200", "--parse-seconds", "0.3", "--out", str(out)])
    assert code == 0
    data = json.loads(out.read_text())
    fig = data["figures"]

    assert data["machine"]["cpu_cores"] >= 1 and data["machine"]["cpu_model"]
    for n in SIZES:
        sync = fig["first_sync"][str(n)]
        assert 0 < sync["wall_s"] < 60 and 10 < sync["peak_rss_mb"] < 1000
        assert len(sync["load_average"]) == 3 and sync["floor"]["wall_s"] > 0
        inbox = sync["folders"]["INBOX"]
        # Every Amazon mail is a candidate and stored; no filler is fetched.
        assert inbox["candidates"] == inbox["fetched"] == inbox["new_mails"] == seed.amazon_count(n)
        assert sync["folders"]["Junk"]["new_mails"] > 0
    assert fig["first_sync_growth"]["loglog_slope"] is not None
    assert fig["idle_poll"]["poll_median_s"] > 0 and fig["idle_poll"]["floor_median_s"] > 0
    assert fig["idle_poll"]["ratio"] > 0
    imap = fig["idle_poll_imap"]
    assert imap["folders"] == 2 and imap["total_commands"] > 0 and imap["folder_commands"]
    watch = fig["watch_latency"]
    assert watch["samples"] == 2 and watch["missed"] == 0 and 0 < watch["median_s"] < 10
    assert watch["notify_mentions_order"] and watch["exit_code"] == 0
    assert fig["parse_throughput"]["parses"] > 0 and fig["parse_throughput"]["mails_per_cpu_s"] > 0
    status = fig["status"]
    assert status["sizes"] == [100, 200] and status["floor_median_s"] > 0 and status["ratio_to_small"]["200"] > 0
    assert 0 < fig["version"]["median_s"] < 5

    figures = {row["figure"].split(" (")[0] for row in data["verdicts"]}
    # one row per target (issues 7 and 13), the first sync's once per mailbox size
    assert len(data["verdicts"]) == 8 + len(SIZES), figures
    assert {f"first sync of {n:,} messages" for n in SIZES} <= figures
    assert "| figure | measured | target | met |" in capsys.readouterr().out
