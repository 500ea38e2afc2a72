"""Accounts, folders and checkpoints (what the IMAP sync reads and writes)."""

from __future__ import annotations

from datetime import timedelta

from store.repository import Checkpoint, FolderRecord, Store
from tests.store.factories import NOW, event, item

ORDER = "250-1111111-1111111"


def test_register_is_idempotent_and_junk_flag_updates(store: Store) -> None:
    store.register_account("gmail")
    store.register_account("gmail")
    store.register_folder("gmail", "INBOX", is_junk=False)
    store.register_folder("gmail", "[Gmail]/Spam", is_junk=False)
    store.register_folder("gmail", "[Gmail]/Spam", is_junk=True)
    store.register_folder("work", "迷惑メール", is_junk=True)  # an unknown account is registered too
    assert store.folders() == [
        FolderRecord("gmail", "INBOX", False, None),
        FolderRecord("gmail", "[Gmail]/Spam", True, None),
        FolderRecord("work", "迷惑メール", True, None),
    ]
    assert [f.name for f in store.folders("work")] == ["迷惑メール"]
    assert store.get_checkpoint("gmail", "INBOX") is None
    assert store.get_checkpoint("nobody", "INBOX") is None


def test_checkpoint_keeps_the_junk_flag(store: Store) -> None:
    store.register_folder("gmail", "[Gmail]/Spam", is_junk=True)
    store.ingest([item("m@x", event("ordered", ORDER, "2026-11-01T10:00:00+09:00"), folder="[Gmail]/Spam",
                       in_junk=True, uidvalidity=3, uid=8)],
                 now=NOW, checkpoint=Checkpoint("gmail", "[Gmail]/Spam", 3, 8, None))
    [folder] = store.folders("gmail")
    assert folder.is_junk and folder.checkpoint == Checkpoint("gmail", "[Gmail]/Spam", 3, 8, None, NOW)


def test_large_uids_and_modseqs_fit(store: Store) -> None:
    big = Checkpoint("a", "INBOX", uidvalidity=4_294_967_295, last_uid=4_294_967_295, highestmodseq=2**62)
    store.ingest([], now=NOW, checkpoint=big)
    assert store.get_checkpoint("a", "INBOX") == Checkpoint("a", "INBOX", 4_294_967_295, 4_294_967_295, 2**62, NOW)


def test_uidvalidity_reset_rescans_without_duplicates(store: Store) -> None:
    batch = [item(f"m{i}@x", event("ordered", f"250-000000{i}-0000000", "2026-11-01T10:00:00+09:00"),
                  uid=i, uidvalidity=7) for i in range(1, 4)]
    first = store.ingest(batch, now=NOW, checkpoint=Checkpoint("main", "INBOX", 7, 3, 50))

    store.reset_folder("main", "INBOX", uidvalidity=8)
    assert store.get_checkpoint("main", "INBOX") == Checkpoint("main", "INBOX", 8, 0, None, NOW)

    # The folder was recreated: same mails, new UIDs under the new UIDVALIDITY.
    rescan = [item(f"m{i}@x", event("ordered", f"250-000000{i}-0000000", "2026-11-01T10:00:00+09:00"),
                   uid=100 + i, uidvalidity=8) for i in range(1, 4)]
    later = NOW + timedelta(hours=1)
    report = store.ingest(rescan, now=later, checkpoint=Checkpoint("main", "INBOX", 8, 103))
    assert (report.new_mails, report.duplicates, report.new_events) == (0, 3, 0)
    assert sum(len(v) for v in store.order_events().values()) == 3
    # Only the sightings under the current UIDVALIDITY remain.
    assert [(s.uidvalidity, s.uid) for s in store.locations(first.new_mail_ids[0])] == [(8, 101)]
    assert store.get_checkpoint("main", "INBOX") == Checkpoint("main", "INBOX", 8, 103, None, later)
