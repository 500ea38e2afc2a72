"""`orders poll` against a real Dovecot, then `orders alerts --json --now T` (issue 4's done-when)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from daemon.cli import main
from tests.servers.dovecot import Dovecot
from tests.watch.conftest import new_user

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
DEMO_NOW = "2026-11-20T12:00:00+09:00"
INBOX = ["jp/story1-250-1111111-ordered.eml", "jp/story1-250-1111111-cancel-requested.eml",
         "jp/story1-250-1111111-shipped.eml", "jp/story2-503-2222222-ordered.eml",
         "jp/story2-503-2222222-cancel-requested.eml", "jp/story3-249-3333333-ordered-iso2022jp.eml",
         "jp/story3-249-3333333-cancelled.eml", "negative/rakuten-order-confirmation-iso2022jp.eml",
         "jp/unrecognized/address-change-accepted.eml"]  # Amazon mail no parser understands
JUNK = ["jp/spam/story5-250-6666666-shipped-in-junk.eml", "jp/spam/suspicious-forged-from-dmarc-fail.eml"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.imap
def test_poll_then_alerts(dovecot: Dovecot, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    user = new_user(dovecot)
    for rel in INBOX:
        dovecot.append(user, "INBOX", (FIXTURES / rel).read_bytes())
    for rel in JUNK:
        dovecot.append(user, user.junk_folder, (FIXTURES / rel).read_bytes())
    broken = tmp_path / "broken-password"
    config = tmp_path / "config.toml"
    config.write_text(
        f'lang = "en"\n[store]\nurl = "sqlite:///{tmp_path / "orders.db"}"\n[notify]\ndesktop = false\n'
        f'[[accounts]]\nname = "home"\nhost = "127.0.0.1"\nport = {dovecot.imap_port}\nsecurity = "plain"\n'
        f'username = "{user.name}"\npassword = "{user.password}"\nsince = "3650d"\n'
            'trusted_authserv_ids = ["mx.example.jp"]\n', encoding="utf-8")
    config.chmod(0o600)

    code, out, err = run(capsys, "--config", str(config), "poll", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["accounts"][0]["ok"]
    assert report["unrecognized_mails"] == 1

    code, out, err = run(capsys, "--config", str(config), "alerts", "--json", "--now", DEMO_NOW)
    assert code == 0, err
    kinds = {(a["order_id"], a["kind"]) for a in json.loads(out)}
    assert ("250-1111111-1111111", "shipped_after_cancel") in kinds
    assert ("503-2222222-2222222", "seller_no_reply") in kinds
    assert ("249-3333333-3333333", "refund_overdue") in kinds
    assert ("250-6666666-6666666", "mail_in_spam") in kinds  # authentic, but found in Junk
    assert ("250-1111111-1111111", "phishing") in kinds      # the forged one in Junk

    code, out, err = run(capsys, "--config", str(config), "status", "--now", DEMO_NOW)
    assert code == 0 and "1 Amazon mail(s) not understood — `orders unrecognized` lists them" in out

    # A second poll finds nothing new; an account with a wrong password fails with one line, no secret.
    code, out, err = run(capsys, "--config", str(config), "poll", "--json")
    assert code == 0 and sum(f["new_mails"] for f in json.loads(out)["accounts"][0]["folders"]) == 0
    assert idle_poll_imports(config) == [], "a poll with nothing new loaded the mail parsing stack"
    text = config.read_text().replace(f'password = "{user.password}"', 'password = "not-the-password-x9"')
    broken.write_text(text, encoding="utf-8")
    broken.chmod(0o600)
    code, _, err = run(capsys, "--config", str(broken), "poll")
    assert code == 1
    assert "orders: error:" in err and "home" in err and "not-the-password-x9" not in err


PARSING = ("bs4", "soupsieve", "mailparser", "charset_normalizer", "parsers.message", "parsers.htmltext")


def idle_poll_imports(config: Path) -> list[str]:
    """The parsing modules a poll with nothing new loads: none (issue 13: an idle poll pays only for
    the store and IMAP — importing the HTML stack alone cost 0.07 s of a 0.3 s poll)."""
    code = ("import sys\nfrom daemon.cli import main\n"
            f"assert main(['--config', {str(config)!r}, 'poll']) == 0\n"
            f"print('LOADED=' + ','.join(m for m in {PARSING!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    loaded = out.stdout.strip().splitlines()[-1].removeprefix("LOADED=")
    return [m for m in loaded.split(",") if m]
