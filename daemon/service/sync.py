"""Incremental, read-only, spam-aware sync of Amazon mail from IMAP folders into the store.

Per folder the store keeps a checkpoint (UIDVALIDITY, last UID examined, HIGHESTMODSEQ when the
server has CONDSTORE). A folder is synced like this:

1. ``STATUS folder (UIDNEXT UIDVALIDITY [HIGHESTMODSEQ])`` — when UIDVALIDITY is unchanged and
   UIDNEXT shows no new UID, stop: a poll with nothing new costs one STATUS per folder.
2. ``EXAMINE`` (read-only); ``UID SEARCH UID a:b <ASCII Amazon criteria>`` over the new UIDs only
   (plus ``SINCE`` on the first sync, bounded by ``since``), ``b`` = UIDNEXT-1 seen at EXAMINE;
   a long range is searched a run of UIDs at a time (``search_ranges``), interleaved with step 3.
3. ``FETCH RFC822.SIZE`` of the candidates, then ``BODY.PEEK[]`` in batches (≤ 100 mails, ~16 MB);
   mail over ``max_message_size`` is reduced to its text parts (``daemon.service.imap.fetch``).
4. Each batch is parsed and stored in one transaction with the checkpoint of its last UID, so the
   checkpoint never runs ahead of stored mail; a crash repeats at most the batches fetched but not
   yet stored (deduped). A big sync fetches ahead in a thread and parses on every core
   (``daemon.service.fetch_parse``), packing each mail for the store there too, while the batches
   are stored in UID order.

A UIDVALIDITY change, or UIDs going backwards (UIDNEXT below the checkpoint under the same
UIDVALIDITY), resets the folder and rescans it with a warning (Message-ID dedupe: no duplicate events).
Flags are never changed; nothing is moved. One failing account never stops the others.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from imapclient.exceptions import IMAPClientAbortError, IMAPClientError

from daemon.service.authserv import effective_ids, learn_if_needed
from daemon.service.fetch_parse import parsed_batches, workers_for
from daemon.service.imap.connect import ImapError, connect
from daemon.service.imap.fetch import fetch_batch, fetch_sizes, plan_batches, search_candidates, search_ranges
from daemon.service.imap.folders import FolderSpec, folders_to_sync
from daemon.service.imap.guard import Deadline, cut_reason
from daemon.service.sync_results import (
    AccountResult,
    FolderResult,
    ProgressCallback,
    SyncFailure,
    SyncProgress,
    error_text,
    folder_failure,
    report_progress,
)
from store.domain.messages import Msg
from store.domain.model import MailSource

if TYPE_CHECKING:
    import imapclient

    from daemon.config import Account, Config
    from store.checkpoints import FolderRecord
    from store.repository import PackedMail, Store

__all__ = ["CONNECTION_ERRORS", "AccountResult", "FolderResult", "ProgressCallback", "SyncFailure", "SyncProgress",
           "judge", "judge_and_pack", "sync_account", "sync_all", "sync_folder"]

log = logging.getLogger(__name__)

CONNECTION_ERRORS = (OSError, IMAPClientAbortError, ssl.SSLError, socket.timeout)
GRACE = 5.0  # beyond sync_timeout before `orders poll` gives up waiting on a hung account


def judge(raw: bytes, *, trusted_forwarders: tuple[str, ...] = (), trusted_authserv_ids: tuple[str, ...] | None = None,
          strict: bool = False, partial: bool = False, fallback_date: datetime | None = None) -> tuple[Any, str]:
    """Parse one mail seen for the first time with our own authenticity verdict: (result, its source).
    ``fallback_date``: the mail's date when its Date header is unusable (IMAP INTERNALDATE, file time)."""
    from daemon.service.trust import source_of, verdict
    from parsers import parse_mail

    decided = verdict(raw, trusted_authserv_ids=trusted_authserv_ids, partial=partial)
    result = parse_mail(raw, trusted_forwarders=trusted_forwarders, trusted_authserv_ids=trusted_authserv_ids,
                        strict_authentication=strict, verdict=decided.for_parser() if decided else None,
                        fallback_date=fallback_date)
    return result, source_of(result.authenticity, decided)


def judge_and_pack(raw: bytes, **options: Any) -> tuple[Any, str, PackedMail]:
    """``judge``, plus the mail compressed and hashed as the store keeps it: a first sync runs this in
    its parsing processes, so the thread that writes the store only writes."""
    from store.repository import pack

    result, source = judge(raw, **options)
    return result, source, pack(raw)


def sync_folder(client: imapclient.IMAPClient, account: Account, folder: FolderSpec | str, store: Store, *,
                now: datetime, progress: ProgressCallback | None = None,
                stopping: threading.Event | None = None, status: dict[bytes, Any] | None = None) -> FolderResult:
    """Sync one folder over an open connection (see the module docstring).

    Raises on IMAP, network or store errors; whatever was stored before stays stored with its
    checkpoint. Runs from, and returns to, the authenticated state (a selected folder is unselected
    first: its STATUS could be stale) — so do not share this connection with an IDLE. Once
    ``stopping`` is set (the daemon's SIGTERM) no further batch is stored: the result says
    ``stopped`` and the checkpoint stays after the last stored batch. ``status``: the folder's STATUS
    when the caller already asked (see ``early_statuses``).
    """
    from store.repository import Checkpoint

    spec = folder if isinstance(folder, FolderSpec) else FolderSpec(folder)
    started = time.monotonic()
    # STATUS of the selected mailbox can be stale (Dovecot answers from the session's view): sync
    # from the authenticated state only.
    _unselect(client)
    result = FolderResult(spec.name, spec.junk)
    checkpoint = store.get_checkpoint(account.name, spec.name)
    if status is None:
        status = client.folder_status(spec.name, _status_items(client))
    uidvalidity = int(status[b"UIDVALIDITY"])
    uidnext = int(status.get(b"UIDNEXT", 0))
    modseq = int(status[b"HIGHESTMODSEQ"]) if b"HIGHESTMODSEQ" in status else None
    if checkpoint and checkpoint.uidvalidity == uidvalidity and 0 < uidnext == checkpoint.last_uid + 1:
        result.uidvalidity, result.last_uid = uidvalidity, checkpoint.last_uid
        if modseq != checkpoint.highestmodseq:  # flag changes only: remember, nothing to read
            store.ingest([], now=now, checkpoint=Checkpoint(account.name, spec.name, uidvalidity,
                                                            checkpoint.last_uid, modseq))
        result.seconds = time.monotonic() - started
        return result

    selected = client.select_folder(spec.name, readonly=True)
    result.examined = True
    uidvalidity = int(selected.get(b"UIDVALIDITY", uidvalidity))
    uidnext = int(selected.get(b"UIDNEXT", uidnext))
    modseq = int(selected[b"HIGHESTMODSEQ"]) if b"HIGHESTMODSEQ" in selected else modseq
    if checkpoint and checkpoint.uidvalidity != uidvalidity:
        log.warning("%s/%s: UIDVALIDITY changed (%s → %s); rescanning the folder", account.name, spec.name,
                    checkpoint.uidvalidity, uidvalidity)
        store.reset_folder(account.name, spec.name, uidvalidity)
        checkpoint = None
        result.rescanned = True
    elif checkpoint and 0 < uidnext <= checkpoint.last_uid:
        # UIDs must only grow under one UIDVALIDITY (RFC 3501 2.3.1.1); a server restored from a
        # backup or rebuilt without a new UIDVALIDITY reuses them. Same remedy: read it all again.
        log.warning("%s/%s: the server's UIDNEXT %s is below the last UID already read (%s) under the same "
                    "UIDVALIDITY; rescanning the folder (stored mail is deduplicated)", account.name, spec.name,
                    uidnext, checkpoint.last_uid)
        store.reset_folder(account.name, spec.name, uidvalidity)
        checkpoint = None
        result.rescanned = True
    first = checkpoint is None
    last_uid = 0 if first else checkpoint.last_uid
    old_modseq = None if first else checkpoint.highestmodseq
    uid_to = uidnext - 1 if uidnext > 0 else _highest_uid(client)
    since = (now - account.since).date() if first else None
    result.uidvalidity, result.new_uids = uidvalidity, max(0, uid_to - last_uid)

    report_progress(progress, account.name, spec.name, "search")
    # A long range is searched a run at a time in the fetching thread: the server's SEARCH (it reads
    # every message's header) overlaps with parsing and storing the candidates already found. The
    # first run is searched here: how dense its candidates are tells whether to start the workers.
    ranges = search_ranges(last_uid + 1, uid_to)
    sizes: dict[int, int] = {}

    def search(lo: int, hi: int) -> list[int]:
        found = search_candidates(client, lo, hi, since=since, trusted_forwarders=account.trusted_forwarders)
        result.candidates += len(found)
        return found

    first_found = search(*ranges[0]) if ranges else []

    def planned() -> Iterator[list[int]]:
        for i, (lo, hi) in enumerate(ranges):
            found = first_found if i == 0 else search(lo, hi)
            if found:
                sizes.update(fetch_sizes(client, found))
                yield from plan_batches(found, sizes, account.max_message_size)

    batches: Iterable[list[int]]
    if len(ranges) > 1:
        first_span = ranges[0][1] - ranges[0][0] + 1
        expected = len(first_found) * (uid_to - last_uid) // first_span
        batches, workers, known = planned(), workers_for(expected), None
    else:
        batches = known = list(planned())
        workers = workers_for(result.candidates)
    report_progress(progress, account.name, spec.name, "fetch", 0, result.candidates)
    auth_ids = effective_ids(account, store)

    def fetch(uids: list[int]) -> dict[int, tuple[bytes, dict[str, Any]]]:
        dates: dict[int, datetime] = {}  # INTERNALDATE: the date of a mail whose own Date is unreadable
        raws = fetch_batch(client, uids, sizes, account.max_message_size, dates)
        return {uid: (raw, {"partial": sizes.get(uid, 0) > account.max_message_size, "fallback_date": dates.get(uid)})
                for uid, raw in raws.items()}

    options = {"trusted_forwarders": account.trusted_forwarders, "trusted_authserv_ids": auth_ids,
               "strict": account.strict_authentication}
    done = Checkpoint(account.name, spec.name, uidvalidity, max(uid_to, last_uid), modseq)
    stored_done = False
    pipeline = parsed_batches(batches, fetch, judge_and_pack, options, workers)
    for n, (batch, parsed) in enumerate(pipeline, 1):
        if stopping is not None and stopping.is_set():
            # The batches already fetched are left to the next run: storing them would hold a
            # stopping daemon for seconds. Closing the pipeline stops the fetcher and the workers.
            pipeline.close()
            result.stopped = True
            result.seconds = time.monotonic() - started
            return result
        items = [(packed, MailSource(account.name, spec.name, uid, uidvalidity, spec.junk), parse, auth_source)
                 for uid, _raw, (parse, auth_source, packed) in parsed]
        # Up to this batch's last UID, every candidate is stored by this transaction: the checkpoint
        # never runs ahead of stored mail. The last batch of a planned-ahead list closes the range.
        stored_done = known is not None and n == len(known)
        report = store.ingest(items, now=now, checkpoint=done if stored_done else Checkpoint(
            account.name, spec.name, uidvalidity, batch[-1], old_modseq))
        result.fetched += len(items)
        result.new_mails += report.new_mails
        result.duplicates += report.duplicates
        result.new_events += report.new_events
        report_progress(progress, account.name, spec.name, "fetch", result.fetched, result.candidates)
    if not stored_done:
        store.ingest([], now=now, checkpoint=done)
    result.last_uid = max(uid_to, last_uid)
    _unselect(client)
    result.seconds = time.monotonic() - started
    report_progress(progress, account.name, spec.name, "done", result.fetched, result.candidates)
    return result


def _unselect(client: imapclient.IMAPClient) -> None:
    if getattr(client._imap, "state", None) != "SELECTED":
        return
    if client.has_capability("UNSELECT"):
        client.unselect_folder()
    else:  # CLOSE on a mailbox opened with EXAMINE expunges nothing (RFC 3501 6.4.2)
        client.close_folder()


def _highest_uid(client: imapclient.IMAPClient) -> int:
    """For servers without UIDNEXT in EXAMINE: the UID of the last message (0 when empty)."""
    return max(client.search(["UID", "*"]), default=0)


def _status_items(client: imapclient.IMAPClient) -> list[bytes]:
    return [b"UIDNEXT", b"UIDVALIDITY"] + ([b"HIGHESTMODSEQ"] if client.has_capability("CONDSTORE") else [])


def early_statuses(client: imapclient.IMAPClient, folders: Iterable[FolderRecord]) -> dict[str, dict[bytes, Any]]:
    """STATUS of the folders synced before, asked right after login, before LIST: Dovecot answers a
    STATUS that follows a LIST by reading the mailbox again (0.4 s for a million messages, on every
    poll), one that precedes it from its index (1 ms). A folder the server refuses (gone, renamed) is
    left to the LIST and the folder's own sync."""
    out = {}
    for record in folders:
        if record.checkpoint is None:
            continue
        try:
            out[record.name] = client.folder_status(record.name, _status_items(client))
        except IMAPClientAbortError:  # the connection itself failed: sync_account's handling
            raise
        except IMAPClientError:
            continue
    return out


def _register(store: Store, account: Account, specs: list[FolderSpec], folders: Sequence[FolderRecord]) -> None:
    known = {f.name: f.is_junk for f in folders}
    if not known:
        store.register_account(account.name)
    for spec in specs:
        if known.get(spec.name) != spec.junk:
            store.register_folder(account.name, spec.name, spec.junk)


def _logout(client: imapclient.IMAPClient | None) -> None:
    if client is None:
        return
    try:
        client.logout()
    except Exception:  # noqa: BLE001 - the connection may already be gone
        with contextlib.suppress(Exception):
            client.shutdown()


def sync_account(account: Account, store: Store, *, now: datetime, progress: ProgressCallback | None = None,
                 connect_fn: Callable[[Account], imapclient.IMAPClient] = connect,
                 retries: int = 1, log_failures: bool = True,
                 stopping: threading.Event | None = None) -> AccountResult:
    """Connect, find the folders (inbox + junk), sync each; never raises for IMAP/store problems.

    A connection lost mid-way is re-opened up to ``retries`` times and the folder resumes from
    its checkpoint (the interrupted batch is fetched again). A folder the server refuses fails
    alone; the other folders are still synced.
    """
    from store.db import StoreError

    result = AccountResult(account.name)
    started = time.monotonic()
    client = None
    attempts_left = retries
    deadline = Deadline(account.sync_timeout).start()

    def open_client() -> imapclient.IMAPClient:
        opened = connect_fn(account)
        deadline.watch(opened)
        return opened

    try:
        report_progress(progress, account.name, "", "connect")
        client = open_client()
        known = store.folders(account.name)
        statuses = early_statuses(client, known)
        specs = folders_to_sync(client, account)
        _register(store, account, specs, known)
        try:
            learn_if_needed(client, account, store)
        except IMAPClientError as exc:  # learning is best effort; the sync goes on
            log.info("%s: could not sample recent mail to learn the authserv-id (%s)", account.name, error_text(exc))
        for spec in specs:
            if stopping is not None and stopping.is_set():
                break
            while True:
                try:
                    result.folders.append(sync_folder(client, account, spec, store, now=now, progress=progress,
                                                      stopping=stopping, status=statuses.pop(spec.name, None)))
                    break
                except CONNECTION_ERRORS as exc:
                    if attempts_left <= 0 or cut_reason(client) or deadline.expired:
                        raise
                    attempts_left -= 1
                    log.warning("%s: connection lost while syncing %s (%s); reconnecting", account.name,
                                spec.name, error_text(exc))
                    _logout(client)
                    client = None
                    client = open_client()
                except IMAPClientError as exc:
                    result.folders.append(FolderResult(spec.name, spec.junk, failure=folder_failure(
                        spec.name, exc, "junk_folder" if spec.junk and account.junk_folder else "folders")))
                    if log_failures:
                        log.warning("%s: %s", account.name, result.folders[-1].failure.line())
                    break
    except ImapError as exc:
        result.failure = SyncFailure(exc.what, exc.fix)
    except StoreError as exc:
        result.failure = SyncFailure(Msg("store failed in sync", error=exc), "")
    except CONNECTION_ERRORS as exc:
        if (why := cut_reason(client)) and not deadline.expired:
            result.failure = SyncFailure(Msg("cut off", where=f"{account.host}:{account.port}", why=why),
                                         Msg("cut off fix"))
        elif deadline.expired:
            result.failure = SyncFailure(
                Msg("sync timeout", where=f"{account.host}:{account.port}", seconds=account.sync_timeout),
                Msg("sync timeout fix"))
        else:
            result.failure = SyncFailure(Msg("connection lost", where=f"{account.host}:{account.port}",
                                             detail=error_text(exc)), Msg("connection lost fix"))
    except (IMAPClientError, imaplib.IMAP4.error) as exc:
        result.failure = SyncFailure(Msg("server unexpected", detail=error_text(exc)), Msg("server unexpected fix"))
    finally:
        deadline.cancel()
        _logout(client)
        result.seconds = time.monotonic() - started
    if result.failure and log_failures:
        log.warning("account %s: %s", account.name, result.failure.line())
    return result


def sync_all(config: Config, store: Store, *, now: datetime, progress: ProgressCallback | None = None,
             log_failures: bool = True) -> list[AccountResult]:
    """``sync_account`` for every account, each in its own thread; a failure never stops the others,
    and a server that hangs even before its deadline can be enforced (e.g. in its greeting) is
    given up on after its ``sync_timeout`` (plus a grace): this returns within the longest deadline.

    ``log_failures=False``: the caller reports each ``failure_line()`` itself (`orders poll`), once.
    """
    slots: dict[str, AccountResult] = {}

    def work(account: Account) -> None:
        try:
            slots[account.name] = sync_account(account, store, now=now, progress=progress,
                                               log_failures=log_failures)
        except Exception as exc:  # noqa: BLE001 - a bug in one account's sync must not hide the others
            # The traceback goes to the log; with log_failures=False only under -v (the caller says the rest).
            (log.exception if log_failures else log.debug)("account %s: unexpected error", account.name,
                                                           exc_info=True)
            slots[account.name] = AccountResult(account.name, failure=SyncFailure(
                Msg("unexpected", name=type(exc).__name__, detail=error_text(exc)), Msg("unexpected sync fix")))

    threads = [(a, threading.Thread(target=work, args=(a,), name=f"sync:{a.name}", daemon=True))
               for a in config.accounts]
    started = time.monotonic()
    for _, thread in threads:
        thread.start()
    for account, thread in threads:
        thread.join(max(0.0, account.sync_timeout + GRACE - (time.monotonic() - started)))
    results = []
    for account, _ in threads:
        if account.name in slots:
            results.append(slots[account.name])
        else:  # still hanging (a daemon thread: it dies with the process)
            results.append(AccountResult(account.name, seconds=time.monotonic() - started, failure=SyncFailure(
                Msg("sync timeout", where=f"{account.host}:{account.port}", seconds=account.sync_timeout),
                Msg("sync timeout fix"))))
    return results
