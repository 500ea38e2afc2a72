"""Output helpers shared by the commands: JSON (a contract) and rich tables (for people)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def dumps(value: Any, *, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, default=_default, indent=indent)


def print_json(value: Any) -> None:
    sys.stdout.write(dumps(value, indent=2) + "\n")


def print_json_lines(values: Iterable[Any]) -> None:
    for value in values:
        sys.stdout.write(dumps(value) + "\n")


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def short_time(value: datetime | None, tz: Any = None) -> str:
    if value is None:
        return ""
    if tz is not None:
        value = value.astimezone(tz)
    return value.strftime("%Y-%m-%d %H:%M")


# C0 controls but tab and newline, DEL, and the C1 range (U+009B is CSI, U+009D is OSC).
_TERMINAL_CONTROLS = dict.fromkeys([*(c for c in range(32) if c not in (9, 10)), 127, *range(0x80, 0xA0)])


def strip_terminal(text: str) -> str:
    """No escape sequences or control characters from mail reach the user's terminal."""
    return text.translate(_TERMINAL_CONTROLS)


def console() -> Any:
    from rich.console import Console

    # Not a terminal (a pipe, a test): wide enough that tables don't wrap mid-cell.
    return Console(width=None if sys.stdout.isatty() else 200, highlight=False)


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                *, empty: str = "nothing to show") -> None:
    from rich.table import Table
    from rich.text import Text

    rows = list(rows)
    out = console()
    if not rows:
        out.print(empty)
        return
    table = Table(title=title, show_lines=False, title_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        # Text, not markup: mail subjects and item names may contain "[/]" or "[bold]".
        table.add_row(*(Text("" if c is None else strip_terminal(str(c))) for c in row))
    out.print(table)


def safe(text: str | None) -> str:
    """Mail-derived text for a rich markup string: controls removed, markup escaped."""
    from rich.markup import escape

    return escape(strip_terminal(text or ""))
