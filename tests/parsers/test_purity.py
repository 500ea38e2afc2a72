"""The pure packages stay pure: no database, IMAP, notification or scheduler import; no clock or files."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("sqlalchemy", "imapclient", "notifypy", "apscheduler")
PURE_MODULES = ("parsers", "parsers.registry", "parsers.amazon", "parsers.extract", "store.domain.model",
                "store.domain.timeline", "store.domain.rules")

_PROBE = """
import importlib, importlib.util, json, sys
for name in {modules!r}:
    if importlib.util.find_spec(name) is not None:
        importlib.import_module(name)
from parsers import parse_mail
result = parse_mail(open({sample!r}, "rb").read())
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({forbidden!r}))
print(json.dumps({{"status": result.status, "loaded": loaded}}))
"""


def test_importing_and_parsing_loads_no_impure_package() -> None:
    sample = str(ROOT / "fixtures" / "emails" / "jp" / "story1-250-1111111-shipped.eml")
    code = _PROBE.format(modules=PURE_MODULES, sample=sample, forbidden=FORBIDDEN)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["status"] == "parsed"
    assert report["loaded"] == [], f"pure code imported {report['loaded']}"


# Calls that read the clock or touch files; parsers/golden.py is the documented exception
# (write_expected, for `orders parse --write-expected`).
_CLOCK_OR_IO = {("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"), ("date", "today"),
                ("time", "time"), ("time", "monotonic"), ("os", "open"), ("Path", "read_bytes"),
                ("Path", "read_text"), ("Path", "write_text")}


def _impure_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("open", "input", "print"):
            found.append(f"{path.name}:{node.lineno} {func.id}()")
        elif (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
              and (func.value.id, func.attr) in _CLOCK_OR_IO):
            found.append(f"{path.name}:{node.lineno} {func.value.id}.{func.attr}()")
    return found


def test_parser_sources_read_no_clock_and_no_files() -> None:
    sources = [p for p in (ROOT / "parsers").rglob("*.py") if p.name != "golden.py"]
    assert sources
    offenders = [hit for p in sources for hit in _impure_calls(p)]
    assert offenders == [], offenders
