"""Sync against a real Dovecot: inbox + junk, incremental polls, UIDVALIDITY, failures, big mail."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from daemon.config import config_from_mapping
from daemon.service.imap.folders import FolderSpec
from daemon.service.sync import sync_account, sync_all, sync_folder
from tests.daemon import mails
from tests.daemon.conftest import make_account
from tests.servers.dovecot import free_port

pytestmark = pytest.mark.imap
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def _events(store):
    return {oid: sorted((e.event.kind, e.mail.in_junk, e.mail.folder) for e in evs)
            for oid, evs in store.order_events().items()}


def _seen_flags(dovecot, user, folder):
    with dovecot.session(user) as c:
        c.select_folder(folder, readonly=True)
        return [b"\\Seen" in f for f in c.get_flags(c.search("ALL")).values()]


def test_inbox_and_special_use_junk(dovecot, store):
    user = dovecot.add_user(junk="special")
    dovecot.append(user, "INBOX", mails.cancelled("113-0000001-0000001"), mails.unrelated(1))
    dovecot.append(user, "Junk", mails.shipped("113-0000001-0000001"), mails.phishing("113-0000001-0000001"))
    result = sync_account(make_account(dovecot, user), store, now=NOW)

    assert result.ok, result.failure_line()
    assert [(f.folder, f.junk, f.candidates) for f in result.folders] == [("INBOX", False, 1), ("Junk", True, 2)]
    assert _events(store) == {"113-0000001-0000001": [("cancelled", False, "INBOX"), ("shipped", True, "Junk")]}
    [phish] = store.suspicious_mails()
    assert phish.mail.in_junk and phish.order_ids == ("113-0000001-0000001",)
    assert {f.name: f.is_junk for f in store.folders(user.name)} == {"INBOX": False, "Junk": True}
    assert not any(_seen_flags(dovecot, user, "INBOX") + _seen_flags(dovecot, user, "Junk"))


def test_gmail_like_spam_folder(dovecot, store):
    user = dovecot.add_user(junk="gmail")
    dovecot.append(user, "[Gmail]/Spam", mails.shipped("113-0000002-0000002"))
    result = sync_account(make_account(dovecot, user, "tls"), store, now=NOW)
    assert [(f.folder, f.junk) for f in result.folders] == [("INBOX", False), ("[Gmail]/Spam", True)]
    assert _events(store) == {"113-0000002-0000002": [("shipped", True, "[Gmail]/Spam")]}


def test_junk_found_by_name_without_special_use(dovecot, store):
    user = dovecot.add_user(junk="none")
    dovecot.create_folder(user, "Archive")
    dovecot.append(user, "迷惑メール", mails.shipped("113-0000003-0000003"))
    result = sync_account(make_account(dovecot, user), store, now=NOW)
    assert [(f.folder, f.junk) for f in result.folders] == [("INBOX", False), ("迷惑メール", True)]
    assert _events(store) == {"113-0000003-0000003": [("shipped", True, "迷惑メール")]}


def test_spam_false_and_explicit_folders(dovecot, store):
    user = dovecot.add_user(junk="special")
    dovecot.append(user, "Orders", mails.shipped("113-0000004-0000004"))
    dovecot.append(user, "Junk", mails.cancelled("113-0000004-0000004"))
    result = sync_account(make_account(dovecot, user, folders=["Orders"], spam=False), store, now=NOW)
    assert [(f.folder, f.junk) for f in result.folders] == [("Orders", False)]
    assert _events(store) == {"113-0000004-0000004": [("shipped", False, "Orders")]}


def test_missing_folder_fails_alone(dovecot, store):
    user = dovecot.add_user(junk="special")
    dovecot.append(user, "Junk", mails.shipped("113-0000005-0000005"))
    result = sync_account(make_account(dovecot, user, folders=["INBOX", "Nope"]), store, now=NOW)
    assert not result.ok
    assert [f.folder for f in result.folders] == ["INBOX", "Nope", "Junk"]
    assert "does not exist" in result.folders[1].failure.what
    assert "account " + user.name + ": folder 'Nope': " in result.failure_line()
    assert "113-0000005-0000005" in _events(store)


def test_incremental_poll_costs_one_status_per_folder(dovecot, store):
    user = dovecot.add_user(junk="special")
    dovecot.append(user, "INBOX", *[mails.shipped(f"113-1000000-{i:07d}") for i in range(3)], mails.unrelated())
    dovecot.append(user, "Junk", mails.phishing("113-1000000-0000001"))
    with dovecot.counting_proxy() as proxy:
        account = make_account(dovecot, user, port=proxy.port)
        first = sync_account(account, store, now=NOW)
        assert first.ok and first.new_mails == 4
        assert proxy.all_commands().count("UID SEARCH") == 2

        proxy.reset()
        again = sync_account(account, store, now=NOW)
        assert again.ok and again.new_mails == 0 and not any(f.examined for f in again.folders)
        commands = proxy.all_commands()
        assert commands.count("STATUS") == 2  # one per folder, nothing else touches a mailbox
        # Both before LIST: after a LIST, Dovecot answers STATUS by reading the mailbox again.
        assert commands.index("LIST") > max(i for i, c in enumerate(commands) if c == "STATUS")
        assert not {"SELECT", "EXAMINE", "UID SEARCH", "SEARCH", "UID FETCH", "FETCH"} & set(commands)
        assert not {"STORE", "UID STORE", "COPY", "MOVE", "EXPUNGE"} & set(commands)

        dovecot.append(user, "INBOX", mails.unrelated(2), mails.cancelled("113-1000000-0000002"))
        proxy.reset()
        third = sync_account(account, store, now=NOW)
        inbox = third.folders[0]
        assert (inbox.examined, inbox.new_uids, inbox.candidates, inbox.new_mails) == (True, 2, 1, 1)
        assert not third.folders[1].examined
        commands = proxy.all_commands()
        assert commands.count("UID SEARCH") == 1 and commands.count("EXAMINE") == 1
        assert "SELECT" not in commands and commands.count("STATUS") == 2
    assert [k for k, _, _ in _events(store)["113-1000000-0000002"]] == ["cancelled", "shipped"]
    assert store.get_checkpoint(user.name, "INBOX").last_uid == 6
    assert not any(_seen_flags(dovecot, user, "INBOX"))


def test_uidvalidity_change_rescans_without_duplicates(dovecot, store):
    user = dovecot.add_user(junk="special")
    dovecot.append(user, "INBOX", mails.shipped("113-2000000-0000001"), mails.cancelled("113-2000000-0000001"))
    dovecot.append(user, "Junk", mails.shipped("113-2000000-0000002"))
    account = make_account(dovecot, user)
    sync_account(account, store, now=NOW)
    before = _events(store)
    old = store.get_checkpoint(user.name, "INBOX").uidvalidity

    new_inbox = dovecot.reset_uidvalidity(user, "INBOX")
    new_junk = dovecot.recreate_folder(user, "Junk")
    dovecot.append(user, "Junk", mails.shipped("113-2000000-0000003"))
    result = sync_account(account, store, now=NOW)

    assert result.ok
    assert [f.rescanned for f in result.folders] == [True, True]
    assert [(f.duplicates, f.new_mails) for f in result.folders] == [(2, 0), (1, 1)]
    assert new_inbox != old and store.get_checkpoint(user.name, "INBOX").uidvalidity == new_inbox
    assert store.get_checkpoint(user.name, "Junk").uidvalidity == new_junk
    after = _events(store)
    assert after.pop("113-2000000-0000003") == [("shipped", True, "Junk")]
    assert after == before


def test_uids_going_backwards_rescan_without_duplicates(dovecot, store, caplog):
    """Issue 11, attack 7: UIDNEXT below the checkpoint under the same UIDVALIDITY (a server
    restored from a backup) is treated like a UIDVALIDITY change: warn, rescan, dedupe."""
    from store.repository import Checkpoint

    user = dovecot.add_user(junk="special")
    dovecot.append(user, "INBOX", mails.shipped("113-2100000-0000001"), mails.cancelled("113-2100000-0000001"))
    account = make_account(dovecot, user, spam=False)
    sync_account(account, store, now=NOW)
    cp = store.get_checkpoint(user.name, "INBOX")
    # The server forgot its UIDs: ours ran up to 1000, its UIDNEXT is back at 3.
    store.ingest([], now=NOW, checkpoint=Checkpoint(user.name, "INBOX", cp.uidvalidity, 1000, cp.highestmodseq))
    dovecot.append(user, "INBOX", mails.shipped("113-2100000-0000002"))
    with caplog.at_level(logging.WARNING):
        result = sync_account(account, store, now=NOW)
    assert result.ok and result.folders[0].rescanned
    assert (result.folders[0].duplicates, result.folders[0].new_mails) == (2, 1)
    assert any("below the last UID" in r.getMessage() for r in caplog.records)
    assert store.get_checkpoint(user.name, "INBOX").last_uid == 3
    assert _events(store)["113-2100000-0000002"] == [("shipped", False, "INBOX")]


def test_first_sync_is_bounded_by_since(dovecot, store):
    user = dovecot.add_user()
    with dovecot.session(user) as c:
        c.append("INBOX", mails.shipped("113-3000000-0000001"), msg_time=NOW - timedelta(days=400))
        c.append("INBOX", mails.shipped("113-3000000-0000002"), msg_time=NOW - timedelta(days=20))
    sync_account(make_account(dovecot, user, since="90d"), store, now=NOW)
    assert list(_events(store)) == ["113-3000000-0000002"]


def test_batches_progress_and_a_dropped_connection(dovecot, store):
    user = dovecot.add_user()
    dovecot.append(user, "INBOX", *[mails.shipped(f"113-4000000-{i:07d}") for i in range(230)])
    seen = []
    with dovecot.counting_proxy() as proxy:
        dropped = []

        def progress(p):
            seen.append((p.folder, p.phase, p.done, p.total))
            if p.phase == "fetch" and p.done == 100 and not dropped:
                dropped.append(1)
                proxy.drop_all()  # the network dies after the first batch was stored

        result = sync_account(make_account(dovecot, user, spam=False, port=proxy.port), store, now=NOW,
                              progress=progress)
        connections = len(proxy.commands())
    assert result.ok, result.failure_line()
    assert connections == 2  # reconnected once
    assert len(store.order_ids()) == 230
    fetch_steps = [(done, total) for folder, phase, done, total in seen if phase == "fetch" and done]
    assert fetch_steps[:2] == [(100, 230), (100, 130)]  # resumed from the checkpoint after the drop
    assert fetch_steps[-1] == (130, 130)
    assert store.get_checkpoint(user.name, "INBOX").last_uid == 230


def test_forwarded_mail_from_trusted_forwarder_is_a_candidate(dovecot, store):
    user = dovecot.add_user()
    dovecot.append(user, "INBOX", mails.forwarded_by("spouse@example.org", "113-5000000-0000001"),
                   mails.forwarded_by("stranger@example.org", "113-5000000-0000002"))
    result = sync_account(make_account(dovecot, user, trusted_forwarders=["Spouse@example.org"]), store, now=NOW)
    assert result.folders[0].candidates == 1


def test_large_mail_fetches_only_its_text(dovecot, store):
    user = dovecot.add_user()
    raw = mails.with_attachment("113-6000000-0000001", 600_000, message_id="big@test.example")
    assert len(raw) > 700_000
    dovecot.append(user, "INBOX", raw)
    result = sync_account(make_account(dovecot, user, max_message_size="64kb"), store, now=NOW)
    assert result.ok and result.new_mails == 1
    [stored] = store.mails()
    kept = store.raw_mail(stored.ref.mail_id)
    assert len(kept) < 10_000
    assert b"X-Orders-Partial: attachments omitted" in kept and b"Authentication-Results" in kept
    assert _events(store) == {"113-6000000-0000001": [("shipped", False, "INBOX")]}


def test_sync_folder_on_an_open_connection(dovecot, store):
    from daemon.service.imap import connect

    user = dovecot.add_user()
    dovecot.append(user, "INBOX", mails.shipped("113-7000000-0000001"))
    account = make_account(dovecot, user)
    client = connect(account)
    try:
        r = sync_folder(client, account, FolderSpec("INBOX"), store, now=NOW)
        assert (r.examined, r.new_mails, r.last_uid) == (True, 1, 1)
        dovecot.append(user, "INBOX", mails.cancelled("113-7000000-0000001"))
        r = sync_folder(client, account, "INBOX", store, now=NOW)
        assert (r.new_uids, r.new_mails, r.last_uid) == (1, 1, 2)
        assert not sync_folder(client, account, "INBOX", store, now=NOW).examined
    finally:
        client.logout()


def test_several_accounts_one_broken_and_no_secret_anywhere(dovecot, store, caplog):
    good = dovecot.add_user()
    marker = "MARKER-secret-Pw-93817"
    wrong = dovecot.add_user(password=marker)  # the server knows the marker, the config says otherwise
    refused = dovecot.add_user()
    dovecot.append(good, "INBOX", mails.shipped("113-8000000-0000001"))
    dovecot.append(wrong, "INBOX", mails.shipped("113-8000000-0000002"))
    config = config_from_mapping({"accounts": [
        dovecot.account_table(wrong, password=marker + "x"),
        dovecot.account_table(refused, port=free_port(), password=marker),
        dovecot.account_table(good),
    ]})
    with caplog.at_level(logging.DEBUG):
        results = sync_all(config, store, now=NOW)
    assert [r.ok for r in results] == [False, False, True]
    assert "refused" in results[0].failure.what and "password" in results[0].failure.fix
    assert "connection to" in results[1].failure.what and "refused" in results[1].failure.what
    assert list(_events(store)) == ["113-8000000-0000001"]
    texts = [r.failure_line() for r in results] + [r.summary() for r in results] + \
            [repr(r.to_dict()) for r in results] + [caplog.text, repr(config), str(config.accounts)]
    assert not [t for t in texts if marker in t]
    assert all(line.startswith("account ") and " — fix: " in line for r in results[:2]
               for line in r.failure_line().splitlines())


def test_marker_password_never_logged_on_success(dovecot, store, caplog, monkeypatch):
    marker = "MARKER-pw-from-env-55127"
    user = dovecot.add_user(password=marker)
    dovecot.append(user, "INBOX", mails.shipped("113-9000000-0000001"))
    monkeypatch.setenv("ORDERS_MARKER_PW", marker)
    logging.getLogger("imapclient").setLevel(logging.DEBUG)
    with caplog.at_level(logging.DEBUG):
        result = sync_account(make_account(dovecot, user, "starttls", password_env="ORDERS_MARKER_PW"),
                              store, now=NOW)
    assert result.ok
    assert marker not in caplog.text
    assert caplog.records  # something was logged at DEBUG: the check is not vacuous


def test_a_long_range_is_searched_in_runs_and_never_checkpoints_ahead(dovecot, store, monkeypatch):
    # A first sync of a big folder searches a run of UIDs at a time in the fetching thread, so the
    # server's SEARCH overlaps with parsing and storing; the result is the same as one SEARCH, and
    # every checkpoint written on the way covers only stored mail.
    from daemon.service import fetch_parse
    from daemon.service.imap import fetch

    monkeypatch.setattr(fetch, "SEARCH_RUNS", (2, 4))
    monkeypatch.setattr(fetch_parse, "PARALLEL_MIN", 1)  # the parsing workers, as in a big first sync
    user = dovecot.add_user(junk="special")
    amazon_uids = {2, 3, 7, 11}
    dovecot.append(user, "INBOX", *[mails.shipped(f"113-2000000-{uid:07d}") if uid in amazon_uids
                                    else mails.unrelated(uid) for uid in range(1, 13)])
    seen: list[tuple[int, int]] = []  # (checkpoint, stored mails) after each stored batch

    def progress(event):
        if event.folder == "INBOX" and event.phase == "fetch" and event.done:
            cp = store.get_checkpoint(user.name, "INBOX")
            seen.append((cp.last_uid, len(store.mails())))

    with dovecot.counting_proxy() as proxy:
        result = sync_account(make_account(dovecot, user, port=proxy.port), store, now=NOW, progress=progress)
        searches = proxy.all_commands().count("UID SEARCH")  # the empty Junk folder needs none
    assert result.ok, result.failure_line()
    inbox = result.folders[0]
    assert (inbox.candidates, inbox.new_mails, inbox.last_uid) == (4, 4, 12)
    assert searches == 4  # UIDs 1-2, 3-6, 7-10, 11-12
    assert sorted(_events(store)) == sorted(f"113-2000000-{uid:07d}" for uid in amazon_uids)
    assert seen and all(stored >= sum(1 for u in amazon_uids if u <= cp) for cp, stored in seen)
    assert store.get_checkpoint(user.name, "INBOX").last_uid == 12
    assert not any(_seen_flags(dovecot, user, "INBOX"))


@pytest.mark.parametrize("parallel", [False, True])
def test_stopping_stores_no_further_batch(dovecot, store, monkeypatch, parallel):
    # The daemon's SIGTERM sets ``stopping``: the batch stored stays with its checkpoint, the batches
    # already fetched or parsed are left to the next run, and the junk folder is not started.
    import threading

    from daemon.service import fetch_parse

    monkeypatch.setattr(fetch_parse, "PARALLEL_MIN", 1 if parallel else 10**9)
    user = dovecot.add_user(junk="special")
    dovecot.append(user, "INBOX", *[mails.shipped(f"113-5000000-{i:07d}") for i in range(450)])
    dovecot.append(user, "Junk", mails.shipped("113-5000001-0000001"))
    stopping = threading.Event()

    def progress(p):
        if p.phase == "fetch" and p.done == 100:
            stopping.set()  # as SIGTERM would, right after the first batch was stored

    result = sync_account(make_account(dovecot, user), store, now=NOW, progress=progress, stopping=stopping)
    [inbox] = result.folders
    assert inbox.stopped and inbox.fetched == 100
    assert len(store.mails()) == 100 and store.get_checkpoint(user.name, "INBOX").last_uid == 100
    assert store.get_checkpoint(user.name, "Junk") is None
    again = sync_account(make_account(dovecot, user), store, now=NOW)  # the next run resumes
    assert again.ok and not any(f.stopped for f in again.folders)
    assert len(store.order_ids()) == 451


def test_a_known_folder_gone_is_left_to_the_list(dovecot, store):
    # The early STATUS of a folder synced before finds it gone: the poll goes on with what LIST finds.
    user = dovecot.add_user(junk="none")
    dovecot.create_folder(user, "Spam")
    dovecot.append(user, "Spam", mails.shipped("113-6000000-0000001"))
    account = make_account(dovecot, user, junk_folder="Spam")
    assert sync_account(account, store, now=NOW).ok
    with dovecot.session(user) as client:
        client.delete_folder("Spam")
    result = sync_account(account, store, now=NOW)
    assert [f.folder for f in result.folders if f.failure is None] == ["INBOX"]
    [failed] = [f for f in result.folders if f.failure is not None]
    assert failed.folder == "Spam"
