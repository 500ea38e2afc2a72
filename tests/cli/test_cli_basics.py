"""The CLI's shape: fast start, documented commands, one-line errors, local mail sources."""

from __future__ import annotations

import mailbox
import subprocess
import sys
from pathlib import Path

import pytest

from daemon.cli import COMMANDS, build_parser
from daemon.service.sources import SourceError, iter_local_mail

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "imapclient", "bs4", "mailparser", "notifypy", "apscheduler", "rich", "alembic")


def run_orders(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "daemon.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_version_imports_nothing_heavy() -> None:
    code = ("import sys; from daemon.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY=", f"--version imported {out.stdout!r}"


def test_every_command_is_documented_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in COMMANDS if f"orders {name}" not in readme]
    assert missing == []


def test_every_command_has_help() -> None:
    parser = build_parser()
    for name in COMMANDS:
        with pytest.raises(SystemExit) as exc:
            parser.parse_args([name, "--help"])
        assert exc.value.code == 0


def test_global_options_before_and_after_the_command() -> None:
    parser = build_parser()
    before = parser.parse_args(["--lang", "ja", "--now", "2026-11-20T12:00:00+09:00", "status"])
    after = parser.parse_args(["status", "--lang", "ja", "--now", "2026-11-20T12:00:00+09:00", "--json"])
    for ns in (before, after):
        assert ns.lang == "ja" and ns.now == "2026-11-20T12:00:00+09:00"
    assert after.json is True and before.json is False


def test_bad_now_is_one_clear_line() -> None:
    result = run_orders("--now", "yesterday-ish", "alerts")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--now 'yesterday-ish'" in result.stderr and "Traceback" not in result.stderr


def test_missing_path_is_one_clear_line() -> None:
    result = run_orders("parse", "/nonexistent/mail.eml")
    assert result.returncode == 2
    assert "no such file or directory" in result.stderr and "Traceback" not in result.stderr


def _mail(subject: str) -> bytes:
    return (f"From: a@example.com\r\nSubject: {subject}\r\nMessage-ID: <{subject}@x>\r\n\r\nbody\r\n").encode()


def test_sources_read_eml_dirs_mbox_and_maildir(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.eml").write_bytes(_mail("a"))
    (tmp_path / "inbox" / "a.eml.events.json").write_text("{}")  # sidecar, not mail
    (tmp_path / "spam").mkdir()
    (tmp_path / "spam" / "b.eml").write_bytes(_mail("b"))
    box = mailbox.mbox(str(tmp_path / "archive.mbox"))
    box.add(_mail("c"))
    box.add(_mail("d"))
    box.close()
    md = mailbox.Maildir(str(tmp_path / "Maildir"))
    md.add(_mail("e"))
    md.close()
    mails = list(iter_local_mail([str(tmp_path)]))
    subjects = sorted(m.raw.split(b"Subject: ")[1][:1].decode() for m in mails)
    assert subjects == ["a", "b", "c", "d", "e"]
    junk = {m.raw.split(b"Subject: ")[1][:1].decode() for m in mails if m.source.in_junk}
    assert junk == {"b"}


def test_sources_check_every_path_first(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="missing.eml"):
        list(iter_local_mail([str(tmp_path), str(tmp_path / "missing.eml")]))
