"""Mail: ingest (dedupe, locations, junk), listing, raw bytes, and reparse."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, false, insert, select, update

from parsers.events import Event, ParseResult
from store import db, states
from store.base import MAX_INDEXED_BYTES, StoreBase, _aware, _chunks, _dialect_insert, _guarded, _parse_time
from store.checkpoints import Checkpoint, _write_checkpoint
from store.db import StoreError
from store.domain.messages import Msg
from store.domain.model import MailRef, MailSource
from store.queries import _MAILREF_COLUMNS, _mail_ref
from store.schema import events, mail_locations, mails


@dataclass(frozen=True, slots=True)
class IngestReport:
    new_mails: int = 0
    duplicates: int = 0
    new_events: int = 0
    new_mail_ids: tuple[int, ...] = ()
    statuses: dict[str, int] = field(default_factory=dict)  # status → count, new mails only


@dataclass(frozen=True, slots=True)
class PackedMail:
    """A raw mail as the store keeps it: compressed, with its SHA-256 and size (see ``pack``)."""

    data: bytes  # zlib
    sha256: str
    size: int


def pack(raw: bytes) -> PackedMail:
    """Compress and hash a raw mail for ``ingest``. Pure and picklable: a first sync packs in its
    parsing processes, so the thread that writes the store does not."""
    return PackedMail(zlib.compress(raw, 6), hashlib.sha256(raw).hexdigest(), len(raw))


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


class MailStore(StoreBase):
    # ---- ingest --------------------------------------------------------------------------------

    @_guarded("ingest")
    def ingest(
        self,
        items: Sequence[tuple[bytes | PackedMail, MailSource, ParseResult]
                        | tuple[bytes | PackedMail, MailSource, ParseResult, str]],
        *,
        now: datetime,
        checkpoint: Checkpoint | None = None,
    ) -> IngestReport:
        _aware(now, "now")
        # An item's raw mail may come packed already (``pack``); a 4th element, when present, says where
        # its authenticity verdict came from (daemon.service.trust).
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
            now_junk: list[int] = []  # old mails seen in junk for the first time
            for chunk in _chunks(old_junk):
                now_junk += conn.execute(select(mails.c.id).where(mails.c.id.in_(chunk), mails.c.in_junk == false())
                                         ).scalars().all()
            for chunk in _chunks(now_junk):
                conn.execute(update(mails).where(mails.c.id.in_(chunk)).values(in_junk=True))
            # The orders these mails speak of are folded again in this same transaction.
            states.refresh(conn, {row["order_id"] for row in event_rows} | states.orders_of_mails(conn, now_junk))
            # Mail-level alerts see new suspicious and unread mail, and mail newly found in junk.
            if now_junk or any(p.result.suspicious or p.result.status in ("suspicious", "unrecognized")
                               for p in fresh.values()):
                states.mark_phishing_dirty(conn)
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
            raise StoreError(Msg("no mail id", where=self.where, id=mail_id))
        try:
            return zlib.decompress(raw)
        except zlib.error as exc:
            raise StoreError(Msg("mail damaged", id=mail_id, where=self.where, detail=str(exc)),
                             Msg("mail damaged fix")) from None

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
                    raise StoreError(Msg("mail damaged", id=mail_id, where=self.where, detail=why), Msg("mail damaged fix"))
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

    def replace_parse(self, mail_id: int, result: ParseResult, now: datetime | None = None) -> int:
        """Replace one mail's parse result and events; returns the number of events now stored."""
        return self.replace_parses([(mail_id, result)], now)

    @_guarded("reparse")
    def replace_parses(self, pairs: Sequence[tuple[int, ParseResult]], now: datetime | None = None) -> int:
        now = datetime.now(UTC) if now is None else _aware(now, "now")
        total = 0
        with db.write_transaction(self.engine) as conn:
            touched = states.orders_of_mails(conn, [mail_id for mail_id, _ in pairs])
            for mail_id, result in pairs:
                row = conn.execute(select(mails.c.date).where(mails.c.id == mail_id)).first()
                if row is None:
                    raise StoreError(Msg("no mail id", where=self.where, id=mail_id))
                touched.update(event.order_id for event in result.events)
                values = _parse_columns(result, now)
                conn.execute(update(mails).where(mails.c.id == mail_id).values(values))
                conn.execute(delete(events).where(events.c.mail_id == mail_id))
                rows = [dict(r, mail_id=mail_id) for r in _event_rows(result, values["date"] or row.date or now)]
                if rows:
                    conn.execute(insert(events), rows)
                total += len(rows)
            states.refresh(conn, touched)
            states.mark_phishing_dirty(conn)  # a mail may have become suspicious, or stopped being so
        return total


# Event fields with a column of their own in ``events`` (``at`` is ``at_local``); any other field
# of Event goes to ``extra``. Extending Event needs no migration; a later one may add columns.
_EVENT_COLUMNS = ("kind", "order_id", "market", "seller", "seller_name", "payment_method", "amount", "currency",
                  "carrier", "tracking_number", "items", "estimated_delivery", "note")


def _event_columns(event: Event) -> dict[str, Any]:
    # Field by field, not Event.to_dict(): its deep copy (dataclasses.asdict) cost ~0.2 ms per event.
    fields = {name: getattr(event, name) for name in Event.__dataclass_fields__}
    row = {name: fields.pop(name) for name in _EVENT_COLUMNS}
    row["items"] = list(row["items"]) or None
    row["at_local"] = fields.pop("at")
    row["extra"] = fields or None
    return row


@dataclass(slots=True)
class _Prepared:
    key: str
    source: MailSource
    result: ParseResult
    mail_row: dict[str, Any]
    event_rows: list[dict[str, Any]]
    location_key: str | None


def _prepare(raw: bytes | PackedMail, source: MailSource, result: ParseResult, now: datetime,
             auth_source: str | None = None) -> _Prepared:
    """Everything about one item that needs no database: hashing and compression happen here
    unless the caller packed the mail already."""
    packed = raw if isinstance(raw, PackedMail) else pack(raw)
    content_hash = packed.sha256
    full_id = (result.message_id or "").strip()
    key = _bounded_key("mid", full_id) if full_id else f"sha256:{content_hash}"
    # No real Message-ID is longer than a header line (998 octets); a hostile one is cut so that
    # its index entry fits (PostgreSQL refuses btree entries over ~2.7 kB). Dedupe uses ``key``.
    message_id = full_id.encode()[:MAX_INDEXED_BYTES].decode(errors="ignore") or None
    parse = _parse_columns(result, now)
    row = dict(
        parse, dedupe_key=key, message_id=message_id, content_hash=content_hash, account=source.account,
        folder=source.folder, uid=source.uid, uidvalidity=source.uidvalidity, path=source.path,
        raw=packed.data, raw_size=packed.size, first_seen_at=now,
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
