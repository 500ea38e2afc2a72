"""A rich progress display for the first sync of a large mailbox (only when stderr is a terminal)."""

from __future__ import annotations

from typing import Any

from daemon.service.sync_results import SyncProgress
from store.domain.messages import word


class RichProgress:
    """Callable as the sync's ``progress`` callback: one bar per (account, folder)."""

    def __init__(self, lang: str = "en") -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TimeRemainingColumn(), console=Console(stderr=True), transient=False)
        self._tasks: dict[tuple[str, str], Any] = {}
        self._lang = lang
        self._progress.start()

    def __call__(self, event: SyncProgress) -> None:
        if not event.folder:
            return
        key = (event.account, event.folder)
        description = word("progress", self._lang, account=event.account, folder=event.folder,
                           phase=word(f"phase {event.phase}", self._lang))
        if key not in self._tasks:
            self._tasks[key] = self._progress.add_task(description, total=None)
        task = self._tasks[key]
        total = event.total or None
        self._progress.update(task, description=description, completed=event.done, total=total)
        if event.phase == "done":
            self._progress.update(task, completed=event.total, total=event.total or 1)

    def close(self) -> None:
        self._progress.stop()
