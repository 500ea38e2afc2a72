"""`orders doctor`: the authserv-id learned and pinned, a server that adds no Authentication-Results,
and SQLite quick_check on a damaged store (issue 11, attacks 2, 3 and 9)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from daemon.config import config_from_mapping
from daemon.service.sync import sync_account
from store.repository import Store
from tests.cli.test_cli_poll import run
from tests.daemon import mails
from tests.servers.dovecot import Dovecot
from tests.watch.conftest import new_user

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def _config(tmp_path: Path, dovecot: Dovecot | None, user=None, extra: str = "") -> Path:
    text = f'lang = "en"\n[store]\nurl = "sqlite:///{tmp_path / "orders.db"}"\n[notify]\ndesktop = false\n'
    if dovecot is not None:
        text += (f'[[accounts]]\nname = "{user.name}"\nhost = "127.0.0.1"\nport = {dovecot.imap_port}\n'
                 f'security = "plain"\nusername = "{user.name}"\npassword = "{user.password}"\n{extra}')
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def _checks(capsys, config: Path) -> dict[str, dict]:
    _, out, _ = run(capsys, "--config", str(config), "doctor", "--json")
    return {c["check"]: c for c in json.loads(out)}


def _several_senders(dovecot: Dovecot, user) -> None:
    dovecot.append(user, "INBOX", mails.unrelated(1), mails.cancelled("113-3000000-0000001"),
                   mails.phishing("113-3000000-0000001"), mails.unrelated(2))


@pytest.mark.imap
def test_server_adding_no_authentication_results_is_learned_pinned_and_shown(dovecot, tmp_path, capsys) -> None:
    user = new_user(dovecot)
    _several_senders(dovecot, user)
    config = _config(tmp_path, dovecot, user)
    with Store.open(f"sqlite:///{tmp_path / 'orders.db'}") as store:
        account = config_from_mapping({"accounts": [dovecot.account_table(user)]}).accounts[0]
        account = replace(account, trusted_authserv_ids=None)  # the default: learn it
        assert sync_account(account, store, now=NOW).ok
        assert store.authserv_id(account.name) == ""  # pinned: the server adds none
    check = _checks(capsys, config)[f"account {user.name} authentication"]
    assert check["ok"] and "adds no Authentication-Results" in check["detail"]
    assert check["authserv_id_pinned"] == ""


@pytest.mark.imap
def test_configured_id_the_server_never_writes_is_said_plainly(dovecot, tmp_path, capsys) -> None:
    user = new_user(dovecot)
    _several_senders(dovecot, user)
    config = _config(tmp_path, dovecot, user, 'trusted_authserv_ids = ["mx.example.jp"]\n')
    check = _checks(capsys, config)[f"account {user.name} authentication"]
    assert "does not carry it" in check["detail"] and "forger can write that id" in check["detail"]
    assert "adds no Authentication-Results" in check["detail"]


def test_damaged_sqlite_store_is_reported_with_the_way_back(tmp_path, capsys) -> None:
    config = _config(tmp_path, None)
    db = tmp_path / "orders.db"
    with Store.open(f"sqlite:///{db}") as store:
        from tests.store.factories import result

        store.ingest([(f"m{i}".encode() * 500, _source(i), result(f"m{i}@x", order_ids=("250-1-1",)))
                      for i in range(200)], now=NOW)
    assert _checks(capsys, config)["store integrity"]["ok"]
    data = bytearray(db.read_bytes())
    for page in range(3, len(data) // 4096 - 1, 2):  # scribble over every other page past the schema
        data[page * 4096 + 8: page * 4096 + 64] = b"\xff" * 56
    db.write_bytes(bytes(data))
    check = _checks(capsys, config)["store integrity"]
    assert not check["ok"] and ".recover" in check["detail"]


def _source(i: int):
    from store.domain.model import MailSource

    return MailSource(path=f"/m/{i}.eml")
