"""Incremental, read-only, spam-aware sync of Amazon mail from IMAP folders into the store.

Per folder the store keeps a checkpoint (UIDVALIDITY, last UID examined, HIGHESTMODSEQ when the
server has CONDSTORE). A folder is synced like this:

1. ``STATUS folder (UIDNEXT UIDVALIDITY [HIGHESTMODSEQ])`` — when UIDVALIDITY is unchanged and
   UIDNEXT shows no new UID, stop: a poll with nothing new costs one STATUS per folder.
2. ``EXAMINE`` (read-only); ``UID SEARCH UID a:b <ASCII Amazon criteria>`` over the new UIDs only
   (plus ``SINCE`` on the first sync, bounded by ``since``), ``b`` = UIDNEXT-1 seen at EXAMINE.
3. ``FETCH RFC822.SIZE`` of the candidates, then ``BODY.PEEK[]`` in batches (≤ 100 mails, ~16 MB);
   mail over ``max_message_size`` is reduced to its text parts (``daemon.service.imap.fetch``).
4. Each batch is parsed and stored in one transaction with the checkpoint of its last UID, so the
   checkpoint never runs ahead of stored mail; a crash repeats at most the batches fetched but not
   yet stored (deduped). A big sync fetches ahead in a thread and parses on every core
   (``daemon.service.fetch_parse``) while the batches are stored in UID order.

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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from imapclient.exceptions import IMAPClientAbortError, IMAPClientError

from daemon.service.authserv import effective_ids, learn_if_needed
from daemon.service.fetch_parse import parsed_batches, workers_for
from daemon.service.imap.connect import ImapError, connect
from daemon.service.imap.fetch import fetch_batch, fetch_sizes, plan_batches, search_candidates
from daemon.service.imap.folders import FolderSpec, folders_to_sync
from daemon.service.imap.guard import Deadline, cut_reason
from daemon.service.logsetup import redact
from store.domain.messages import Msg, localize, word
from store.domain.model import MailSource

if TYPE_CHECKING:
    import imapclient

    from daemon.config import Account, Config
    from store.repository import Store

log = logging.getLogger(__name__)

Phase = Literal["connect", "search", "fetch", "done"]
CONNECTION_ERRORS = (OSError, IMAPClientAbortError, ssl.SSLError, socket.timeout)
GRACE = 5.0  # beyond sync_timeout before `orders poll` gives up waiting on a hung account


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Reported to the optional ``progress`` callback; ``done``/``total`` count candidate mails."""

    account: str
    folder: str
    phase: Phase
    done: int = 0
    total: int = 0


ProgressCallback = Callable[[SyncProgress], None]


@dataclass(frozen=True, slots=True)
class SyncFailure:
    """What went wrong and what to do; never holds a secret."""

    what: str
    fix: str
    folder: str | None = None

    def line(self, lang: str = "en") -> str:
        """"folder 'X': what — fix: …" in ``lang``."""
        what = word("what fix", lang, what=self.what, fix=self.fix) if self.fix else str(localize(self.what, lang))
        # A StoreError already ends with what to do: no second "fix" then.
        return word("in folder", lang, folder=self.folder, text=what) if self.folder else what


@dataclass(slots=True)
class FolderResult:
    folder: str
    junk: bool = False
    examined: bool = False  # False: STATUS showed nothing new (no EXAMINE/SEARCH/FETCH)
    new_uids: int = 0  # size of the new UID range searched
    candidates: int = 0
    fetched: int = 0
    new_mails: int = 0
    duplicates: int = 0
    new_events: int = 0
    rescanned: bool = False  # UIDVALIDITY changed: the folder was read again from the start
    uidvalidity: int | None = None
    last_uid: int | None = None
    seconds: float = 0.0
    failure: SyncFailure | None = None


@dataclass(slots=True)
class AccountResult:
    account: str
    folders: list[FolderResult] = field(default_factory=list)
    failure: SyncFailure | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.failure is None and all(f.failure is None for f in self.folders)

    @property
    def new_mails(self) -> int:
        return sum(f.new_mails for f in self.folders)

    @property
    def new_events(self) -> int:
        return sum(f.new_events for f in self.folders)

    @property
    def failures(self) -> list[SyncFailure]:
        return ([self.failure] if self.failure else []) + [f.failure for f in self.folders if f.failure]

    def failure_line(self, lang: str = "en") -> str:
        """One line per failure: "account NAME: what — fix: …" (empty when ok), in ``lang``."""
        return "\n".join(word("in account", lang, account=self.account, text=f.line(lang)) for f in self.failures)

    def summary(self, lang: str = "en") -> str:
        if self.failure:  # the what and fix: failure_line(), said once by the caller
            return word("sync account failed", lang, account=self.account)
        parts = []
        for f in self.folders:
            label = word("junk folder label", lang, folder=f.folder) if f.junk else f.folder
            if f.failure:
                parts.append(word("sync folder failed", lang, folder=label))
            else:
                key = "sync folder rescanned" if f.rescanned else "sync folder new"
                parts.append(word(key, lang, folder=label, n=f.new_mails, s="s" if f.new_mails != 1 else ""))
        if not parts:
            return word("sync no folders", lang, account=self.account)
        return word("sync account", lang, account=self.account, folders=word("list sep", lang).join(parts))

    def to_dict(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "ok": self.ok,
            "new_mails": self.new_mails,
            "new_events": self.new_events,
            "seconds": round(self.seconds, 3),
            "failure": asdict(self.failure) if self.failure else None,
            "folders": [dict(asdict(f), seconds=round(f.seconds, 3)) for f in self.folders],
        }


def _report(progress: ProgressCallback | None, *args: Any, **kwargs: Any) -> None:
    if progress is None:
        return
    try:
        progress(SyncProgress(*args, **kwargs))
    except Exception:  # noqa: BLE001 - a broken progress display must not break the sync
        log.debug("progress callback failed", exc_info=True)


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


def sync_folder(client: imapclient.IMAPClient, account: Account, folder: FolderSpec | str, store: Store, *,
                now: datetime, progress: ProgressCallback | None = None) -> FolderResult:
    """Sync one folder over an open connection (see the module docstring).

    Raises on IMAP, network or store errors; whatever was stored before stays stored with its
    checkpoint. Runs from, and returns to, the authenticated state (a selected folder is unselected
    first: its STATUS could be stale) — so do not share this connection with an IDLE.
    """
    from store.repository import Checkpoint

    spec = folder if isinstance(folder, FolderSpec) else FolderSpec(folder)
    started = time.monotonic()
    # STATUS of the selected mailbox can be stale (Dovecot answers from the session's view): sync
    # from the authenticated state only.
    _unselect(client)
    result = FolderResult(spec.name, spec.junk)
    checkpoint = store.get_checkpoint(account.name, spec.name)
    condstore = client.has_capability("CONDSTORE")
    items = [b"UIDNEXT", b"UIDVALIDITY"] + ([b"HIGHESTMODSEQ"] if condstore else [])
    status = client.folder_status(spec.name, items)
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

    _report(progress, account.name, spec.name, "search")
    candidates = search_candidates(client, last_uid + 1, uid_to, since=since,
                                   trusted_forwarders=account.trusted_forwarders) if uid_to > last_uid else []
    result.candidates = len(candidates)
    _report(progress, account.name, spec.name, "fetch", 0, len(candidates))
    sizes = fetch_sizes(client, candidates) if candidates else {}
    batches = list(plan_batches(candidates, sizes, account.max_message_size))
    auth_ids = effective_ids(account, store)

    def fetch(uids: list[int]) -> dict[int, tuple[bytes, dict[str, Any]]]:
        dates: dict[int, datetime] = {}  # INTERNALDATE: the date of a mail whose own Date is unreadable
        raws = fetch_batch(client, uids, sizes, account.max_message_size, dates)
        return {uid: (raw, {"partial": sizes.get(uid, 0) > account.max_message_size, "fallback_date": dates.get(uid)})
                for uid, raw in raws.items()}

    options = {"trusted_forwarders": account.trusted_forwarders, "trusted_authserv_ids": auth_ids,
               "strict": account.strict_authentication}
    fetched = parsed_batches(batches, fetch, judge, options, workers_for(len(candidates)))
    for n, (batch, parsed) in enumerate(fetched, 1):
        items = [(raw, MailSource(account.name, spec.name, uid, uidvalidity, spec.junk), result, auth_source)
                 for uid, raw, (result, auth_source) in parsed]
        final = n == len(batches)
        cp = Checkpoint(account.name, spec.name, uidvalidity, max(uid_to, last_uid) if final else batch[-1],
                        modseq if final else old_modseq)
        report = store.ingest(items, now=now, checkpoint=cp)
        result.fetched += len(items)
        result.new_mails += report.new_mails
        result.duplicates += report.duplicates
        result.new_events += report.new_events
        _report(progress, account.name, spec.name, "fetch", result.fetched, len(candidates))
    if not batches:
        store.ingest([], now=now, checkpoint=Checkpoint(account.name, spec.name, uidvalidity,
                                                        max(uid_to, last_uid), modseq))
    result.last_uid = max(uid_to, last_uid)
    _unselect(client)
    result.seconds = time.monotonic() - started
    _report(progress, account.name, spec.name, "done", result.fetched, len(candidates))
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


def _folder_failure(folder: str, exc: BaseException, key: str = "folders") -> SyncFailure:
    text = _short(exc)
    if "NONEXISTENT" in text.upper() or "doesn't exist" in text or "does not exist" in text.lower():
        return SyncFailure(Msg("no such folder", detail=text), Msg("no such folder fix", key=key), folder)
    return SyncFailure(Msg("folder refused", detail=text), Msg("folder refused fix"), folder)


def _short(exc: BaseException) -> str:
    # Mask any registered secret a library might have echoed.
    text = redact(str(exc).replace("\r", " ").replace("\n", " ").strip())
    return text[:300] or type(exc).__name__


def _register(store: Store, account: Account, specs: list[FolderSpec]) -> None:
    known = {f.name: f.is_junk for f in store.folders(account.name)}
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
                 retries: int = 1, log_failures: bool = True) -> AccountResult:
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
        _report(progress, account.name, "", "connect")
        client = open_client()
        specs = folders_to_sync(client, account)
        _register(store, account, specs)
        try:
            learn_if_needed(client, account, store)
        except IMAPClientError as exc:  # learning is best effort; the sync goes on
            log.info("%s: could not sample recent mail to learn the authserv-id (%s)", account.name, _short(exc))
        for spec in specs:
            while True:
                try:
                    result.folders.append(sync_folder(client, account, spec, store, now=now, progress=progress))
                    break
                except CONNECTION_ERRORS as exc:
                    if attempts_left <= 0 or cut_reason(client) or deadline.expired:
                        raise
                    attempts_left -= 1
                    log.warning("%s: connection lost while syncing %s (%s); reconnecting", account.name,
                                spec.name, _short(exc))
                    _logout(client)
                    client = None
                    client = open_client()
                except IMAPClientError as exc:
                    result.folders.append(FolderResult(spec.name, spec.junk, failure=_folder_failure(
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
                                             detail=_short(exc)), Msg("connection lost fix"))
    except (IMAPClientError, imaplib.IMAP4.error) as exc:
        result.failure = SyncFailure(Msg("server unexpected", detail=_short(exc)), Msg("server unexpected fix"))
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
                Msg("unexpected", name=type(exc).__name__, detail=_short(exc)), Msg("unexpected sync fix")))

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
