"""The store: mail, events, sync checkpoints and alerts behind one ``Store`` class.

Each concern lives in its own module (``store.mails``, ``store.checkpoints``, ``store.queries``,
``store.alerts``); ``Store`` combines them so callers need one object.

Every datetime going in must be timezone-aware (a naive one raises ValueError); every datetime
coming out is aware (UTC, except ``SourcedEvent.at``, which keeps the mail's own offset).
Failures of the database or the disk raise ``StoreError`` with one line saying what to do; a
failed call writes nothing (each writing method is one transaction).

Opening
    ``Store.open(url=None) -> Store`` — see ``store.db`` for URLs and SQLite file modes; migrates
    the schema to the newest revision first. ``close()``; ``with Store.open(...) as store:``.

Mail
    ``ingest(items, *, now, checkpoint=None) -> IngestReport`` — ``items`` are
    ``(raw, MailSource, ParseResult)`` (``raw`` as bytes, or already ``pack``-ed); one transaction
    together with the folder checkpoint, so the checkpoint never runs ahead of stored mail. Idempotent: a mail is identified by its Message-ID,
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

from store import db, lease, migrations
from store.alerts import AlertStore, ReconcileReport
from store.base import MAX_INDEXED_BYTES, _guarded
from store.checkpoints import Checkpoint, CheckpointStore, FolderRecord
from store.db import StoreError
from store.domain.messages import Msg
from store.lease import Lease
from store.mails import IngestReport, MailStore, PackedMail, StoredMail, pack
from store.queries import OrderQueries
from store.states import StateStore

__all__ = ["MAX_INDEXED_BYTES", "Checkpoint", "FolderRecord", "IngestReport", "PackedMail", "ReconcileReport",
           "Store", "StoreError", "StoredMail", "pack"]


class Store(MailStore, CheckpointStore, OrderQueries, AlertStore, StateStore):
    """See the module docstring for the API."""

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
                raise StoreError(Msg("schema newer", where=self.where, revision=current), Msg("upgrade orders"))
            if current is None and migrations.create_fresh(conn):
                return
            migrations.upgrade(conn)

    @_guarded("taking a lease")
    def try_lease(self, name: str) -> Lease | None:
        """The lease ``name`` (e.g. "account:home", "deliver") for this process, or None when another
        process holds it (``store.lease``)."""
        if self._path is not None:
            return lease.try_file_lease(self._path, name)
        if self.engine.dialect.name == "postgresql":
            return lease.try_advisory_lease(self.engine, name)
        return Lease(name, None)  # an in-memory store is this process's alone

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
