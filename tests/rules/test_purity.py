"""The timeline, rules, texts and drafts stay pure: no clock, no I/O, no heavy imports."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import store.domain

MODULES = ("model", "timeline", "rules", "texts", "drafts")


def test_no_heavy_imports() -> None:
    code = ("import sys\n"
            + "".join(f"import store.domain.{m}\n" for m in MODULES)
            + "bad = [m for m in ('sqlalchemy', 'imapclient', 'notifypy', 'alembic', 'jeepney') if m in sys.modules]\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_clock_and_no_io_in_source() -> None:
    forbidden = re.compile(r"\b(datetime\.now|date\.today|time\.time|utcnow|open\(|os\.|pathlib|subprocess)")
    for name in MODULES:
        source = (Path(store.domain.__file__).parent / f"{name}.py").read_text(encoding="utf-8")
        assert not forbidden.search(source), name
