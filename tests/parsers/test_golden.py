"""Every fixture under fixtures/emails/** parses to exactly its golden file (diff shown on mismatch).

Regenerate one expected file: ``orders parse --write-expected [--force] FILE.eml`` (then check it by hand).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from daemon.cli import main as orders
from parsers.golden import diff, expected_from_result, expected_path, parse_fixture, write_expected

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
MAILS = sorted(FIXTURES.rglob("*.eml"))
SAMPLE = FIXTURES / "jp" / "story1-250-1111111-shipped.eml"


def test_there_are_fixtures() -> None:
    assert len(MAILS) >= 60
    assert len([m for m in MAILS if m.relative_to(FIXTURES).parts[0] == "jp"]) >= 38


@pytest.mark.parametrize("eml", MAILS, ids=[str(m.relative_to(FIXTURES)) for m in MAILS])
def test_golden(eml: Path) -> None:
    target = expected_path(eml)
    assert target.exists(), f"no expected file: run `orders parse --write-expected {eml}` and check it"
    expected = json.loads(target.read_text(encoding="utf-8"))
    result = parse_fixture(eml.read_bytes(), expected.get("options"))
    actual = expected_from_result(result, expected.get("options"))
    delta = diff(expected, actual, name=str(target.relative_to(FIXTURES)))
    if delta:
        why = result.error or result.reason
        pytest.fail(f"parse differs from the golden file ({result.status}: {why}):\n{delta}", pytrace=False)


# --- the generator: orders parse --write-expected ------------------------------------------------------


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    eml = tmp_path / "sample.eml"
    shutil.copy(SAMPLE, eml)
    return eml


def test_writes_missing_file_matching_the_golden_one(copy: Path) -> None:
    written = write_expected(copy)
    assert written == expected_path(copy)
    mine = json.loads(written.read_text(encoding="utf-8"))
    golden = json.loads(expected_path(SAMPLE).read_text(encoding="utf-8"))
    assert diff(golden, mine) == ""
    assert mine["events"][0]["tracking_number"] == "432187650912"


def test_refuses_to_overwrite_without_force(copy: Path) -> None:
    target = expected_path(copy)
    target.write_text('{"status": "hand-written"}\n', encoding="utf-8")
    with pytest.raises(FileExistsError, match="--force"):
        write_expected(copy)
    assert orders(["parse", "--write-expected", str(copy)]) == 1
    assert target.read_text(encoding="utf-8") == '{"status": "hand-written"}\n'
    assert orders(["parse", "--write-expected", "--force", str(copy)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["status"] == "parsed"


def test_force_keeps_options_and_cli_sets_them(copy: Path) -> None:
    assert orders(["parse", "--write-expected", "--strict", str(copy)]) == 0
    doc = json.loads(expected_path(copy).read_text(encoding="utf-8"))
    assert doc["options"] == {"strict_authentication": True}
    assert orders(["parse", "--write-expected", "--force", str(copy)]) == 0
    assert json.loads(expected_path(copy).read_text(encoding="utf-8"))["options"] == {"strict_authentication": True}


def test_runs_as_a_module(copy: Path) -> None:
    expected_path(copy).write_text("{}", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "daemon.cli", "parse", "--write-expected", str(copy)],
                          capture_output=True, text=True,
                          cwd=FIXTURES.parents[1], timeout=60)
    assert proc.returncode == 1 and "--force" in proc.stderr


def test_diff_is_readable() -> None:
    golden = {"status": "parsed", "authenticity": "pass", "suspicious": False,
              "events": [{"kind": "shipped", "amount": 1010}]}
    other = {"status": "parsed", "authenticity": "pass", "suspicious": False,
             "events": [{"kind": "shipped", "amount": 1010.0}]}
    assert diff(golden, other) == ""
    other["events"][0]["amount"] = 999.0
    text = diff(golden, other, name="x.eml.events.json")
    assert '-      "amount": 1010.0' in text and '+      "amount": 999.0' in text
