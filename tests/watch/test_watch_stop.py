"""SIGTERM during a large first sync: quick exit, the checkpoint never ahead of the stored mail."""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime

import pytest

from daemon.config import load_config
from daemon.service.sync import sync_account
from store.repository import Store
from tests.watch.conftest import WatchProcess, fixture_mail, new_user, wait_until, write_config

pytestmark = [pytest.mark.imap, pytest.mark.slow]

TEMPLATES = ["jp/story1-250-1111111-ordered.eml", "jp/shipped-japan-post-yu-packet.eml",
             "jp/refunded-credit-card.eml", "jp/delivered-halfwidth-colon.eml"]
COUNT = 800


def _stored(store_path, account: str) -> tuple[int, int, int | None]:
    """(mails, distinct Message-IDs, INBOX checkpoint last_uid) as the store holds them now."""
    with Store.open(str(store_path)) as store:
        mails = store.mails()
        checkpoint = store.get_checkpoint(account, "INBOX")
    return len(mails), len({m.ref.message_id for m in mails}), checkpoint.last_uid if checkpoint else None


def test_sigterm_during_first_sync_stops_fast_and_consistent(dovecot, tmp_path):
    user = new_user(dovecot)
    dovecot.seed_maildir(user, "INBOX", (fixture_mail(TEMPLATES[n % len(TEMPLATES)], message_id=f"bulk-{n}@test")
                                         for n in range(COUNT)))
    store_path = tmp_path / "orders.db"
    config = write_config(tmp_path / "config.toml", server=dovecot, users=[user], store=store_path)
    proc = WatchProcess(config, tmp_path / "stderr.log")
    try:
        assert wait_until(lambda: store_path.exists() and _stored(store_path, user.name)[0] >= 100, 60, 0.05), proc.log()
    finally:
        rc, seconds = proc.finish(signal.SIGTERM)
    stored, distinct, last_uid = _stored(store_path, user.name)
    print(f"\nSIGTERM during the first sync: exit {rc} after {seconds:.2f} s with {stored}/{COUNT} mails stored")
    assert rc == 0, proc.log()
    assert seconds < 5.0
    assert stored < COUNT, "the sync finished before the signal: nothing was interrupted"
    # Every UID up to the checkpoint is stored, nothing beyond it: UIDs are 1..COUNT, all candidates.
    assert last_uid == stored == distinct

    # The next run resumes from the checkpoint: everything, once.
    started = time.monotonic()
    account = load_config(config).accounts[0]
    with Store.open(str(store_path)) as store:
        result = sync_account(account, store, now=datetime.now(UTC))
    assert result.ok, result.failure_line()
    assert _stored(store_path, user.name) == (COUNT, COUNT, COUNT)
    print(f"resumed and finished in {time.monotonic() - started:.2f} s")
