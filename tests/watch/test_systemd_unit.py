"""The user unit verifies with systemd-analyze, and the check itself catches a broken unit."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[2] / "systemd" / "orders.service"
ANALYZE = shutil.which("systemd-analyze")
needs_analyze = pytest.mark.skipif(ANALYZE is None, reason="systemd-analyze not installed")


def _verify(unit_path: Path, home: Path, runtime: Path) -> tuple[int, list[str]]:
    """Run `systemd-analyze verify --user` on a copy of the unit; return (rc, complaints about it).

    ``%h`` expands to $HOME, so a fake home holding an executable ``.local/bin/orders`` stands in for a
    pipx/uv install; the user manager also needs an XDG_RUNTIME_DIR.
    """
    env = dict(os.environ, HOME=str(home), XDG_RUNTIME_DIR=str(runtime), SYSTEMD_LOG_LEVEL="info")
    proc = subprocess.run(
        [ANALYZE, "verify", "--user", "--man=no", str(unit_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = (proc.stdout + proc.stderr).splitlines()
    complaints = [line for line in output if unit_path.name in line or unit_path.stem in line]
    return proc.returncode, complaints


@pytest.fixture
def fake_home(tmp_path: Path) -> tuple[Path, Path, Path]:
    home = tmp_path / "home"
    bin_dir = home / ".local" / "bin"
    bin_dir.mkdir(parents=True)
    orders = bin_dir / "orders"
    orders.write_text("#!/bin/sh\nexit 0\n")
    orders.chmod(0o755)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    units = tmp_path / "units"
    units.mkdir()
    return home, runtime, units


@needs_analyze
def test_unit_verifies_cleanly(fake_home):
    home, runtime, units = fake_home
    copy = units / "orders.service"
    shutil.copy(UNIT, copy)
    rc, complaints = _verify(copy, home, runtime)
    assert rc == 0 and complaints == [], complaints


@needs_analyze
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Restart=on-failure", "Restart=sometimes"),  # bad value: systemd only warns and ignores it
        ("ProtectHome=read-only", "ProtectHom=read-only"),  # misspelt key
        ("ExecStart=%h/.local/bin/orders watch", "ExecStart=%h/.local/bin/ordres watch"),  # missing binary
    ],
)
def test_verification_catches_a_broken_unit(fake_home, old, new):
    home, runtime, units = fake_home
    text = UNIT.read_text()
    assert old in text
    broken = units / "orders.service"
    broken.write_text(text.replace(old, new))
    rc, complaints = _verify(broken, home, runtime)
    assert rc != 0 or complaints, "systemd-analyze accepted a broken unit: the check would prove nothing"


def test_unit_has_the_promised_settings():
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read_string(UNIT.read_text())
    unit, service, install = parser["Unit"], parser["Service"], parser["Install"]
    assert service["ExecStart"].endswith("orders watch")
    assert service["Restart"] == "on-failure"
    assert int(unit["StartLimitBurst"]) >= 1 and unit["StartLimitIntervalSec"]
    assert install["WantedBy"] == "default.target"
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "read-only",
        "PrivateTmp": "yes",
        "UMask": "0077",
    }.items():
        assert service[key] == value, key
    assert set(service["RestrictAddressFamilies"].split()) == {"AF_INET", "AF_INET6", "AF_UNIX"}
    # Where platformdirs puts the store and the state must stay writable under ProtectHome=read-only.
    assert set(service["ReadWritePaths"].split()) >= {"%h/.local/share/orders", "%h/.local/state/orders"}
    assert "PYTHONUNBUFFERED=1" in service["Environment"]
