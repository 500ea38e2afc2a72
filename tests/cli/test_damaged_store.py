"""A damaged store (issue 11, attack 9): reparse skips and names a mail it cannot read and goes on;
evidence leaves nothing behind when it fails."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.cli.test_cli_store import DEMO_NOW, FIXTURES, orders, orders_json

STORY4 = "250-4444444-4444444"


@pytest.fixture
def damaged(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[Path, Path, int]:
    db = tmp_path / "orders.db"
    config = tmp_path / "config.toml"
    config.write_text(f'lang = "en"\n[store]\nurl = "sqlite:///{db}"\n', encoding="utf-8")
    code, _, err = orders(capsys, config, "import", str(FIXTURES / "jp"), "--now", DEMO_NOW)
    assert code == 0, err
    with closing(sqlite3.connect(db)) as conn, conn:
        (mail_id,) = conn.execute("SELECT id FROM mails WHERE order_ids LIKE ? ORDER BY id LIMIT 1",
                                  (f"%{STORY4}%",)).fetchone()
        conn.execute("UPDATE mails SET raw = ? WHERE id = ?", (b"\x78\x9c not zlib at all", mail_id))
    return config, db, mail_id


def test_reparse_skips_and_names_the_damaged_mail(capsys, damaged) -> None:
    config, _, mail_id = damaged
    code, out, err = orders(capsys, config, "reparse", "--now", DEMO_NOW, "--json")
    counts = json.loads(out)
    assert code == 1
    assert counts["unreadable"] == 1 and counts["unreadable_mail_ids"] == [mail_id]
    assert counts["mails"] > 20 and counts["parsed"] > 15 and counts["events"] > 15  # it went on
    code, out, err = orders(capsys, config, "reparse", "--now", DEMO_NOW)
    assert code == 1 and f"id {mail_id}" in err and "orders doctor" in err
    assert STORY4 in {o["order_id"] for o in orders_json(capsys, config, "status", "--all", "--now", DEMO_NOW)}


def test_evidence_leaves_nothing_on_failure(capsys, damaged, tmp_path) -> None:
    config, _, mail_id = damaged
    out_dir = tmp_path / "claims"
    out_dir.mkdir()
    code, _, err = orders(capsys, config, "evidence", STORY4, "--out", str(out_dir / "e.zip"), "--now", DEMO_NOW)
    assert code != 0 and f"mail {mail_id}" in err and "damaged" in err
    assert list(out_dir.iterdir()) == []  # no partial zip, no temporary file
    code, _, err = orders(capsys, config, "evidence", "249-3333333-3333333", "--out", str(out_dir / "ok.zip"),
                          "--now", DEMO_NOW)
    assert code == 0, err
    assert [p.name for p in out_dir.iterdir()] == ["ok.zip"] and (out_dir / "ok.zip").stat().st_mode & 0o777 == 0o600
