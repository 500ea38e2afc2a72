"""Which folders of an account to sync, and which one is the junk folder.

The junk folder is the one the server flags ``\\Junk`` (RFC 6154 SPECIAL-USE); without that flag, the
first folder whose name (or last path component) is a well-known junk name. imapclient decodes
modified UTF-7, so names such as ``迷惑メール`` compare as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import imapclient

    from daemon.config import Account

JUNK_FLAG = b"\\Junk"
# Ordered by preference: full names first (Gmail, Outlook, Yahoo, Japanese providers), then leaves.
JUNK_NAMES: tuple[str, ...] = (
    "[Gmail]/Spam", "[Google Mail]/Spam", "[Gmail]/迷惑メール", "Junk", "Junk E-mail", "Junk Email",
    "Junk Mail", "Spam", "Bulk Mail", "Bulk", "迷惑メール", "迷惑メールフォルダ", "INBOX/Junk", "INBOX.Junk",
    "INBOX/Spam", "INBOX.Spam", "Courrier indésirable", "Spamverdacht", "Correo no deseado",
)
_LEAF_NAMES = {n.split("/")[-1].split(".")[-1].casefold() for n in JUNK_NAMES}


@dataclass(frozen=True, slots=True)
class FolderSpec:
    """A folder to sync; ``junk`` marks the mail found there as in the spam folder."""

    name: str
    junk: bool = False


def _name(folder: str | bytes) -> str:
    return folder.decode("utf-8", "replace") if isinstance(folder, bytes) else folder


def find_junk_folder(listing: Sequence[tuple[Sequence[bytes], bytes | None, str | bytes]]) -> str | None:
    """The junk folder in a LIST result (``client.list_folders()``), or None."""
    selectable = [(flags, _name(name), sep) for flags, sep, name in listing
                  if b"\\Noselect" not in flags and b"\\NonExistent" not in flags]
    for flags, name, _ in selectable:
        if any(f.lower() == JUNK_FLAG.lower() for f in flags):
            return name
    by_name = {name.casefold(): name for _, name, _ in selectable}
    for wanted in JUNK_NAMES:
        if wanted.casefold() in by_name:
            return by_name[wanted.casefold()]
    for _, name, sep in selectable:
        delimiter = _name(sep) if sep else "/"
        if name.split(delimiter)[-1].casefold() in _LEAF_NAMES:
            return name
    return None


def folders_to_sync(client: imapclient.IMAPClient, account: Account) -> list[FolderSpec]:
    """``account.folders`` plus the junk folder (unless ``spam = false``); junk ones marked.

    One LIST round trip. Folders that do not exist are still returned: syncing them reports the
    error for that folder alone.
    """
    listing = client.list_folders()
    junk = account.junk_folder or find_junk_folder(listing)
    names = list(dict.fromkeys(account.folders))
    if account.spam and junk and not any(n.casefold() == junk.casefold() for n in names):
        names.append(junk)
    return [FolderSpec(n, junk is not None and n.casefold() == junk.casefold()) for n in names]
