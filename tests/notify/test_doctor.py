"""`orders doctor`: says when there is no config, lists the server's folders, names a bad junk_folder,
checks the desktop without showing a notification, and is not failed by a headless machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daemon.cli import main
from tests.servers.dovecot import Dovecot
from tests.servers.notifications_service import notification_server
from tests.watch.conftest import new_user


def doctor(capsys: pytest.CaptureFixture[str], config: Path) -> tuple[int, dict[str, dict]]:
    capsys.readouterr()
    code = main(["--config", str(config), "doctor", "--json"])
    checks = json.loads(capsys.readouterr().out)
    return code, {c["check"]: c for c in checks}


def account_config(path: Path, dovecot: Dovecot, user, **extra: str) -> Path:
    lines = [f'[store]\nurl = "sqlite:///{path.parent / "o.db"}"\n[notify]\ndesktop = true\n',
             f'[[accounts]]\nname = "home"\nhost = "127.0.0.1"\nport = {dovecot.imap_port}\nsecurity = "plain"\n'
             f'username = "{user.name}"\npassword = "{user.password}"\n',
             *(f"{k} = {json.dumps(v)}\n" for k, v in extra.items())]
    path.write_text("".join(lines), encoding="utf-8")
    path.chmod(0o600)
    return path


def test_no_config_is_a_problem_that_names_init(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    capsys.readouterr()
    code = main(["doctor", "--json"])
    checks = {c["check"]: c for c in json.loads(capsys.readouterr().out)}
    assert code == 1
    assert not checks["config"]["ok"] and "orders init" in checks["config"]["detail"]


@pytest.mark.imap
def test_headless_is_not_a_failure_and_folders_are_listed(dovecot, tmp_path, capsys):
    user = new_user(dovecot)
    code, checks = doctor(capsys, account_config(tmp_path / "config.toml", dovecot, user))
    assert checks["notify desktop"]["ok"], checks["notify desktop"]  # no bus here: alerts just wait
    assert "wait" in checks["notify desktop"]["detail"]
    listed = checks["account home server folders"]
    assert "INBOX" in listed["folders"] and user.junk_folder in listed["folders"]
    assert code == 0, checks


@pytest.mark.imap
def test_a_bad_junk_folder_is_named_as_junk_folder(dovecot, tmp_path, capsys):
    user = new_user(dovecot)
    code, checks = doctor(capsys, account_config(tmp_path / "config.toml", dovecot, user,
                                                 junk_folder="No Such Spam"))
    assert code == 1
    bad = next(c for name, c in checks.items() if "No Such Spam" in name)
    assert not bad["ok"] and "`junk_folder`" in bad["detail"] and "`folders`" not in bad["detail"]


@pytest.mark.dbus
def test_doctor_shows_no_notification(bus, tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "sqlite:///{tmp_path / "o.db"}"\n[notify]\ndesktop = true\n',
                      encoding="utf-8")
    with notification_server(bus, tmp_path / "calls.jsonl") as server:
        _, checks = doctor(capsys, config)
        assert checks["notify desktop"]["ok"] and "recorder" in checks["notify desktop"]["detail"]
        assert server.calls() == []
