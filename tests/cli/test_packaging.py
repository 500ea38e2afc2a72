"""The wheel carries what `orders demo` needs, so the quick start works outside a checkout too."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "emails"


def test_every_fixture_directory_is_packaged() -> None:
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    packaged = {key.removeprefix("share/orderwatch/") for key in data_files}
    dirs = {str(p.relative_to(ROOT)) for p in FIXTURES.rglob("*") if p.is_dir() and any(p.glob("*.eml"))}
    assert dirs <= packaged, f"add to [tool.setuptools.data-files]: {sorted(dirs - packaged)}"


@pytest.mark.slow
def test_wheel_holds_fixtures_icon_and_migrations(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("orderwatch-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    emls = [n for n in names if n.endswith(".eml") and "/share/orderwatch/fixtures/emails/" in n]
    assert len(emls) == len(list(FIXTURES.rglob("*.eml")))
    assert "daemon/icons/orders.png" in names
    assert any(n.startswith("store/migrations/") and n.endswith(".py") for n in names)
    assert not any(n.startswith(("tests/", "fixtures/")) for n in names)
