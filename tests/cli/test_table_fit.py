"""Tables that fit: in a real pseudo-terminal of 80 and 100 columns no order number breaks; --wide shows all."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from daemon.cli import main
from daemon.cli.render import Col, fit_columns, items_cell

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "emails"
NOW = "2026-11-20T12:00:00+09:00"


@pytest.fixture(scope="module")
def store_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("fit")
    config = tmp / "config.toml"
    config.write_text(f'lang = "en"\n[store]\nurl = "sqlite:///{tmp / "orders.db"}"\n', encoding="utf-8")
    assert main(["--config", str(config), "import", str(FIXTURES)]) == 0
    return config


def in_pty(args: list[str], columns: int, timeout: float = 120) -> str:
    """Run orders with its stdout on a pseudo-terminal of ``columns`` x 50; the text it printed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(TERM="xterm", LANG="C.UTF-8", NO_COLOR="1")
    proc = subprocess.Popen([sys.executable, "-m", "daemon.cli", *args], stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=subprocess.PIPE, cwd=ROOT, env=env)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    os.close(master)
    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def open_orders(config: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["--config", str(config), "--now", NOW, "status", "--json"]) == 0
    return [o["order_id"] for o in json.loads(capsys.readouterr().out)]


@pytest.mark.parametrize(("columns", "lang"), [(80, "en"), (100, "ja")])
def test_status_fits_the_terminal(store_config, capsys, columns, lang):
    orders = open_orders(store_config, capsys)
    assert orders
    out = in_pty(["--config", str(store_config), "--now", NOW, "--lang", lang, "status"], columns)
    lines = out.splitlines()
    for order in orders:
        assert any(order in line for line in lines), f"{order} broken or missing:\n{out}"
    assert all(cell_len(line) <= columns for line in lines), out
    header = next(line for line in lines if "┃" in line)
    assert ("注文番号" if lang == "ja" else "order") in header  # headers are never wrapped
    if lang == "ja":
        # Wide characters keep the borders in line: every row's separators sit at the same cells.
        rows = [line for line in lines if line.startswith("│")]
        cells = {tuple(cell_len(r[:i]) for i, ch in enumerate(r) if ch == "│") for r in rows}
        assert len(rows) > 3 and len(cells) == 1, out


def test_wide_prints_every_column_in_full(store_config, capsys):
    out = in_pty(["--config", str(store_config), "--now", NOW, "status", "--wide"], 80)
    header = next(line for line in out.splitlines() if "┃" in line)
    for name in ("order", "market", "seller", "items", "state", "last event", "payment", "alerts"):
        assert name in header
    assert "…" not in out


def test_columns_is_honoured_when_piped(store_config, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    capsys.readouterr()
    assert main(["--config", str(store_config), "--now", NOW, "status"]) == 0
    out = capsys.readouterr().out
    assert max(cell_len(line) for line in out.splitlines()) <= 90


def test_fit_columns_drops_then_cuts_by_priority():
    cols = [Col("order", 0, None), Col("state", 1, 8), Col("items", 2, 10), Col("market", 9, None)]
    natural = [19, 20, 40, 12]
    assert fit_columns(natural, cols, None) == natural
    assert fit_columns(natural, cols, 200) == natural
    assert fit_columns(natural, cols, 80) == [19, 20, 16, 12]  # cutting the items is enough
    widths = fit_columns(natural, cols, 60)
    assert widths == [19, 20, 11, None]  # the market goes first; the order number stays whole
    assert sum(w for w in widths if w) + 3 * 3 + 1 <= 60
    assert fit_columns(natural, cols, 10)[0] == 19  # never dropped, even when nothing fits


def test_items_cell_lists_every_item_or_counts_the_rest():
    assert items_cell(["a", "b", "c"]) == "a\nb\nc"
    assert items_cell(["a", "b", "c", "d", "e"]) == "a\nb\n+3 more"
    assert items_cell(["a", "b", "c", "d"], "ほか {n} 点") == "a\nb\nほか 2 点"


def test_wrap_keeps_words_times_and_closing_marks():
    from daemon.cli.render import wrap

    text = "注文 250-1111111-1111111 は2026/11/01(日) 04:40 CET (12:40 JST)にキャンセルを依頼しました。"
    for width in range(20, 60):
        lines = wrap(text, width)
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        joined = "".join(lines)
        assert "250-1111111-1111111" in joined.replace(" ", "") and "(12:40 JST)" in "\n".join(lines)
        assert not any(line.startswith(("。", "、", "）")) for line in lines)
    assert wrap("a\n\nb", 10) == ["a", "", "b"]


def test_arrow_keeps_its_text_with_indented_continuation():
    from rich.console import Console

    from daemon.cli.render import indented

    console = Console(width=40, record=True, highlight=False)
    console.print(indented("配達時に受け取りを断ってください（受取拒否）。受け取ってしまった場合は返品を申請してください。",
                           bullet="→ ", width=40))
    lines = console.export_text().splitlines()
    assert lines[0].startswith("  → 配達時") and len(lines) > 1
    assert all(line.startswith("    ") and line[4] != " " for line in lines[1:])
