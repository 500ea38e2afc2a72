"""The store: mail, events, sync checkpoints and alerts behind one ``Store`` class.

Every datetime going in must be timezone-aware (a naive one raises ValueError); every datetime
coming out is aware (UTC, except ``SourcedEvent.at``, which keeps the mail's own offset).
Failures of the database or the disk raise ``StoreError`` with one line saying what to do; a
failed call writes nothing (each writing method is one transaction).

Opening
    ``Store.open(url=None) -> Store`` — see ``store.db`` for URLs and SQLite file modes; migrates
    the schema to the newest revision first. ``close()``; ``with Store.open(...) as store:``.

Mail
    ``ingest(items, *, now, checkpoint=None) -> IngestReport`` — ``items`` are
    ``(raw, MailSource, ParseResult)``; one transaction together with the folder checkpoint, so the
    checkpoint never runs ahead of stored mail. Idempotent: a mail is identified by its Message-ID,
    or by the SHA-256 of its raw bytes when it has none; a mail seen again (again, in another folder,
    in Gmail's All Mail, in a re-import) adds only a row to its locations. ``in_junk`` is sticky:
    True once any copy was seen in a junk folder (the user may never have seen that copy; the
    ``mail_in_spam`` alert can be acknowledged). The first copy's parse result is kept; ``reparse``
    re-derives it. ``now`` is recorded as first_seen_at / the sighting time / last_sync_at. A
    checkpoint for an unknown account or folder registers it. A Message-ID too long to index
    (hostile mail) is deduped by its hash and stored cut to ``MAX_INDEXED_BYTES``.
    An event whose ``at`` is unreadable is stored at the mail's date (else ``now``); a naive one
    is taken as UTC.
    ``locations(mail_id) -> list[MailSource]`` — every place the mail was seen.
    ``mails(status=None) -> list[StoredMail]`` (e.g. ``"unrecognized"``), ``raw_mail(id) -> bytes``.
    ``raw_batches(batch_size=200)`` yields ``[(mail_id, raw, MailSource)]`` for ``orders reparse``;
    ``replace_parse(mail_id, result, now=None)`` / ``replace_parses(pairs, now=None)`` replace a
    mail's parse result and events in one transaction (the mail's identity is unchanged).

Orders
    ``order_events(as_of=None, order_ids=None) -> dict[order_id, list[SourcedEvent]]`` — sorted by
    time; only events with ``at <= as_of``; never events of a suspicious mail (phishing never changes
    a timeline). A mail found in junk shows as ``SourcedEvent.mail.in_junk``. ``order_ids(as_of=None)``.
    ``suspicious_mails(as_of=None) -> list[SuspiciousMail]`` (as_of compares the mail's Date, or when
    it was first seen if that is earlier: a forged future Date cannot hide it).

Sync state
    ``register_account(name)``, ``register_folder(account, name, is_junk)`` (idempotent),
    ``get_checkpoint(account, folder) -> Checkpoint | None`` (None until the first checkpoint),
    ``reset_folder(account, folder, uidvalidity)`` after a UIDVALIDITY change: last_uid 0, no
    modseq, the folder's old-UIDVALIDITY locations forgotten (the mails stay; dedupe prevents
    duplicates on the rescan). ``folders(account=None) -> list[FolderRecord]``.

Alerts
    ``reconcile_alerts(specs, now) -> ReconcileReport`` — one row per (kind, order_id, subject_key):
    a new key is inserted (first_seen_at=now); an active one takes the spec's severity, dates, texts
    and facts; an active one missing from ``specs`` is resolved (resolved_at=now); a resolved one
    that comes back is reopened in the same row as a fresh alert (first_seen_at=now, ack, last
    notification and deliveries cleared, so it is announced again). Acknowledgement survives updates.
    ``alerts(active_only=True, order_id=None) -> list[AlertRecord]`` (most severe first),
    ``ack(order_id, kind=None, now) -> int`` (active, not yet acknowledged alerts of that order;
    ``order_id=None`` targets alerts without an order), ``record_delivery(alert_id, channel, now,
    severity)`` — upserts the (alert, channel) delivery and sets the alert's last_notified_at.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Text,
    and_,
    case,
    cast,
    delete,
    false,
    insert,
    or_,
    select,
    type_coerce,
    update,
)

from parsers.events import Event, ParseResult
from store import db, lease, migrations
from store.db import StoreError
from store.lease import Lease
from store.model import (
    SEVERITY_RANK,
    AlertRecord,
    AlertSpec,
    Delivery,
    MailRef,
    MailSource,
    SourcedEvent,
    SuspiciousMail,
)
from store.schema import accounts, alert_deliveries, alerts, events, folders, mail_locations, mails

__all__ = ["Checkpoint", "FolderRecord", "IngestReport", "ReconcileReport", "Store", "StoreError", "StoredMail"]

CHUNK = 500  # bound on IN (...) lists and on rows per INSERT statement
MAX_INDEXED_BYTES = 1000  # longest text written to an indexed column from a mail
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """How far a folder has been stored. ``synced_at`` is filled on read, ignored on write."""

    account: str
    folder: str
    uidvalidity: int
    last_uid: int
    highestmodseq: int | None = None
    synced_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FolderRecord:
    account: str
    name: str
    is_junk: bool
    checkpoint: Checkpoint | None


@dataclass(frozen=True, slots=True)
class IngestReport:
    new_mails: int = 0
    duplicates: int = 0
    new_events: int = 0
    new_mail_ids: tuple[int, ...] = ()
    statuses: dict[str, int] = field(default_factory=dict)  # status → count, new mails only


@dataclass(frozen=True, slots=True)
class ReconcileReport:
    new: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    resolved: tuple[int, ...] = ()
    reopened: tuple[int, ...] = ()
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class StoredMail:
    """A stored mail with what parsing said about it (``orders unrecognized``, ``orders show``)."""

    ref: MailRef
    reason: str | None
    error: str | None
    parser: str | None
    parser_version: str | None
    order_ids: tuple[str, ...]
    forwarded_by: str | None
    raw_size: int
    first_seen_at: datetime
    path: str | None


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value.isoformat()}")
    return value


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def _chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _guarded(action: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Public methods raise StoreError (one line) instead of driver / OS errors."""

    def decorate(method: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(method)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return method(*args, **kwargs)
            except StoreError:
                raise
            except Exception as exc:
                if not db.is_database_error(exc):
                    raise
                store: Store = args[0]  # type: ignore[assignment]
                raise db.error_from(exc, store.where, action, store._secret, store._path) from exc

        return wrapper

    return decorate


def _dialect_insert(conn: Connection, table: Any) -> Any:
    # Imported on use: the PostgreSQL dialect costs ~35 ms of every start-up on SQLite.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


class Store:
    """See the module docstring for the API."""

    def __init__(self, engine: Engine, where: str, secret: str | None = None, path: Path | None = None) -> None:
        self.engine = engine
        self.where = where  # how errors name this store (no password)
        self._secret = secret
        self._path = path

    # ---- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        parsed = db.parse_url(url)
        path = db.sqlite_file(parsed)
        where = db.describe(parsed)
        if path is not None:
            db.prepare_sqlite_file(path, private_dir=url is None)
        store = cls(db.make_engine(parsed), where, parsed.password, path)
        try:
            store._migrate()
        except BaseException:
            store.close()
            raise
        return store

    @_guarded("opening")
    def _migrate(self) -> None:
        with self.engine.connect() as conn:
            current = migrations.current_revision(conn)
            conn.rollback()
        if current == migrations.HEAD:
            return
        with db.write_transaction(self.engine) as conn:
            current = migrations.current_revision(conn)  # another process may have migrated meanwhile
            if current == migrations.HEAD:
                return
            if current is not None and current not in migrations.known_revisions():
                raise StoreError(f"the store {self.where} has schema revision {current}, newer than this "
                                 "version of orders knows — upgrade orders")
            migrations.upgrade(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- ingest --------------------------------------------------------------------------------

    @_guarded("ingest")
    def ingest(
        self,
        items: Sequence[tuple[bytes, MailSource, ParseResult] | tuple[bytes, MailSource, ParseResult, str]],
        *,
        now: datetime,
        checkpoint: Checkpoint | None = None,
    ) -> IngestReport:
        _aware(now, "now")
        prepared = [_prepare(item[0], item[1], item[2], now, item[3] if len(item) > 3 else None)  # type: ignore[misc]
                    for item in items]
        junk_keys = {p.key for p in prepared if p.source.in_junk}
        with db.write_transaction(self.engine) as conn:
            ids = self._existing_ids(conn, list({p.key for p in prepared}))
            fresh: dict[str, _Prepared] = {}
            for p in prepared:
                if p.key not in ids and p.key not in fresh:
                    fresh[p.key] = p
            new_ids = self._insert_mails(conn, list(fresh.values()), junk_keys)
            ids.update(new_ids)
            event_rows = [dict(row, mail_id=new_ids[key]) for key, p in fresh.items() for row in p.event_rows]
            for chunk in _chunks(event_rows):
                conn.execute(insert(events), list(chunk))
            self._insert_locations(conn, [(ids[p.key], p) for p in prepared], now)
            old_junk = [ids[k] for k in junk_keys if k not in fresh]
            for chunk in _chunks(old_junk):
                conn.execute(update(mails).where(mails.c.id.in_(chunk), mails.c.in_junk == false())
                             .values(in_junk=True))
            if checkpoint is not None:
                _write_checkpoint(conn, checkpoint, now)
        statuses: dict[str, int] = {}
        for p in fresh.values():
            statuses[p.result.status] = statuses.get(p.result.status, 0) + 1
        return IngestReport(
            new_mails=len(fresh),
            duplicates=len(prepared) - len(fresh),
            new_events=len(event_rows),
            new_mail_ids=tuple(new_ids[k] for k in fresh),
            statuses=statuses,
        )

    @staticmethod
    def _existing_ids(conn: Connection, keys: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(keys):
            rows = conn.execute(select(mails.c.dedupe_key, mails.c.id).where(mails.c.dedupe_key.in_(chunk)))
            found.update({key: mail_id for key, mail_id in rows})
        return found

    @staticmethod
    def _insert_mails(conn: Connection, fresh: list[_Prepared], junk_keys: set[str]) -> dict[str, int]:
        new_ids: dict[str, int] = {}
        for chunk in _chunks(fresh):
            rows = [dict(p.mail_row, in_junk=p.key in junk_keys) for p in chunk]
            result = conn.execute(
                insert(mails).returning(mails.c.dedupe_key, mails.c.id), rows
            )
            new_ids.update({key: mail_id for key, mail_id in result})
        return new_ids

    @staticmethod
    def _insert_locations(conn: Connection, sightings: list[tuple[int, _Prepared]], now: datetime) -> None:
        rows = {}
        for mail_id, p in sightings:
            if p.location_key is not None:
                rows[(mail_id, p.location_key)] = _location_row(mail_id, p, now)
        for chunk in _chunks(list(rows.values())):
            stmt = _dialect_insert(conn, mail_locations).on_conflict_do_nothing(
                index_elements=["mail_id", "location_key"]
            )
            conn.execute(stmt, list(chunk))

    @_guarded("reading mail locations")
    def locations(self, mail_id: int) -> list[MailSource]:
        c = mail_locations.c
        with self.engine.begin() as conn:
            rows = conn.execute(select(c.account, c.folder, c.uid, c.uidvalidity, c.in_junk, c.path)
                                .where(c.mail_id == mail_id).order_by(c.id))
            return [MailSource(r.account, r.folder, r.uid, r.uidvalidity, r.in_junk, r.path) for r in rows]

    # ---- sync state ----------------------------------------------------------------------------

    @_guarded("registering an account")
    def register_account(self, name: str) -> None:
        with db.write_transaction(self.engine) as conn:
            _account_id(conn, name)

    @_guarded("registering a folder")
    def register_folder(self, account: str, name: str, is_junk: bool) -> None:
        with db.write_transaction(self.engine) as conn:
            folder_id = _folder_id(conn, _account_id(conn, account), name)
            conn.execute(update(folders).where(folders.c.id == folder_id).values(is_junk=is_junk))

    @_guarded("reading a checkpoint")
    def get_checkpoint(self, account: str, folder: str) -> Checkpoint | None:
        found = [f.checkpoint for f in self.folders(account) if f.name == folder]
        return found[0] if found else None

    @_guarded("listing folders")
    def folders(self, account: str | None = None) -> list[FolderRecord]:
        f = folders.c
        query = select(accounts.c.name.label("account"), f.name, f.is_junk, f.uidvalidity, f.last_uid,
                       f.highestmodseq, f.last_sync_at).join(accounts, accounts.c.id == f.account_id)
        if account is not None:
            query = query.where(accounts.c.name == account)
        with self.engine.begin() as conn:
            rows = conn.execute(query.order_by(accounts.c.name, f.name)).all()
        out = []
        for r in rows:
            checkpoint = None
            if r.uidvalidity is not None:
                checkpoint = Checkpoint(r.account, r.name, r.uidvalidity, r.last_uid or 0, r.highestmodseq,
                                        r.last_sync_at)
            out.append(FolderRecord(r.account, r.name, r.is_junk, checkpoint))
        return out

    @_guarded("resetting a folder")
    def reset_folder(self, account: str, folder: str, uidvalidity: int) -> None:
        with db.write_transaction(self.engine) as conn:
            folder_id = _folder_id(conn, _account_id(conn, account), folder)
            conn.execute(update(folders).where(folders.c.id == folder_id)
                         .values(uidvalidity=uidvalidity, last_uid=0, highestmodseq=None))
            c = mail_locations.c
            conn.execute(delete(mail_locations).where(
                c.account == account, c.folder == folder, or_(c.uidvalidity != uidvalidity, c.uidvalidity.is_(None))
            ))

    # ---- orders --------------------------------------------------------------------------------

    @_guarded("reading order events")
    def order_events(
        self, as_of: datetime | None = None, order_ids: Iterable[str] | None = None
    ) -> dict[str, list[SourcedEvent]]:
        # The hot path of `orders status`: raw column values (no per-row type processing), one
        # MailRef per mail, Events built straight from their columns.
        m, e = mails.c, events.c
        query = (select(e.mail_id, m.message_id, m.account, m.folder, m.in_junk, type_coerce(m.date, Text),
                        m.subject, m.from_addr, m.authenticity, m.status, *_EVENT_SELECT)
                 .join(mails, m.id == e.mail_id)
                 .where(_believed())
                 .order_by(e.at, e.mail_id, e.seq))
        if as_of is not None:
            query = query.where(events.c.at <= _aware(as_of, "as_of"))
        wanted = None if order_ids is None else sorted(set(order_ids))
        parts = [query] if wanted is None else [query.where(events.c.order_id.in_(c)) for c in _chunks(wanted)]
        with _paused_gc():
            with self.engine.begin() as conn:
                rows = [row for part in parts for row in conn.execute(part).all()]
            return self._group_events(rows)

    @staticmethod
    def _group_events(rows: Sequence[Any]) -> dict[str, list[SourcedEvent]]:
        refs: dict[int, MailRef] = {}
        out: dict[str, list[SourcedEvent]] = {}
        for row in rows:
            mail_id = row[0]
            ref = refs.get(mail_id)
            if ref is None:
                ref = refs[mail_id] = MailRef(mail_id, row[1], row[2], row[3], bool(row[4]), _utc_value(row[5]),
                                              row[6], row[7], row[8], row[9])
            event = _event_from_row(row[10:])
            out.setdefault(event.order_id, []).append(SourcedEvent(event, datetime.fromisoformat(event.at), ref))
        return out

    @_guarded("listing orders")
    def order_ids(self, as_of: datetime | None = None) -> list[str]:
        query = (select(events.c.order_id).distinct().join(mails, mails.c.id == events.c.mail_id)
                 .where(_believed()))
        if as_of is not None:
            query = query.where(events.c.at <= _aware(as_of, "as_of"))
        with self.engine.begin() as conn:
            return sorted(conn.execute(query).scalars())

    @_guarded("listing suspicious mail")
    def suspicious_mails(self, as_of: datetime | None = None) -> list[SuspiciousMail]:
        # When the mail arrived: its Date, unless that is later than when we first saw it (a forged
        # future Date must not hide a phishing mail from an as_of evaluation).
        m = mails.c
        seen = case((and_(m.date.is_not(None), m.date < m.first_seen_at), m.date), else_=m.first_seen_at)
        query = (select(mails.c.order_ids, mails.c.reason, *_MAILREF_COLUMNS)
                 .where(or_(mails.c.suspicious.is_(True), mails.c.status == "suspicious"))
                 .order_by(seen, mails.c.id))
        if as_of is not None:
            query = query.where(seen <= _aware(as_of, "as_of"))
        with self.engine.begin() as conn:
            rows = conn.execute(query).all()
        return [SuspiciousMail(mail=_mail_ref(r), order_ids=tuple(r.order_ids or ()), reason=r.reason) for r in rows]

    # ---- mail listing, raw bytes, reparse ------------------------------------------------------

    @_guarded("listing mail")
    def mails(self, status: str | None = None) -> list[StoredMail]:
        m = mails.c
        query = select(m.reason, m.error, m.parser, m.parser_version, m.order_ids, m.forwarded_by, m.raw_size,
                       m.first_seen_at, m.path, *_MAILREF_COLUMNS).order_by(m.id)
        if status is not None:
            query = query.where(m.status == status)
        with self.engine.begin() as conn:
            rows = conn.execute(query).all()
        return [
            StoredMail(ref=_mail_ref(r), reason=r.reason, error=r.error, parser=r.parser,
                       parser_version=r.parser_version, order_ids=tuple(r.order_ids or ()),
                       forwarded_by=r.forwarded_by, raw_size=r.raw_size, first_seen_at=r.first_seen_at, path=r.path)
            for r in rows
        ]

    @_guarded("reading a mail")
    def raw_mail(self, mail_id: int) -> bytes:
        with self.engine.begin() as conn:
            raw = conn.execute(select(mails.c.raw).where(mails.c.id == mail_id)).scalar()
        if raw is None:
            raise StoreError(f"the store {self.where} holds no mail with id {mail_id}")
        try:
            return zlib.decompress(raw)
        except zlib.error as exc:
            raise StoreError(f"mail {mail_id} in the store {self.where} is damaged ({exc}) — run `orders doctor` "
                             "for how to recover the store") from None

    def raw_batches(self, batch_size: int = 200, unreadable: list[tuple[int, str]] | None = None,
                    ) -> Iterator[list[tuple[int, bytes, MailSource]]]:
        """Every stored mail in id order, a batch at a time (safe to write between batches).
        A mail whose stored bytes are damaged is skipped and, with ``unreadable``, named there
        as (mail id, reason); without it, StoreError names it."""
        last = 0
        while True:
            batch, broken = self._raw_batch(last, batch_size)
            if not batch and not broken:
                return
            if broken:
                if unreadable is None:
                    mail_id, why = broken[0]
                    raise StoreError(f"mail {mail_id} in the store {self.where} is damaged ({why})")
                unreadable.extend(broken)
            yield batch
            last = max([m for m, _, _ in batch] + [m for m, _ in broken])

    @_guarded("reading mail")
    def _raw_batch(self, after: int, size: int) -> tuple[list[tuple[int, bytes, MailSource]], list[tuple[int, str]]]:
        m = mails.c
        query = (select(m.id, m.raw, m.account, m.folder, m.uid, m.uidvalidity, m.in_junk, m.path)
                 .where(m.id > after).order_by(m.id).limit(size))
        with self.engine.begin() as conn:
            rows = conn.execute(query).all()
        good, broken = [], []
        for r in rows:
            try:
                raw = zlib.decompress(r.raw)
            except (zlib.error, TypeError) as exc:
                broken.append((r.id, f"its stored bytes do not decompress: {exc}"))
                continue
            good.append((r.id, raw, MailSource(r.account, r.folder, r.uid, r.uidvalidity, r.in_junk, r.path)))
        return good, broken

    @_guarded("taking a lease")
    def try_lease(self, name: str) -> Lease | None:
        """The lease ``name`` (e.g. "account:home", "deliver") for this process, or None when another
        process holds it (``store.lease``)."""
        if self._path is not None:
            return lease.try_file_lease(self._path, name)
        if self.engine.dialect.name == "postgresql":
            return lease.try_advisory_lease(self.engine, name)
        return Lease(name, None)  # an in-memory store is this process's alone

    @_guarded("reading verdicts")
    def stored_verdicts(self, mail_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """mail id → (authenticity, its source) as decided when the mail was first seen."""
        m = mails.c
        out: dict[int, tuple[str, str]] = {}
        with self.engine.begin() as conn:
            for chunk in _chunks(list(mail_ids)):
                for r in conn.execute(select(m.id, m.authenticity, m.auth_source).where(m.id.in_(chunk))):
                    out[r.id] = (r.authenticity, r.auth_source or "none")
        return out

    @_guarded("reading the authserv-id")
    def authserv_id(self, account: str) -> str | None:
        """The receiving server's authserv-id learned for ``account``: None not learned, "" none added."""
        with self.engine.begin() as conn:
            return conn.execute(select(accounts.c.authserv_id).where(accounts.c.name == account)).scalar()

    @_guarded("pinning the authserv-id")
    def pin_authserv_id(self, account: str, authserv_id: str) -> None:
        with db.write_transaction(self.engine) as conn:
            account_id = _account_id(conn, account)
            conn.execute(update(accounts).where(accounts.c.id == account_id).values(authserv_id=authserv_id))

    def replace_parse(self, mail_id: int, result: ParseResult, now: datetime | None = None) -> int:
        """Replace one mail's parse result and events; returns the number of events now stored."""
        return self.replace_parses([(mail_id, result)], now)

    @_guarded("reparse")
    def replace_parses(self, pairs: Sequence[tuple[int, ParseResult]], now: datetime | None = None) -> int:
        now = datetime.now(UTC) if now is None else _aware(now, "now")
        total = 0
        with db.write_transaction(self.engine) as conn:
            for mail_id, result in pairs:
                row = conn.execute(select(mails.c.date).where(mails.c.id == mail_id)).first()
                if row is None:
                    raise StoreError(f"the store {self.where} holds no mail with id {mail_id}")
                values = _parse_columns(result, now)
                conn.execute(update(mails).where(mails.c.id == mail_id).values(values))
                conn.execute(delete(events).where(events.c.mail_id == mail_id))
                rows = [dict(r, mail_id=mail_id) for r in _event_rows(result, values["date"] or row.date or now)]
                if rows:
                    conn.execute(insert(events), rows)
                total += len(rows)
        return total

    # ---- alerts --------------------------------------------------------------------------------

    @_guarded("updating alerts")
    def reconcile_alerts(self, specs: Sequence[AlertSpec], now: datetime) -> ReconcileReport:
        _aware(now, "now")
        wanted: dict[tuple[str, str, str], dict[str, Any]] = {}
        for spec in specs:
            key = (spec.kind, spec.order_id or "", spec.subject_key or "")
            if key in wanted and SEVERITY_RANK[wanted[key]["severity"]] >= SEVERITY_RANK[spec.severity]:
                continue
            wanted[key] = _spec_values(spec)
        new: list[int] = []
        updated: list[int] = []
        resolved: list[int] = []
        reopened: list[int] = []
        unchanged = 0
        a = alerts.c
        with db.write_transaction(self.engine) as conn:
            existing = {(r.kind, r.order_id, r.subject_key): r for r in conn.execute(select(alerts))}
            for key, values in wanted.items():
                row = existing.get(key)
                if row is None:
                    new_id = conn.execute(insert(alerts).values(
                        kind=key[0], order_id=key[1], subject_key=key[2], first_seen_at=now, updated_at=now, **values
                    ).returning(a.id)).scalar_one()
                    new.append(new_id)
                elif row.resolved_at is not None:
                    conn.execute(update(alerts).where(a.id == row.id).values(
                        resolved_at=None, acknowledged_at=None, last_notified_at=None, first_seen_at=now,
                        updated_at=now, **values))
                    conn.execute(delete(alert_deliveries).where(alert_deliveries.c.alert_id == row.id))
                    reopened.append(row.id)
                elif any(getattr(row, name) != value for name, value in values.items()):
                    conn.execute(update(alerts).where(a.id == row.id).values(updated_at=now, **values))
                    updated.append(row.id)
                else:
                    unchanged += 1
            gone = [r.id for key, r in existing.items() if r.resolved_at is None and key not in wanted]
            for chunk in _chunks(gone):
                conn.execute(update(alerts).where(a.id.in_(chunk)).values(resolved_at=now, updated_at=now))
            resolved.extend(gone)
        return ReconcileReport(tuple(new), tuple(updated), tuple(resolved), tuple(reopened), unchanged)

    @_guarded("reading alerts")
    def alerts(self, active_only: bool = True, order_id: str | None = None) -> list[AlertRecord]:
        query = select(alerts)
        if active_only:
            query = query.where(alerts.c.resolved_at.is_(None))
        if order_id is not None:
            query = query.where(alerts.c.order_id == order_id)
        with self.engine.begin() as conn:
            rows = conn.execute(query).all()
            deliveries: dict[int, list[Delivery]] = {}
            ids = [r.id for r in rows]
            d = alert_deliveries.c
            for chunk in _chunks(ids):
                for r in conn.execute(select(alert_deliveries).where(d.alert_id.in_(chunk)).order_by(d.channel)):
                    deliveries.setdefault(r.alert_id, []).append(Delivery(r.channel, r.last_sent_at, r.severity))
        records = [_alert_record(r, deliveries.get(r.id, ())) for r in rows]
        records.sort(key=lambda rec: (rec.resolved_at is not None, -SEVERITY_RANK[rec.severity], rec.raised_at, rec.id))
        return records

    @_guarded("acknowledging alerts")
    def ack(self, order_id: str | None, kind: str | None = None, *, now: datetime) -> int:
        _aware(now, "now")
        a = alerts.c
        stmt = update(alerts).where(a.order_id == (order_id or ""), a.resolved_at.is_(None), a.acknowledged_at.is_(None))
        if kind is not None:
            stmt = stmt.where(a.kind == kind)
        with db.write_transaction(self.engine) as conn:
            return conn.execute(stmt.values(acknowledged_at=now, updated_at=now)).rowcount

    @_guarded("recording a notification")
    def record_delivery(self, alert_id: int, channel: str, now: datetime, severity: str) -> None:
        _aware(now, "now")
        with db.write_transaction(self.engine) as conn:
            if conn.execute(update(alerts).where(alerts.c.id == alert_id).values(last_notified_at=now)).rowcount == 0:
                raise StoreError(f"the store {self.where} holds no alert with id {alert_id}")
            stmt = _dialect_insert(conn, alert_deliveries).values(
                alert_id=alert_id, channel=channel, last_sent_at=now, severity=severity)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=["alert_id", "channel"], set_={"last_sent_at": now, "severity": severity}))


# ---- row building (no I/O) ---------------------------------------------------------------------

_MAILREF_COLUMNS = (
    mails.c.id.label("ref_id"), mails.c.message_id, mails.c.account, mails.c.folder, mails.c.in_junk, mails.c.date,
    mails.c.subject, mails.c.from_addr, mails.c.authenticity, mails.c.status,
)


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Building tens of thousands of acyclic objects: the cyclic GC's passes cost ~20% and find nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _utc_value(value: str | datetime | None) -> datetime | None:
    """A UTCDateTime column read without its type processing (SQLite: text; PostgreSQL: datetime)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Event fields with a column of their own in ``events`` (``at`` is ``at_local``); any other field
# of Event goes to ``extra``. Extending Event needs no migration; a later one may add columns.
_EVENT_COLUMNS = ("kind", "order_id", "market", "seller", "seller_name", "payment_method", "amount", "currency",
                  "carrier", "tracking_number", "items", "estimated_delivery", "note")
_EVENT_SELECT = (
    events.c.kind, events.c.order_id, events.c.at_local, events.c.market, events.c.seller, events.c.seller_name,
    events.c.payment_method, events.c.amount, events.c.currency, events.c.carrier, events.c.tracking_number,
    # JSON as text on both backends: one raw_decode beats psycopg's per-value json loader.
    cast(events.c["items"], Text), events.c.estimated_delivery, events.c.note, cast(events.c.extra, Text),
)


_decode_json = json.JSONDecoder().raw_decode  # json.loads minus its whitespace handling: we wrote the text


def _json_value(value: Any) -> Any:
    """A JSON column read without type processing (SQLite: text; PostgreSQL: already decoded)."""
    return _decode_json(value)[0] if isinstance(value, str) else value


def _event_from_row(row: Sequence[Any]) -> Event:
    (kind, order_id, at_local, market, seller, seller_name, payment_method, amount, currency, carrier,
     tracking_number, items, estimated_delivery, note, extra) = row
    event = Event(kind=kind, order_id=order_id, at=at_local, market=market, seller=seller, seller_name=seller_name,
                  payment_method=payment_method, amount=amount, currency=currency, carrier=carrier,
                  tracking_number=tracking_number, items=tuple(_json_value(items) or ()),
                  estimated_delivery=estimated_delivery, note=note)
    extra = _json_value(extra)
    if extra:  # fields of a newer Event; ones this Event does not know are dropped
        event = replace(event, **{k: v for k, v in extra.items() if k in Event.__dataclass_fields__})
    return event


def _event_columns(event: Event) -> dict[str, Any]:
    fields = event.to_dict()
    row = {name: fields.pop(name) for name in _EVENT_COLUMNS}
    row["items"] = row["items"] or None
    row["at_local"] = fields.pop("at")
    row["extra"] = fields or None
    return row


def _believed() -> Any:
    """Mails whose events may shape a timeline."""
    return and_(mails.c.suspicious == false(), mails.c.status != "suspicious")


def _mail_ref(row: Any) -> MailRef:
    return MailRef(mail_id=row.ref_id, message_id=row.message_id, account=row.account, folder=row.folder,
                   in_junk=row.in_junk, date=row.date, subject=row.subject, from_addr=row.from_addr,
                   authenticity=row.authenticity, status=row.status)


@dataclass(slots=True)
class _Prepared:
    key: str
    source: MailSource
    result: ParseResult
    mail_row: dict[str, Any]
    event_rows: list[dict[str, Any]]
    location_key: str | None


def _prepare(raw: bytes, source: MailSource, result: ParseResult, now: datetime,
             auth_source: str | None = None) -> _Prepared:
    """Everything about one item that needs no database: hashing and compression happen here."""
    content_hash = hashlib.sha256(raw).hexdigest()
    full_id = (result.message_id or "").strip()
    key = _bounded_key("mid", full_id) if full_id else f"sha256:{content_hash}"
    # No real Message-ID is longer than a header line (998 octets); a hostile one is cut so that
    # its index entry fits (PostgreSQL refuses btree entries over ~2.7 kB). Dedupe uses ``key``.
    message_id = full_id.encode()[:MAX_INDEXED_BYTES].decode(errors="ignore") or None
    parse = _parse_columns(result, now)
    row = dict(
        parse, dedupe_key=key, message_id=message_id, content_hash=content_hash, account=source.account,
        folder=source.folder, uid=source.uid, uidvalidity=source.uidvalidity, path=source.path,
        raw=zlib.compress(raw, 6), raw_size=len(raw), first_seen_at=now,
        auth_source=auth_source or ("authentication-results" if result.authenticity in ("pass", "fail") else "none"),
    )
    if source.account is not None or source.folder is not None:
        location: str | None = _bounded_key(
            "imap", f"{source.account}/{source.folder}/{source.uidvalidity}/{source.uid}")
    elif source.path is not None:
        location = _bounded_key("file", source.path)
    else:
        location = None
    return _Prepared(key, source, result, row, _event_rows(result, parse["date"] or now), location)


def _bounded_key(kind: str, value: str) -> str:
    """``kind:value``, or ``kind-sha256:<hash of value>`` when that would be too long to index."""
    if len(value.encode()) <= MAX_INDEXED_BYTES - 20:
        return f"{kind}:{value}"
    return f"{kind}-sha256:{hashlib.sha256(value.encode()).hexdigest()}"


def _parse_columns(result: ParseResult, now: datetime) -> dict[str, Any]:
    return dict(
        date=_parse_time(result.date), from_addr=result.from_addr or "", from_name=result.from_name or "",
        subject=result.subject or "", authenticity=result.authenticity, suspicious=bool(result.suspicious),
        status=result.status, reason=result.reason, error=result.error, parser=result.parser,
        parser_version=result.parser_version, order_ids=list(result.order_ids), markets=list(result.markets),
        forwarded_by=result.forwarded_by, parsed_at=now,
    )


def _event_rows(result: ParseResult, fallback_at: datetime) -> list[dict[str, Any]]:
    rows = []
    for seq, event in enumerate(result.events):
        at = _parse_time(event.at)
        if at is None or datetime.fromisoformat(event.at).tzinfo is None:
            # An unreadable or naive time: store a readable, aware one so loading never fails.
            at = at or fallback_at
            event = replace(event, at=at.isoformat())
        rows.append(dict(_event_columns(event), seq=seq, at=at))
    return rows


def _location_row(mail_id: int, p: _Prepared, now: datetime) -> dict[str, Any]:
    s = p.source
    return dict(mail_id=mail_id, location_key=p.location_key, account=s.account, folder=s.folder, uid=s.uid,
                uidvalidity=s.uidvalidity, path=s.path, in_junk=s.in_junk, seen_at=now)


def _account_id(conn: Connection, name: str) -> int:
    found = conn.execute(select(accounts.c.id).where(accounts.c.name == name)).scalar()
    if found is not None:
        return found
    return conn.execute(insert(accounts).values(name=name).returning(accounts.c.id)).scalar_one()


def _folder_id(conn: Connection, account_id: int, name: str) -> int:
    f = folders.c
    found = conn.execute(select(f.id).where(f.account_id == account_id, f.name == name)).scalar()
    if found is not None:
        return found
    return conn.execute(insert(folders).values(account_id=account_id, name=name, is_junk=False)
                        .returning(f.id)).scalar_one()


def _write_checkpoint(conn: Connection, checkpoint: Checkpoint, now: datetime) -> None:
    folder_id = _folder_id(conn, _account_id(conn, checkpoint.account), checkpoint.folder)
    conn.execute(update(folders).where(folders.c.id == folder_id).values(
        uidvalidity=checkpoint.uidvalidity, last_uid=checkpoint.last_uid,
        highestmodseq=checkpoint.highestmodseq, last_sync_at=now,
    ))


def _spec_values(spec: AlertSpec) -> dict[str, Any]:
    """The columns an AlertSpec sets, JSON values as they will read back (for change detection)."""

    def roundtrip(value: Any) -> Any:
        return json.loads(db.json_dumps(value))

    return dict(
        severity=spec.severity, raised_at=_aware(spec.raised_at, "raised_at").astimezone(UTC),
        deadline=None if spec.deadline is None else _aware(spec.deadline, "deadline").astimezone(UTC),
        title=roundtrip(spec.title), message=roundtrip(spec.message), action=roundtrip(spec.action),
        facts=roundtrip(spec.facts),
    )


def _alert_record(row: Any, deliveries: Iterable[Delivery]) -> AlertRecord:
    return AlertRecord(
        id=row.id, kind=row.kind, order_id=row.order_id or None, subject_key=row.subject_key or None,
        severity=row.severity, raised_at=row.raised_at, deadline=row.deadline, title=row.title,
        message=row.message, action=row.action, facts=row.facts, first_seen_at=row.first_seen_at,
        last_notified_at=row.last_notified_at, acknowledged_at=row.acknowledged_at, resolved_at=row.resolved_at,
        deliveries=tuple(deliveries),
    )
