"""Every config section is checked at load, before anything connects (issue 12's done-when).

The account points at a listening socket of our own: a command that connected despite a bad
config would show up as an accepted connection.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from daemon.cli import main
from daemon.config import load_config
from daemon.service.watch import Watcher
from store.repository import Store


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    try:
        yield sock
    finally:
        sock.close()


def connections(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


def config_text(tmp_path: Path, port: int, extra: str = "", account_extra: str = "") -> str:
    return (f'[[accounts]]\nname = "main"\nhost = "127.0.0.1"\nport = {port}\nsecurity = "plain"\n'
            f'username = "u"\npassword_env = "ORDERS_TEST_UNUSED_PW"\ntimeout = "5s"\n{account_extra}'
            f'[store]\nurl = "sqlite:///{tmp_path / "orders.db"}"\n'
            f'[notify]\ndesktop = false\n{extra}')


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("command", ["poll", "watch", "status"])
@pytest.mark.parametrize(("notify", "key", "fix"), [
    ('remind_evry = "1h"\n', "notify.remind_evry: unknown key", "did you mean 'remind_every'?"),
    ('remind_every = "soon"\n', "notify.remind_every: 'soon' is not a duration", 'write e.g. "24h"'),
])
def test_a_bad_notify_table_stops_the_command_before_connecting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], listener: socket.socket, command: str, notify: str,
    key: str, fix: str,
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(config_text(tmp_path, listener.getsockname()[1], notify))
    code, err = run(capsys, "--config", str(config), command)
    assert code == 2
    assert key in err and fix in err
    assert connections(listener) == 0, f"orders {command} connected despite a bad config"


def test_doctor_names_the_bad_key_and_does_not_connect(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], listener: socket.socket,
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(config_text(tmp_path, listener.getsockname()[1], 'remind_evry = "1h"\n'))
    capsys.readouterr()
    code = main(["--config", str(config), "doctor"])
    out = capsys.readouterr().out
    assert code != 0
    assert "notify.remind_evry" in out and "remind_every" in out
    assert connections(listener) == 0


@pytest.mark.parametrize(("extra", "account_extra", "key", "suggestion"), [
    ("", 'hots = "x"\n', "accounts[0].hots", "'host'"),
    ("[schedule]\npoll_intervall = \"5m\"\n", "", "schedule.poll_intervall", "'poll_interval'"),
    ("[schedule]\npoll_interval = \"soon\"\n", "", "schedule.poll_interval", 'write e.g. "5m"'),
    ("[rules]\nseller_reply_hour = 48\n", "", "rules.seller_reply_hour", "'seller_reply_hours'"),
    ("[rules]\nseller_reply_hours = \"soon\"\n", "", "rules.seller_reply_hours", "seller_reply_hours = 48"),
    ("[notify.command]\nargvv = [\"/bin/true\"]\n", "", "notify.command[0].argvv", "'argv'"),
    ("lnag = \"en\"\n", "", "lnag", "'lang'"),
])
@pytest.mark.parametrize("command", ["poll", "watch"])
def test_every_section_is_checked_key_by_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], listener: socket.socket, command: str, extra: str,
    account_extra: str, key: str, suggestion: str,
) -> None:
    text = config_text(tmp_path, listener.getsockname()[1], account_extra=account_extra)
    if extra.startswith("lnag"):
        text = extra + text  # a top-level key goes before the first table
    else:
        text = text.replace("[notify]\ndesktop = false\n", "") + extra
    config = tmp_path / "config.toml"
    config.write_text(text)
    code, err = run(capsys, "--config", str(config), command)
    assert code == 2, err
    assert key in err and suggestion in err, err
    assert err.count(key) == 1, "the problem is printed once"
    assert connections(listener) == 0


@pytest.mark.parametrize("command", ["poll", "watch"])
def test_no_config_or_no_accounts_refuses_to_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str,
) -> None:
    code, err = run(capsys, "--config", str(tmp_path / "missing.toml"), command)
    assert code == 2 and "not found" in err
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # the default path, absent: no accounts
    code, err = run(capsys, command)
    assert code == 2 and "no [[accounts]]" in err
    empty = tmp_path / "empty.toml"
    empty.write_text("[notify]\ndesktop = false\n")
    code, err = run(capsys, "--config", str(empty), command)
    assert code == 2 and "no [[accounts]]" in err


def test_a_bad_reload_keeps_the_old_config_and_says_so(
    tmp_path: Path, listener: socket.socket, caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(config_text(tmp_path, listener.getsockname()[1], 'remind_every = "6h"\n'))
    config = load_config(path)
    with Store.open(config.store_url) as store:
        watcher = Watcher(path, config, store)
        path.write_text(config_text(tmp_path, listener.getsockname()[1], 'remind_evry = "1h"\n'))
        with caplog.at_level(logging.ERROR):
            assert watcher.reload() is False
        assert watcher.config is config
        assert "reload failed, keeping the previous config" in caplog.text
        assert "notify.remind_evry" in caplog.text and "remind_every" in caplog.text
    assert connections(listener) == 0
