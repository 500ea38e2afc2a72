"""One error type: every user-facing error is a UserError, printed once as "what — fix: …"."""

from __future__ import annotations

from pathlib import Path

import pytest

from daemon.cli import main
from daemon.cli.commands.base import CliError
from daemon.config import ConfigError
from daemon.service.imap import ImapError
from daemon.service.notify import NotifyConfigError
from daemon.service.secrets import SecretError
from daemon.service.sources import SourceError
from store.db import StoreError
from store.domain.errors import UserError
from store.domain.rules import RuleSettingsError
from tests.servers.dovecot import free_port


@pytest.mark.parametrize("cls", [CliError, ConfigError, ImapError, NotifyConfigError, SecretError, SourceError,
                                 StoreError, RuleSettingsError])
def test_every_user_facing_error_is_a_user_error(cls: type) -> None:
    assert issubclass(cls, UserError)


def test_what_fix_and_exit_code() -> None:
    err = UserError("the thing broke", "mend it", exit_code=3)
    assert (str(err), err.what, err.fix, err.exit_code) == ("the thing broke — fix: mend it", "the thing broke",
                                                            "mend it", 3)
    assert str(UserError("only what")) == "only what" and UserError("x").exit_code == 1
    assert ConfigError(["a: b — fix: c"]).exit_code == 2


def test_a_failed_poll_says_the_failure_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[[accounts]]\nname = "a"\nhost = "127.0.0.1"\nport = {free_port()}\nsecurity = "plain"\n'
                      f'username = "u"\npassword_env = "HOME"\ntimeout = "5s"\n'
                      f'[store]\nurl = "sqlite:///{tmp_path / "orders.db"}"\n[notify]\ndesktop = false\n')
    capsys.readouterr()
    code = main(["--config", str(config), "poll"])
    out, err = capsys.readouterr()
    assert code == 1
    assert (out + err).count("refused") == 1, (out, err)
    assert "orders: error: account a: connection to 127.0.0.1" in err and " — fix: " in err
    assert "a: FAILED" in out
