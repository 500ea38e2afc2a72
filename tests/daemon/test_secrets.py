"""Secrets: redacted everywhere, read from commands and the environment, errors without the value."""

from __future__ import annotations

import pickle
import sys

import pytest

from daemon.config import config_from_mapping
from daemon.service.logsetup import redact
from daemon.service.secrets import Secret, SecretError, account_secret, run_secret_command


def test_secret_is_redacted():
    s = Secret("hunter2-marker")
    assert s.reveal() == "hunter2-marker"
    for shown in (repr(s), str(s), f"{s}", repr([s]), repr({"p": s})):
        assert "hunter2" not in shown
    assert s == Secret("hunter2-marker") and s != Secret("other")
    with pytest.raises(TypeError):
        pickle.dumps(s)


def test_command_first_line_is_the_secret():
    s = run_secret_command([sys.executable, "-c", "print('  first-line-pw  '); print('ignored')"], key="k")
    assert s.reveal() == "first-line-pw"


@pytest.mark.parametrize("code, match", [
    ("import sys; print('leaked-part'); sys.exit(2)", "exited with status 2"),
    ("print('')", "printed nothing"),
])
def test_command_failures_say_what_and_fix(code, match):
    with pytest.raises(SecretError, match=match) as info:
        run_secret_command([sys.executable, "-c", code], key="accounts[a].password_command")
    assert "leaked-part" not in str(info.value)
    assert info.value.what.startswith("accounts[a].password_command: ") and info.value.fix


def test_command_timeout_and_missing_program(tmp_path):
    with pytest.raises(SecretError, match="did not finish within 1 s"):
        run_secret_command([sys.executable, "-c", "import time; time.sleep(5)"], key="k", timeout=1)
    with pytest.raises(SecretError, match="not found"):
        run_secret_command([str(tmp_path / "missing")], key="k")
    script = tmp_path / "not-exec"
    script.write_text("#!/bin/sh\necho x\n")
    with pytest.raises(SecretError, match="not executable"):
        run_secret_command([str(script)], key="k")


def _account(**kw):
    table = {"name": "a", "host": "127.0.0.1", "security": "plain", "username": "u", **kw}
    return config_from_mapping({"accounts": [table]}).accounts[0]


def test_account_secret_sources(monkeypatch):
    assert account_secret(_account(password="inline-pw")).reveal() == "inline-pw"
    monkeypatch.setenv("ORDERS_T_PW", "env-pw")
    assert account_secret(_account(password_env="ORDERS_T_PW")).reveal() == "env-pw"
    cmd = [sys.executable, "-c", "print('cmd-pw')"]
    assert account_secret(_account(password_command=cmd)).reveal() == "cmd-pw"
    tok = account_secret(_account(auth="xoauth2", oauth2_token_command=[sys.executable, "-c", "print('tok')"]))
    assert tok.reveal() == "tok"
    monkeypatch.delenv("ORDERS_T_PW")
    with pytest.raises(SecretError, match="ORDERS_T_PW is not set") as info:
        account_secret(_account(password_env="ORDERS_T_PW"))
    assert "export ORDERS_T_PW" in info.value.fix


def test_secrets_are_registered_for_log_redaction():
    account_secret(_account(password_command=[sys.executable, "-c", "print('registered-secret-xyz')"]))
    assert redact("oops registered-secret-xyz leaked") == "oops *** leaked"
