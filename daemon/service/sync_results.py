"""What a sync reports: progress while it runs, each folder's and account's result, failures.

A failure says what went wrong and what to do, in one line, and never holds a secret
(``error_text`` masks every registered secret a library might echo).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from daemon.service.logsetup import redact
from store.domain.messages import Msg, localize, word

log = logging.getLogger(__name__)

Phase = Literal["connect", "search", "fetch", "done"]


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
    stopped: bool = False  # the daemon began stopping: later batches are left to the next run


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


def report_progress(progress: ProgressCallback | None, *args: Any, **kwargs: Any) -> None:
    if progress is None:
        return
    try:
        progress(SyncProgress(*args, **kwargs))
    except Exception:  # noqa: BLE001 - a broken progress display must not break the sync
        log.debug("progress callback failed", exc_info=True)


def folder_failure(folder: str, exc: BaseException, key: str = "folders") -> SyncFailure:
    text = error_text(exc)
    if "NONEXISTENT" in text.upper() or "doesn't exist" in text or "does not exist" in text.lower():
        return SyncFailure(Msg("no such folder", detail=text), Msg("no such folder fix", key=key), folder)
    return SyncFailure(Msg("folder refused", detail=text), Msg("folder refused fix"), folder)


def error_text(exc: BaseException) -> str:
    # Mask any registered secret a library might have echoed.
    text = redact(str(exc).replace("\r", " ").replace("\n", " ").strip())
    return text[:300] or type(exc).__name__
