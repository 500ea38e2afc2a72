"""`orders poll --now T` only evaluates: nothing on the bus, no alert or delivery recorded (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daemon.cli import main
from store.repository import Store
from tests.servers.dovecot import Dovecot
from tests.watch.conftest import new_user

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
INBOX = ["jp/story1-250-1111111-ordered.eml", "jp/story1-250-1111111-cancel-requested.eml",
         "jp/story1-250-1111111-shipped.eml", "jp/story2-503-2222222-ordered.eml",
         "jp/story2-503-2222222-cancel-requested.eml"]

pytestmark = [pytest.mark.imap, pytest.mark.dbus]


def test_poll_with_future_now_sends_and_records_nothing(dovecot: Dovecot, notifications, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    user = new_user(dovecot)
    for rel in INBOX:
        dovecot.append(user, "INBOX", (FIXTURES / rel).read_bytes())
    db = tmp_path / "orders.db"
    config = tmp_path / "config.toml"
    config.write_text(
        f'lang = "en"\n[store]\nurl = "sqlite:///{db}"\n[notify]\ndesktop = true\n'
        f'[[accounts]]\nname = "home"\nhost = "127.0.0.1"\nport = {dovecot.imap_port}\nsecurity = "plain"\n'
        f'username = "{user.name}"\npassword = "{user.password}"\nsince = "3650d"\n', encoding="utf-8")
    config.chmod(0o600)

    capsys.readouterr()
    code = main(["--config", str(config), "poll", "--json", "--now", "2027-06-01T12:00:00+09:00"])
    out, err = capsys.readouterr()
    assert code == 0, err
    report = json.loads(out)
    assert report["evaluated_only"] is True
    assert report["active_alerts"] >= 2  # shipped_after_cancel and seller_no_reply as of then
    assert report["notifications_sent"] == 0
    assert notifications.calls() == []
    store = Store.open(f"sqlite:///{db}")
    try:
        assert store.alerts(active_only=False) == []  # no alert raised, no delivery or reminder recorded
        assert store.order_ids()  # the mail itself was synced
    finally:
        store.close()

    # The same poll on the real clock does notify: the bus was there all along.
    code = main(["--config", str(config), "poll", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["notifications_sent"] >= 1
    assert notifications.calls()


def test_watch_refuses_now(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text('lang = "en"\n', encoding="utf-8")
    code = main(["--config", str(config), "--now", "2027-01-01T00:00:00+09:00", "watch"])
    assert code == 2
    assert "real clock" in capsys.readouterr().err


def test_help_says_now_only_evaluates(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["poll", "--help"])
    assert "only evaluates" in " ".join(capsys.readouterr().out.split())
