"""Output helpers shared by the commands: JSON (a contract) and rich tables (for people)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.cells import cell_len


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
    """A time for a table cell, in ``tz`` (the user's zone), labelled: ``2026-11-16 10:00 JST``."""
    from store.domain.texts import fmt_short

    return fmt_short(value, tz) if value is not None else ""


# C0 controls but tab and newline, DEL, and the C1 range (U+009B is CSI, U+009D is OSC).
_TERMINAL_CONTROLS = dict.fromkeys([*(c for c in range(32) if c not in (9, 10)), 127, *range(0x80, 0xA0)])


def strip_terminal(text: str) -> str:
    """No escape sequences or control characters from mail reach the user's terminal."""
    return text.translate(_TERMINAL_CONTROLS)


# Set once per command from the global --wide flag: print every column in full, whatever the width.
WIDE = False
PIPE_WIDTH = 200  # not a terminal and no COLUMNS: wide enough that nothing is cut


def output_width() -> int | None:
    """The width to fit: the terminal's; when piped, $COLUMNS, else PIPE_WIDTH; None with --wide."""
    if WIDE:
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((PIPE_WIDTH, 24)).columns
    return PIPE_WIDTH


def console(width: int | None = None) -> Any:
    from rich.console import Console

    if width is None:
        width = output_width() or 100_000
    return Console(width=width, highlight=False, soft_wrap=False)


@dataclass(frozen=True)
class Col:
    """A table column: lower ``priority`` survives longer; ``shrink_to`` is the narrowest it may be cut to
    (with "…"), None when it must never be cut (an order number)."""

    name: str
    priority: int = 5
    shrink_to: int | None = 8
    wrap: bool = False  # long sentences (a doctor's detail, a reason): wrapped onto more lines, not cut


def _overhead(n: int) -> int:
    return 3 * n + 1  # rich's default box: a border before each column and one at the end, padding 1+1


def fit_columns(natural: Sequence[int], cols: Sequence[Col], width: int | None) -> list[int | None]:
    """Each column's width, or None where it is dropped: cut the cuttable columns (least important first,
    never below ``shrink_to`` or their header), and while that is not enough drop the least important
    column (priority 0 never) and start again from the natural widths."""
    if width is None:
        return list(natural)
    least_first = sorted(range(len(cols)), key=lambda i: -cols[i].priority)
    shown = set(range(len(cols)))
    while True:
        widths: list[int | None] = [natural[i] if i in shown else None for i in range(len(cols))]
        excess = sum(w for w in widths if w is not None) + _overhead(len(shown)) - width
        for i in least_first:
            floor = cols[i].shrink_to
            if excess <= 0 or i not in shown or floor is None:
                continue
            cut = min(excess, natural[i] - max(floor, cell_len(cols[i].name)))
            if cut > 0:
                widths[i] = natural[i] - cut
                excess -= cut
        if excess <= 0:
            return widths
        droppable = [i for i in least_first if i in shown and cols[i].priority > 0]
        if not droppable:
            return widths  # narrower than the columns that are never dropped: print them anyway
        shown.discard(droppable[0])


def items_cell(items: Sequence[str], more: str = "+{n} more", *, lines: int = 2) -> str:
    """Every item on its own line; more than ``lines + 1``: the first ``lines`` and "+N more"."""
    items = [strip_terminal(i) for i in items]
    if WIDE or len(items) <= lines + 1:
        return "\n".join(items)
    return "\n".join([*items[:lines], more.format(n=len(items) - lines)])


def print_table(title: str | None, columns: Sequence[str | Col], rows: Iterable[Sequence[Any]],
                *, empty: str = "nothing to show") -> None:
    """A table fitted to the output width: cut cells end in "…", the least important columns go first."""
    from rich.table import Table
    from rich.text import Text

    rows = [["" if c is None else strip_terminal(str(c)) for c in row] for row in rows]
    cols = [c if isinstance(c, Col) else Col(c, priority=i, shrink_to=8) for i, c in enumerate(columns)]
    width = output_width()
    out = console()
    if not rows:
        out.print(empty)
        return
    natural = [max([cell_len(col.name), *(cell_len(line) for r in rows for line in r[i].split("\n"))])
               for i, col in enumerate(cols)]
    widths = fit_columns(natural, cols, width)
    table = Table(title=title, show_lines=False, title_justify="left")
    keep = [i for i, w in enumerate(widths) if w is not None]
    for i in keep:
        if cols[i].wrap:
            table.add_column(cols[i].name, width=widths[i], overflow="fold")
        else:
            table.add_column(cols[i].name, width=widths[i], no_wrap=True, overflow="ellipsis")
    for row in rows:
        # Text, not markup: mail subjects and item names may contain "[/]" or "[bold]".
        table.add_row(*(Text(row[i]) for i in keep))
    out.print(table)


# A time with its zone, a run of Latin letters, digits and the marks inside order numbers, addresses and
# URLs are never split; any other character (kana, kanji) may end a line.
_TOKEN = re.compile(r"\(?\d{1,2}:\d{2} (?:[A-Z]{2,5}|UTC[+-]\d{2}:\d{2})\)?"  # a time stays with its zone
                    r"|[A-Za-z0-9_.,:;/@#%&+=~'\-]+[)\]」』）]?|\s+|.", re.S)
_NO_LINE_START = set("。、，．,.)]）」』】〕！？!?ーっゃゅょァィゥェォッャュョ")


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells: Latin words whole, Japanese broken between any two
    characters but never before closing punctuation (kinsoku), blank lines kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0
        for token in _TOKEN.findall(paragraph):
            size = cell_len(token)
            if used + size > width and line and not token.isspace():
                carry: list[str] = []
                if token[0] in _NO_LINE_START and len(line) > 1:
                    carry = [line.pop()]  # the closing mark takes the character before it along
                lines.append("".join(line).rstrip())
                line, used = carry, sum(cell_len(c) for c in carry)
            if token.isspace() and not line:
                continue
            line.append(token)
            used += size
        lines.append("".join(line).rstrip())
    return lines


def indented(text: str, *, bullet: str = "", style: str = "", bullet_style: str = "", indent: int = 2,
             width: int | None = None) -> Any:
    """Mail-derived ``text`` wrapped to the output width with every line indented; after a bullet ("→ ")
    continuation lines line up under the text, so a bullet is never left alone on its line."""
    from rich.text import Text

    width = width or output_width() or 100_000
    lead = " " * indent
    hang = " " * cell_len(bullet)
    body = wrap(strip_terminal(text), max(10, width - indent - cell_len(bullet) - 1))
    out = Text(no_wrap=True, overflow="ignore")
    for i, line in enumerate(body):
        out.append(lead)
        out.append(bullet if i == 0 else hang, style=bullet_style if i == 0 else "")
        out.append(line, style=style)
        if i < len(body) - 1:
            out.append("\n")
    return out


def safe(text: str | None) -> str:
    """Mail-derived text for a rich markup string: controls removed, markup escaped."""
    from rich.markup import escape

    return escape(strip_terminal(text or ""))
