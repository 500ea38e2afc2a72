"""The whole order domain (``store/domain/``) stays pure: no clock, no files, no SQLAlchemy, no network."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import store.domain

DOMAIN = Path(store.domain.__file__).parent
MODULES = sorted(p.stem for p in DOMAIN.glob("*.py") if p.stem != "__init__")
HEAVY = ("sqlalchemy", "imapclient", "notifypy", "alembic", "jeepney", "socket", "ssl", "imaplib", "http",
         "urllib.request", "subprocess")
# Stdlib modules that reach the clock, the file system, processes or the network.
FORBIDDEN_IMPORTS = ("os", "io", "pathlib", "shutil", "tempfile", "time", "subprocess", "socket", "ssl",
                     "imaplib", "smtplib", "http", "urllib", "sqlalchemy", "alembic", "imapclient", "notifypy",
                     "jeepney", "platformdirs", "daemon")


def test_the_domain_is_every_module_of_the_package() -> None:
    assert {"model", "timeline", "situations", "rules", "texts", "drafts", "policy"} <= set(MODULES)


def test_no_heavy_imports() -> None:
    code = ("import sys\n"
            + "".join(f"import store.domain.{m}\n" for m in MODULES)
            + f"bad = [m for m in {HEAVY!r} if m in sys.modules]\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_clock_and_no_io_in_source() -> None:
    forbidden = re.compile(r"\b(datetime\.now|date\.today|time\.time|utcnow|open\(|os\.|pathlib|subprocess)")
    for name in MODULES:
        source = (DOMAIN / f"{name}.py").read_text(encoding="utf-8")
        assert not forbidden.search(source), name


def test_no_io_module_is_imported() -> None:
    for name in MODULES:
        tree = ast.parse((DOMAIN / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for imported in names:
                assert imported.split(".")[0] not in FORBIDDEN_IMPORTS, f"store/domain/{name}.py imports {imported}"
