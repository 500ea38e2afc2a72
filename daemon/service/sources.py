"""Local mail sources for `orders parse` and `orders import`: .eml files, directories, mbox, Maildir.

Each mail comes out as raw bytes with a label for messages and a `MailSource`. A directory
component named like a junk folder (spam, junk, 迷惑メール, …) marks its mail as found in junk,
so a back-fill from an exported spam folder feeds the `mail_in_spam` rule too.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from store.domain.errors import UserError
from store.domain.messages import Msg
from store.domain.model import MailSource

JUNK_DIR_NAMES = frozenset(
    {"spam", "junk", "junk e-mail", "junk email", "bulk mail", "迷惑メール", ".junk", ".spam"}
)
# Sidecar and housekeeping files that sit beside mail but are not mail.
_SKIP_SUFFIXES = (".json", ".md", ".txt", ".py", ".toml", ".gitkeep")


class SourceError(UserError):
    """An unusable path argument (missing, unreadable)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class LocalMail:
    label: str
    raw: bytes
    source: MailSource
    mtime: float | None = None  # the file's modification time: the date of a mail without one

    @property
    def file_date(self) -> datetime | None:
        return None if self.mtime is None else datetime.fromtimestamp(self.mtime, UTC)


def _is_junk_path(path: Path) -> bool:
    return any(part.lower() in JUNK_DIR_NAMES for part in path.parts)


def _looks_like_mbox(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(5)
    return head == b"From " and path.suffix.lower() != ".eml"


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _mbox_messages(path: Path, junk: bool) -> Iterator[LocalMail]:
    box = mailbox.mbox(str(path), create=False)
    try:
        for key in box.iterkeys():
            raw = box.get_bytes(key)
            yield LocalMail(f"{path}#{key}", raw, MailSource(folder=path.name, path=str(path), in_junk=junk),
                            _mtime(path))
    finally:
        box.close()


def _maildir_messages(path: Path, junk: bool) -> Iterator[LocalMail]:
    for sub in ("new", "cur"):
        for entry in sorted((path / sub).iterdir()):
            if entry.is_file():
                yield LocalMail(str(entry), entry.read_bytes(),
                                MailSource(folder=path.name, path=str(entry), in_junk=junk), _mtime(entry))


def _walk(path: Path) -> Iterator[LocalMail]:
    junk = _is_junk_path(path)
    if path.is_dir():
        if _is_maildir(path):
            yield from _maildir_messages(path, junk)
            return
        for entry in sorted(path.iterdir()):
            if entry.name.startswith(".") and entry.name.lower() not in JUNK_DIR_NAMES:
                continue
            yield from _walk(entry)
        return
    if path.name.endswith(_SKIP_SUFFIXES) or not path.is_file():
        return
    if _looks_like_mbox(path):
        yield from _mbox_messages(path, junk)
    else:
        yield LocalMail(str(path), path.read_bytes(), MailSource(path=str(path), in_junk=junk), _mtime(path))


def iter_local_mail(paths: list[str]) -> Iterator[LocalMail]:
    """Every mail under ``paths``, in a stable order. Checks all paths before reading any."""
    resolved = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise SourceError(Msg("no such path", path=p), Msg("give mail files"))
        if not os.access(path, os.R_OK):
            raise SourceError(Msg("not readable", path=p), Msg("check permissions"))
        resolved.append(path)
    for path in resolved:
        yield from _walk(path)
