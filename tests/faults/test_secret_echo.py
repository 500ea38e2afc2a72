"""A server that echoes the password in its refusal (issue 11, attack 8): poll, poll --json, doctor
and doctor --json never print it — stdout, stderr and the log go through one redaction."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.faults.daemon_run import REPO, cli_argv, cli_env
from tests.servers.hostile_imap import Behaviour, account_table, hostile_imap

SECRET = "s3cret-Echo-pw-42"


@pytest.mark.parametrize("source", ["password_env", "password"])
@pytest.mark.parametrize("args", [["poll"], ["poll", "--json"], ["doctor"], ["doctor", "--json"],
                                  ["-vv", "poll"]])
def test_echoed_password_is_never_printed(tmp_path, args: list[str], source: str) -> None:
    with hostile_imap(Behaviour("echo_login")) as (port, _):
        table = account_table(port)
        del table["password"]
        table[source] = "ORDERS_ECHO_PW" if source == "password_env" else SECRET
        config = tmp_path / "config.toml"
        config.write_text(f'[store]\nurl = "sqlite:///{tmp_path / "o.db"}"\n[notify]\ndesktop = false\n'
                          "[[accounts]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in table.items()))
        config.chmod(0o600)
        env = dict(cli_env(tmp_path), ORDERS_ECHO_PW=SECRET)
        done = subprocess.run(cli_argv(config, *args), env=env, cwd=REPO, capture_output=True, text=True,
                              timeout=120)
    both = done.stdout + done.stderr
    assert "refused" in both or "wrong password" in both, both  # the refusal is reported …
    assert SECRET not in both  # … without the password
    assert "***" in both
