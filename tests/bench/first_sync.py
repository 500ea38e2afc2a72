"""Benchmark: first sync of a big folder on a private Dovecot, then a poll with nothing new.

    /work/venv/bin/python -m tests.bench.first_sync [--messages 20000] [--amazon 2000]

Seeds INBOX by writing Maildir files directly (every ``messages/amazon``-th mail is an Amazon
shipment, the rest ordinary ~3 KB mail), then runs ``sync_account`` in a fresh child process (so its
peak RSS is the sync's alone) against a new SQLite store, and prints a JSON line with the figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

FILLER = "".join(f"Paragraph {i}: nothing to see here, just the usual newsletter text.\n" for i in range(40))


def _mail(i: int, amazon: bool) -> bytes:
    if amazon:
        order = f"113-{i // 10_000_000:07d}-{i % 10_000_000:07d}"
        head = ("Authentication-Results: mx.example.net; dkim=pass header.d=amazon.com; dmarc=pass\r\n"
                'From: "Amazon.com" <shipment-tracking@amazon.com>\r\n'
                f"Subject: Your Amazon.com order #{order} has shipped\r\n")
        body = (f"Your package has shipped.\nOrder #{order}\nShipped with UPS. Your tracking number is "
                f"1Z999AA1{i:010d}.\nOrder Total: $25.99\n{FILLER}")
    else:
        head = f'From: "News {i % 97}" <news{i % 97}@example.org>\r\nSubject: Weekly letter {i}\r\n'
        body = FILLER
    head += (f"To: me@example.net\r\nDate: Tue, 03 Nov 2026 10:00:00 +0000\r\nMessage-ID: <bench{i}@example>\r\n"
             "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
    return (head + body).replace("\r\n", "\n").replace("\n", "\r\n").encode()


def _child(args: argparse.Namespace) -> None:
    """Runs in a fresh process: one first sync and one idle poll; prints the figures."""
    from daemon.config import config_from_mapping
    from daemon.service.sync import sync_account
    from store.repository import Store

    account = config_from_mapping({"accounts": [json.loads(args.account)]}).accounts[0]
    now = datetime.now(UTC)
    with Store.open(args.store) as store:
        t = time.perf_counter()
        first = sync_account(account, store, now=now)
        first_s = time.perf_counter() - t
        rss_after_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        polls = []
        for _ in range(5):
            t = time.perf_counter()
            again = sync_account(account, store, now=now)
            polls.append(time.perf_counter() - t)
        assert again.ok and again.new_mails == 0
    print(json.dumps({
        "ok": first.ok, "failure": first.failure_line(), "candidates": sum(f.candidates for f in first.folders),
        "new_mails": first.new_mails, "new_events": first.new_events, "first_sync_s": round(first_s, 2),
        "peak_rss_mb": round(rss_after_first / 1024, 1),
        "idle_poll_ms_median": round(sorted(polls)[len(polls) // 2] * 1000, 1),
        "idle_poll_ms_folder": round(min(f.seconds for f in again.folders) * 1000, 2),
    }))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--amazon", type=int, default=2_000)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--account")
    parser.add_argument("--store")
    args = parser.parse_args()
    if args.child:
        _child(args)
        return

    from tests.servers.dovecot import dovecot_server

    every = max(1, args.messages // max(args.amazon, 1))
    with dovecot_server() as server, tempfile.TemporaryDirectory() as tmp:
        user = server.add_user()
        t = time.perf_counter()
        n = server.seed_maildir(user, "INBOX", (_mail(i, i % every == 0) for i in range(args.messages)))
        seed_s = time.perf_counter() - t
        t = time.perf_counter()
        assert server.folder_status(user, "INBOX")[b"MESSAGES"] == n  # Dovecot indexes the new files
        index_s = time.perf_counter() - t
        account = server.account_table(user, "plain", timeout="120s")  # INBOX + (empty) Junk
        store = f"sqlite:///{Path(tmp) / 'bench.db'}"
        out = subprocess.run([sys.executable, "-m", "tests.bench.first_sync", "--child", "--account",
                              json.dumps(account), "--store", store], capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parents[2])
        if out.returncode:
            sys.exit(out.stderr)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures.update(messages=n, seed_s=round(seed_s, 2), dovecot_index_s=round(index_s, 2))
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
