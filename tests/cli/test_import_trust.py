"""`orders import` and `orders parse` judge mail with the same trust settings as a sync (issue 11,
attack 4): `--account NAME`'s, else the config's only account's; `parse --strict`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli_store import FIXTURES, orders

NO_AUTH = FIXTURES / "jp" / "ordered-strict-authentication-unknown.eml"


def _config(tmp_path: Path, strict: bool) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'lang = "en"\n[store]\nurl = "sqlite:///{tmp_path / "o.db"}"\n'
                    '[[accounts]]\nname = "main"\nhost = "imap.example.jp"\nusername = "u"\npassword_env = "X"\n'
                    f'strict_authentication = {"true" if strict else "false"}\n', encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.mark.parametrize(("strict", "account", "status"), [
    (True, None, "ignored"), (True, "main", "ignored"), (False, "main", "parsed")])
def test_import_uses_the_accounts_settings(capsys, tmp_path, strict: bool, account: str | None, status: str):
    config = _config(tmp_path, strict)
    extra = ["--account", account] if account else []
    code, out, err = orders(capsys, config, "import", str(NO_AUTH), *extra, "--json")
    assert code == 0, err
    assert json.loads(out).get(status) == 1


def test_import_names_an_unknown_account(capsys, tmp_path) -> None:
    code, _, err = orders(capsys, _config(tmp_path, False), "import", str(NO_AUTH), "--account", "nope")
    assert code == 2 and "no such account" in err and "main" in err


def test_parse_strict(capsys, tmp_path) -> None:
    config = _config(tmp_path, False)
    for flags, status in (([], "parsed"), (["--strict"], "ignored")):
        code, out, err = orders(capsys, config, "parse", str(NO_AUTH), "--json", *flags)
        assert code == 0, err
        line = json.loads(out.splitlines()[0])
        assert line["status"] == status and line["auth_source"] == "none"
