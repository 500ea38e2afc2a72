"""Sync state: accounts, folders and how far each folder has been stored (checkpoints)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, or_, select, update

from store import db
from store.base import StoreBase, _guarded
from store.schema import accounts, folders, mail_locations


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


class CheckpointStore(StoreBase):
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
