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

    def line(self) -> str:
        where = f"folder {self.folder!r}: " if self.folder else ""
        # A StoreError already ends with what to do: no second "fix" then.
        return f"{where}{self.what} — fix: {self.fix}" if self.fix else f"{where}{self.what}"


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

    def failure_line(self) -> str:
        """One line per failure: "account NAME: what — fix: …" (empty when ok)."""
        return "\n".join(f"account {self.account}: {f.line()}" for f in self.failures)

    def summary(self) -> str:
        if self.failure:
            return f"{self.account}: FAILED"  # the what and fix: failure_line(), said once by the caller
        parts = []
        for f in self.folders:
            label = f"{f.folder}{' (junk)' if f.junk else ''}"
            if f.failure:
                parts.append(f"{label}: FAILED")
            else:
                rescan = ", rescanned" if f.rescanned else ""
                parts.append(f"{label}: {f.new_mails} new mail{'s' if f.new_mails != 1 else ''}{rescan}")
        return f"{self.account}: " + "; ".join(parts) if parts else f"{self.account}: no folders"

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
        return SyncFailure(f"the folder does not exist on the server ({text})",
                           f"fix the name in {key} (orders doctor lists the server's folders)", folder)
    return SyncFailure(f"the server refused ({text})", "check the folder name and the server's logs", folder)


def error_text(exc: BaseException) -> str:
    # Mask any registered secret a library might have echoed.
    text = redact(str(exc).replace("\r", " ").replace("\n", " ").strip())
    return text[:300] or type(exc).__name__
