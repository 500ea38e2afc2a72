"""Mail passwords and OAuth2 tokens: where they come from, and a wrapper that never shows them.

A secret comes from the config (``password``), from a command's standard output
(``password_command`` / ``oauth2_token_command``, an argv list run without a shell; the first line
is used, kept in memory only) or from an environment variable (``password_env``). Errors name the
source and the fix, never the value. Each value read is handed to ``daemon.service.logsetup.register_secret``
(when available) so the log formatter masks it even if some library prints it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from typing import TYPE_CHECKING

from daemon.service.logsetup import register_secret
from store.domain.errors import UserError
from store.domain.messages import Msg, os_reason

if TYPE_CHECKING:
    from daemon.config import Account

COMMAND_TIMEOUT = 60.0  # a password manager may ask for a passphrase through its own agent


class Secret:
    """A string whose repr/str are redacted; ``reveal()`` is the only way to the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> object:  # pickling would write the value somewhere: refuse
        raise TypeError("a Secret cannot be pickled")


class SecretError(UserError):
    """The secret could not be obtained. ``what`` and ``fix`` never contain the secret."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(what, fix)


def run_secret_command(argv: Sequence[str], *, key: str, timeout: float = COMMAND_TIMEOUT) -> Secret:
    """Run ``argv`` (no shell) and return the first line of its stdout as a Secret."""
    shown = argv[0] if argv else "(empty)"
    try:
        proc = subprocess.run(list(argv), stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
                              check=False)
    except FileNotFoundError:
        raise SecretError(Msg("secret cmd missing", key=key, cmd=shown), Msg("secret cmd missing fix", key=key)) from None
    except PermissionError:
        raise SecretError(Msg("secret cmd not executable", key=key, cmd=shown), f"chmod +x {shown}") from None
    except subprocess.TimeoutExpired:
        raise SecretError(Msg("secret cmd timeout", key=key, cmd=shown, seconds=timeout),
                          Msg("secret cmd timeout fix")) from None
    except OSError as exc:
        raise SecretError(Msg("secret cmd failed", key=key, cmd=shown, detail=os_reason(exc)),
                          Msg("check key", key=key)) from None
    if proc.returncode != 0:
        # stderr of a failing password manager says why ("not in the password store"); stdout may
        # hold a partial secret and is never shown.
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f": {err[-1][:200]}" if err else ""
        raise SecretError(Msg("secret cmd status", key=key, cmd=shown, status=proc.returncode, detail=detail),
                          Msg("secret cmd status fix"))
    value = proc.stdout.decode("utf-8", "replace").splitlines()[0].strip() if proc.stdout.strip() else ""
    if not value:
        raise SecretError(Msg("secret cmd empty", key=key, cmd=shown), Msg("secret cmd empty fix"))
    register_secret(value)
    return Secret(value)


def account_secret(account: Account) -> Secret:
    """The password (auth = "password") or access token (auth = "xoauth2") of ``account``."""
    where = f"accounts[{account.name}]"
    if account.auth == "xoauth2":
        if not account.oauth2_token_command:
            raise SecretError(Msg("key missing", key=f"{where}.oauth2_token_command"), Msg("token command fix"))
        return run_secret_command(account.oauth2_token_command, key=f"{where}.oauth2_token_command")
    if account.password is not None:
        register_secret(account.password.reveal())
        return account.password
    if account.password_command:
        return run_secret_command(account.password_command, key=f"{where}.password_command")
    if account.password_env:
        value = os.environ.get(account.password_env, "")
        if not value:
            raise SecretError(Msg("env unset", key=f"{where}.password_env", var=account.password_env),
                              Msg("env unset fix", var=account.password_env))
        register_secret(value)
        return Secret(value)
    raise SecretError(Msg("no password", where=where), Msg("set a password source"))
